import { afterEach, describe, expect, it } from 'vitest';
import { startCore } from '../../helpers/temp-core';
import { settle, startSink, type Sink, type TestCore } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('retry policy mftplus (seed 004)', () => {
  it('retries after 1 min, 5 min, 30 min, 2 h (1000x compressed), then Failed', async () => {
    const core: TestCore = await startCore();
    const sink: Sink = await startSink(() => ({ status: 500 }));
    cleanups.push(
      () => core.close(),
      () => sink.close(),
    );
    await core.call('settings.update', { dispatchTimeCompression: 1000 });
    const ep = await core.call('endpoints.create', { name: 'm', url: sink.url, topics: ['transfer.failed'] });
    expect(ep.retry).toBe('mftplus');
    const sent = await core.call('events.send', { topic: 'transfer.failed' });
    const d = await settle(core, sent.deliveryIds[0], ['failed'], 15_000);
    expect(d.attempts).toBe(5);
    expect(d.maxAttempts).toBe(5);
    const gaps = sink.received.slice(1).map((r, i) => r.at - sink.received[i].at);
    [60, 300, 1800, 7200].forEach((ms, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(ms - 10);
      expect(gaps[i]).toBeLessThan(ms + 2000); // never early; late only by scheduling on a loaded machine
    });
  }, 20_000);
});
