import { afterEach, describe, expect, it } from 'vitest';
import { send, startReceiver, waitFor, type TestCore } from './helpers';

const cores: TestCore[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

describe('pausing the receiver (tray, Settings)', () => {
  it('closes the port, keeps settings changes for later, and resumes capturing', async () => {
    const { core, base } = await startReceiver();
    cores.push(core);
    const changes: Array<{ running: boolean; paused: boolean }> = [];
    core.events.subscribe(
      (e, p) => e === 'receiver.changed' && changes.push(p as { running: boolean; paused: boolean }),
    );
    await send(`${base}/default/before`, { method: 'POST', body: 'a' });

    const paused = await core.call('receiver.pause', { paused: true });
    expect(paused).toMatchObject({ running: false, paused: true, http: null, baseUrls: [], error: null });
    // Nothing listens any more: a sender gets connection refused, and nothing is stored.
    await expect(send(`${base}/default/while-paused`, { method: 'POST', body: 'b' })).rejects.toThrow();
    // Pausing twice changes nothing; a settings change while paused binds nothing.
    await core.call('receiver.pause', { paused: true });
    await core.call('settings.update', { receiverMaxHeaderBytes: 8192 });
    expect((await core.call('receiver.status')).running).toBe(false);

    const resumed = await core.call('receiver.pause', { paused: false });
    expect(resumed).toMatchObject({ running: true, paused: false, error: null });
    const again = resumed.baseUrls[0]!;
    expect((await send(`${again}/default/after`, { method: 'POST', body: 'c' })).status).toBe(200);
    const { items } = await waitFor(
      () => core.call('requests.list', { inbox: 'default' }),
      (r) => r.items.length === 2,
    );
    expect(items.map((i) => i.path).sort()).toEqual(['/after', '/before']);
    expect(changes.map((c) => c.paused)).toEqual([true, false]);
  });
});
