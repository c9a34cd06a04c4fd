import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore, tempDir } from '../../helpers/temp-core';
import { spawnFixture, useCleanups } from '../helpers/fixture-process';
import { startSink, until } from '../dispatcher/helpers';

const cleanups = useCleanups();

const FIXTURE = path.join(__dirname, 'fixtures', 'replay-runner.ts');
const N = 60;

describe('a replay run killed mid-way', () => {
  it('continues after a restart, reports what may have been in flight, and sends nothing twice under a new id', async () => {
    const dataDir = tempDir('hookbench-replay-kill-');
    const sink = await startSink(() => ({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      delayMs: 30,
    }));
    cleanups.push(() => sink.close());
    const { child, out, err, exited } = spawnFixture(FIXTURE, [dataDir, `${sink.url}/in`, String(N)], cleanups);

    await until(() => /RUN \S+/.test(out()) || err().length > 0, 30_000);
    expect(err()).toBe('');
    const runId = /RUN (\S+)/.exec(out())![1];
    await sink.waitFor(N + 10, 15_000); // the originals, then some replays
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const replayedBeforeKill = sink.received.length - N;
    expect(replayedBeforeKill).toBeLessThan(N);

    const core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    const run = await until(async () => {
      const r = (await core.call('runs.get', { id: runId })).run;
      return r.status === 'completed' ? r : null;
    }, 20_000);
    expect(run.counts.total).toBe(N);
    expect(run.counts.pending).toBe(0);
    expect(run.counts.done + run.counts.notSent).toBe(N);
    expect(run.counts.notSent).toBeLessThanOrEqual(8); // at most the items claimed: in flight and next (2 × concurrency 4)
    expect(run.counts.done).toBeGreaterThanOrEqual(N - 8); // the rest went out after the restart

    const originals = new Set((await core.call('deliveries.list', { limit: 1000 })).items.map((d) => d.id));
    const perItem = new Map<number, Set<string>>();
    for (const r of sink.received) {
      const id = String(r.headers['webhook-id']);
      if (originals.has(id)) continue;
      const i = JSON.parse(r.body.toString()).i as number;
      if (!perItem.has(i)) perItem.set(i, new Set());
      perItem.get(i)!.add(id);
    }
    for (const ids of perItem.values()) expect(ids.size).toBe(1); // never a second new id for one item
    const notSent = await core.call('runs.get', { id: runId, filter: 'not_sent' });
    for (const it of notSent.items) expect(it.error).toMatch(/may or may not have arrived/);
    expect(perItem.size).toBeGreaterThanOrEqual(run.counts.done);
  });
});
