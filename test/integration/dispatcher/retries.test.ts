import { afterEach, describe, expect, it } from 'vitest';
import { startCore } from '../../helpers/temp-core';
import { settle, startSink, until, type Reply, type Sink, type TestCore } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(reply: Reply, compression = 1): Promise<{ core: TestCore; sink: Sink }> {
  const core = await startCore();
  const sink = await startSink(reply);
  cleanups.push(
    () => core.close(),
    () => sink.close(),
  );
  if (compression !== 1) await core.call('settings.update', { dispatchTimeCompression: compression });
  return { core, sink };
}

const gaps = (sink: Sink) => sink.received.slice(1).map((r, i) => r.at - sink.received[i].at);

async function sendTo(core: TestCore, sink: Sink, fields: Record<string, unknown> = {}) {
  const ep = await core.call('endpoints.create', { name: 'r', url: sink.url, topics: ['t.x'], ...fields });
  const sent = await core.call('events.send', { topic: 't.x', payload: { n: 1 } });
  return { ep, id: sent.deliveryIds[0] };
}

describe('retry policies', () => {
  it('standard-webhooks: immediately, then 5 s, 5 min, 30 min… (1000x compressed), 8 attempts in all', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n <= 3 ? 503 : 204 }), 1000);
    const { id } = await sendTo(core, sink, { retry: 'standard-webhooks' });
    const d = await settle(core, id, ['succeeded', 'failed'], 8000);
    expect(d.status).toBe('succeeded');
    expect(d.maxAttempts).toBe(8);
    expect(d.attemptList.map((a) => a.response?.status)).toEqual([503, 503, 503, 204]);
    const planned = d.attemptList
      .slice(0, 3)
      .map((a) => (a.nextAttemptAt ?? 0) - (a.startedAt + a.timings.totalMs));
    [5, 300, 1800].forEach((ms, i) => {
      expect(planned[i]).toBeGreaterThanOrEqual(ms - 5);
      expect(planned[i]).toBeLessThan(ms + 100);
    });
    const real = gaps(sink);
    [5, 300, 1800].forEach((ms, i) => {
      expect(real[i]).toBeGreaterThanOrEqual(ms - 10);
      // Real arrival may lag on a loaded machine; the exact schedule is checked on `planned` above.
      expect(real[i]).toBeLessThan(ms + 2000);
    });
    expect(new Set(sink.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    // Each attempt is signed afresh with its own timestamp (attempts within one second share it).
    const stamps = sink.received.map((r) => Number(r.headers['webhook-timestamp']));
    expect(stamps[3]).toBeGreaterThan(stamps[0]);
    expect(sink.received[3].headers['webhook-signature']).not.toBe(
      sink.received[0].headers['webhook-signature'],
    );
  });

  it('exponential: doubling delays with ±25 % jitter, then failed', async () => {
    const { core, sink } = await setup(() => ({ status: 500 }), 1000);
    const { id } = await sendTo(core, sink, { retry: 'exponential' });
    const d = await settle(core, id, ['failed'], 8000);
    expect(d.attempts).toBe(9);
    expect(sink.received).toHaveLength(9);
    const planned = d.attemptList
      .slice(0, 8)
      .map((a) => (a.nextAttemptAt ?? 0) - (a.startedAt + a.timings.totalMs));
    [5, 10, 20, 40, 80, 160, 320, 640].forEach((ms, i) => {
      expect(planned[i]).toBeGreaterThanOrEqual(Math.floor(ms * 0.75) - 2);
      expect(planned[i]).toBeLessThanOrEqual(Math.ceil(ms * 1.25) + 2);
    });
    expect(d.attemptList[8].nextAttemptAt).toBeNull();
  });

  it('custom delays in seconds, uncompressed; Failed after the last attempt', async () => {
    const { core, sink } = await setup(() => ({ status: 502 }));
    const { id } = await sendTo(core, sink, { retry: { delays: [0.3, 0.6] } });
    const d = await settle(core, id, ['failed'], 5000);
    expect(d.attempts).toBe(3);
    expect(d.lastStatus).toBe(502);
    const [g1, g2] = gaps(sink);
    expect(g1).toBeGreaterThanOrEqual(290);
    expect(g1).toBeLessThan(700);
    expect(g2).toBeGreaterThanOrEqual(590);
    expect(g2).toBeLessThan(1000);
  });

  it('honours Retry-After (pushes the retry out, within bounds)', async () => {
    const { core, sink } = await setup((_r, n) =>
      n === 1 ? { status: 429, headers: { 'Retry-After': '2' } } : { status: 204 },
    );
    const { id } = await sendTo(core, sink, { retry: { delays: [0.1] } });
    const d = await settle(core, id, ['succeeded', 'failed'], 6000);
    expect(d.status).toBe('succeeded');
    expect(gaps(sink)[0]).toBeGreaterThanOrEqual(1990);
    expect(gaps(sink)[0]).toBeLessThan(2600);
  });

  it('stops on 401 (no retry) and on a redirect (never followed)', async () => {
    const { core, sink } = await setup((r) =>
      r.url === '/auth'
        ? { status: 401 }
        : r.url === '/moved'
          ? { status: 302, headers: { Location: '/elsewhere' } }
          : { status: 204 },
    );
    const a = await sendTo(core, sink, { url: `${sink.url}/auth`, retry: { delays: [0.05, 0.05] } });
    const d = await settle(core, a.id, ['failed'], 3000);
    expect(d.attempts).toBe(1);
    expect(d.attemptList[0].error?.code).toBe('unauthorized');
    const ep2 = await core.call('endpoints.create', {
      name: 'm',
      url: `${sink.url}/moved`,
      topics: ['u.v'],
      retry: { delays: [0.05] },
    });
    const sent = await core.call('events.send', { topic: 'u.v', payload: {} });
    const m = await settle(core, sent.deliveryIds[0], ['failed'], 3000);
    expect(m.attempts).toBe(1);
    expect(m.attemptList[0].error).toMatchObject({ code: 'redirect' });
    expect(m.attemptList[0].error?.message).toMatch(/never follows redirects/);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received.filter((r) => r.url === '/elsewhere')).toHaveLength(0);
    expect(ep2.id).toBeTruthy();
  });

  it('410 disables the endpoint and tells the user; reactivate brings it back', async () => {
    const { core, sink } = await setup(() => ({ status: 410 }));
    const notices: unknown[] = [];
    core.events.subscribe((name, payload) => name === 'endpoints.disabled' && notices.push(payload));
    const { ep, id } = await sendTo(core, sink, { retry: { delays: [0.05] } });
    const d = await settle(core, id, ['failed'], 3000);
    expect(d.attempts).toBe(1);
    const after = await core.call('endpoints.get', { id: ep.id });
    expect(after.state).toBe('disabled');
    expect(after.disabledReason).toMatch(/410/);
    expect(notices).toEqual([expect.objectContaining({ id: ep.id, reason: 'gone' })]);
    const next = await core.call('events.send', { topic: 't.x', payload: {} });
    expect(next.deliveryIds).toHaveLength(0);
    expect((await core.call('endpoints.reactivate', { id: ep.id })).state).toBe('active');
  });

  it('disables an endpoint after N consecutive failed deliveries (setting)', async () => {
    const { core, sink } = await setup(() => ({ status: 500 }));
    await core.call('settings.update', { dispatchDisableAfterFailures: 2 });
    const notices: { reason: string }[] = [];
    core.events.subscribe(
      (name, payload) => name === 'endpoints.disabled' && notices.push(payload as { reason: string }),
    );
    const ep = await core.call('endpoints.create', {
      name: 'f',
      url: sink.url,
      topics: ['t.x'],
      retry: { delays: [] },
    });
    const a = await core.call('events.send', { topic: 't.x', payload: { n: 1 } });
    await settle(core, a.deliveryIds[0], ['failed']);
    expect((await core.call('endpoints.get', { id: ep.id })).state).toBe('active');
    const b = await core.call('events.send', { topic: 't.x', payload: { n: 2 } });
    await settle(core, b.deliveryIds[0], ['failed']);
    await until(async () => (await core.call('endpoints.get', { id: ep.id })).state === 'disabled', 2000);
    expect(notices[0]?.reason).toBe('failures');
    expect((await core.call('endpoints.get', { id: ep.id })).health.consecutiveFailures).toBe(2);
  });

  it('does not count failed pings as failures, nor let a ping reset the count', async () => {
    let status = 500;
    const { core, sink } = await setup(() => ({ status }));
    await core.call('settings.update', { dispatchDisableAfterFailures: 3 });
    const ep = await core.call('endpoints.create', {
      name: 'p',
      url: sink.url,
      topics: ['t.x'],
      retry: { delays: [] },
    });
    const failures = async () => (await core.call('endpoints.get', { id: ep.id })).health.consecutiveFailures;
    const deliver = async (n: number, outcome: string) => {
      const sent = await core.call('events.send', { topic: 't.x', payload: { n } });
      await settle(core, sent.deliveryIds[0], [outcome]);
    };
    const ping = async (outcome: string) => {
      const sent = await core.call('endpoints.ping', { id: ep.id });
      await settle(core, sent.deliveryIds[0], [outcome]);
    };
    await deliver(1, 'failed');
    await until(async () => (await failures()) === 1, 2000);
    // Two failed pings, then a failed delivery: two failures, not four (which would have disabled it at three).
    await ping('failed');
    await ping('failed');
    await deliver(2, 'failed');
    await until(async () => (await failures()) === 2, 2000);
    expect((await core.call('endpoints.get', { id: ep.id })).state).toBe('active');
    // A successful ping does not reset the count either: the next failed delivery is the third.
    status = 204;
    await ping('succeeded');
    status = 500;
    await deliver(3, 'failed');
    await until(async () => (await core.call('endpoints.get', { id: ep.id })).state === 'disabled', 2000);
    expect(await failures()).toBe(3);
  });

  it('manual resend after Failed: one more attempt, same delivery id', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n === 1 ? 500 : 200 }));
    const { id } = await sendTo(core, sink, { retry: { delays: [] } });
    await settle(core, id, ['failed']);
    const again = await core.call('deliveries.retry', { id });
    expect(['pending', 'retrying']).toContain(again.status);
    const d = await settle(core, id, ['succeeded', 'failed']);
    expect(d.status).toBe('succeeded');
    expect(d.attemptList.map((a) => a.manual)).toEqual([false, true]);
    expect(sink.received[0].headers['webhook-id']).toBe(sink.received[1].headers['webhook-id']);
  });
  it('a resend clicked the instant a delivery reads "Failed" is taken, not refused as in flight', async () => {
    // Each delivery fails once, and its resend succeeds (so the endpoint is never auto-disabled).
    const { core, sink } = await setup((_r, n) => ({ status: n % 2 ? 500 : 200 }));
    const ep = await core.call('endpoints.create', { name: 'r', url: sink.url, topics: ['t.x'], retry: { delays: [] } });
    for (let i = 0; i < 15; i++) {
      const { deliveryIds } = await core.call('events.send', { topic: 't.x', payload: { i } });
      // Poll as tightly as a UI reacting to the row's change would, then resend at once.
      while ((await core.call('deliveries.get', { id: deliveryIds[0] })).status !== 'failed') {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const again = await core.call('deliveries.retry', { id: deliveryIds[0] });
      expect(again.id).toBe(deliveryIds[0]);
      expect((await settle(core, deliveryIds[0], ['succeeded', 'failed'])).status).toBe('succeeded');
    }
    expect(sink.received).toHaveLength(30);
    expect(ep.id).toBeTruthy();
  });
  it('every attempt (retries included) resends the exact body bytes, which deliveries.get shows', async () => {
    const { core, sink } = await setup((_r, n) => ({ status: n <= 2 ? 503 : 204 }), 1000);
    const payload = { text: 'héllo ✓ 日本 \u{1F600}', n: [1, 2.5, null], nested: { a: '"quoted"' } };
    const ep = await core.call('endpoints.create', {
      name: 'b',
      url: sink.url,
      topics: ['t.b'],
      retry: { delays: [1, 1] },
    });
    const other = await core.call('endpoints.create', {
      name: 'b2',
      url: sink.url,
      topics: ['t.b'],
      retry: { delays: [1, 1] },
    });
    const sent = await core.call('events.send', { topic: 't.b', payload });
    expect(sent.deliveryIds).toHaveLength(2);
    for (const id of sent.deliveryIds) {
      const d = await settle(core, id, ['succeeded', 'failed'], 8000);
      expect(d.status).toBe('succeeded');
      expect(d.body.text).toBe(JSON.stringify(payload));
    }
    const expected = Buffer.from(JSON.stringify(payload), 'utf8');
    expect(sink.received.length).toBeGreaterThanOrEqual(4);
    for (const r of sink.received) expect(Buffer.compare(r.body, expected)).toBe(0);
    expect(ep.id).not.toBe(other.id);
  });
});
