import path from 'node:path';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startCore, tempDir } from '../../helpers/temp-core';
import { spawnFixture, useCleanups } from '../helpers/fixture-process';

const cleanups = useCleanups();
const FIXTURE = path.join(__dirname, 'fixtures', 'crash-receiver.ts');

const until = async (ok: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('receiver crash safety', () => {
  it('every request answered before a kill -9 is stored, whole, after a restart', async () => {
    const dataDir = tempDir('hookbench-receiver-crash-');
    const { child, out, err, exited } = spawnFixture(FIXTURE, [dataDir], cleanups);
    await until(() => /PORT \d+/.test(out()) || err().length > 0, 30_000);
    expect(err()).toBe('');
    const port = Number(/PORT (\d+)/.exec(out())![1]);
    const agent = new Agent({ connections: 16 });
    cleanups.push(() => agent.close());

    // 16 senders in parallel, each request with its own number and body, until the kill.
    const answered = new Map<number, string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (!killed) {
        const n = next++;
        const body = JSON.stringify({ n, pad: 'x'.repeat(n % 3000) });
        try {
          const res = await request(`http://127.0.0.1:${port}/default/crash?n=${n}`, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
            dispatcher: agent,
          });
          await res.body.dump();
          if (res.statusCode === 200) answered.set(n, body);
        } catch {
          // The kill cut it off: not answered, so it may or may not be stored.
        }
      }
    };
    const senders = Array.from({ length: 16 }, sender);
    await until(() => answered.size >= 400, 30_000);
    child.kill('SIGKILL');
    killed = true;
    expect(await exited).toBe('SIGKILL');
    await Promise.all(senders);

    const core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    const stored = new Map<number, string>();
    for (const r of core.db.prepare("SELECT query, body FROM requests WHERE inbox = 'default'").all() as {
      query: string;
      body: Buffer;
    }[])
      stored.set(Number(r.query.slice(2)), r.body.toString('utf8'));
    const lost = [...answered.keys()].filter((n) => stored.get(n) !== answered.get(n));
    expect(lost).toEqual([]);
    expect(answered.size).toBeGreaterThanOrEqual(400);
    // The store's numbering and the inbox's count go on from what survived.
    const list = await core.call('requests.list', { inbox: 'default', limit: 1 });
    expect(list.total).toBe(stored.size);
  }, 90_000);
});
