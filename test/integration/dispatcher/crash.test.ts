import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCore, tempDir } from '../../helpers/temp-core';
import { spawnFixture, useCleanups } from '../helpers/fixture-process';
import { startSink, until } from './helpers';

const cleanups = useCleanups();

const FIXTURE = path.join(__dirname, 'fixtures', 'crash-sender.ts');
const N = 200;

describe('crash safety', () => {
  it('a process killed mid-way through N deliveries loses none after restart; duplicates share a delivery id', async () => {
    const dataDir = tempDir('hookbench-crash-');
    const sink = await startSink(() => ({ status: 204, delayMs: 25 }));
    cleanups.push(() => sink.close());
    const { child, out, err, exited } = spawnFixture(FIXTURE, [dataDir, `${sink.url}/in`, String(N)], cleanups);

    await until(() => out().includes('ENQUEUED') || err().length > 0, 20_000);
    expect(err()).toBe('');
    await sink.waitFor(N / 4, 10_000);
    expect(sink.received.length).toBeLessThan(N);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const beforeRestart = sink.received.length;

    const core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    await until(
      async () => (await core.call('deliveries.list', { status: 'succeeded', limit: 1 })).total === N,
      20_000,
      50,
    );

    const byIndex = new Map<number, Set<string>>();
    for (const r of sink.received) {
      const i = JSON.parse(r.body.toString()).i as number;
      if (!byIndex.has(i)) byIndex.set(i, new Set());
      byIndex.get(i)!.add(String(r.headers['webhook-id']));
    }
    expect(byIndex.size).toBe(N);
    for (const ids of byIndex.values()) expect(ids.size).toBe(1);
    expect(new Set(sink.received.map((r) => r.headers['webhook-id'])).size).toBe(N);
    expect(sink.received.length).toBeGreaterThanOrEqual(N);
    expect(beforeRestart).toBeGreaterThan(0);
    if (process.env.HOOKBENCH_DEBUG)
      console.log({ beforeRestart, received: sink.received.length, duplicates: sink.received.length - N });
    const all = await core.call('deliveries.list', { limit: 1 });
    expect(all.total).toBe(N);
  }, 60_000);
});
