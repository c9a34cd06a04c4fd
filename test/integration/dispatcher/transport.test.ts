import net from 'node:net';
import { generate } from 'selfsigned';
import { describe, expect, it } from 'vitest';
import { useCleanups } from '../helpers/fixture-process';
import { settle, startSink, until, useCoreAndSink } from './helpers';

const cleanups = useCleanups();
const setup = useCoreAndSink(cleanups);

describe('transport and flow control', () => {
  it('pause holds deliveries (nothing discarded); resume drains them', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', { name: 'p', url: sink.url, topics: ['a.b'] });
    await core.call('endpoints.pause', { id: ep.id });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(...(await core.call('events.send', { topic: 'a.b', payload: { i } })).deliveryIds);
    expect(ids).toHaveLength(5);
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.received).toHaveLength(0);
    expect((await core.call('deliveries.list', { endpointId: ep.id, status: 'pending' })).total).toBe(5);
    expect((await core.call('endpoints.get', { id: ep.id })).health.queued).toBe(5);
    await core.call('endpoints.resume', { id: ep.id });
    await sink.waitFor(5, 5000);
    await until(async () => (await core.call('deliveries.list', { status: 'succeeded' })).total === 5, 3000);
    expect(sink.received.map((r) => JSON.parse(r.body.toString()).i).sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('times out an endpoint that does not answer, in words', async () => {
    const { core, sink } = await setup(() => 'hang');
    await core.call('endpoints.create', {
      name: 't',
      url: sink.url,
      topics: ['a.b'],
      timeoutSeconds: 0.5,
      retry: { delays: [] },
    });
    const t0 = Date.now();
    const sent = await core.call('events.send', { topic: 'a.b', payload: {} });
    const d = await settle(core, sent.deliveryIds[0], ['failed'], 5000);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(d.attemptList[0].error?.code).toBe('timeout');
    expect(d.attemptList[0].error?.message).toMatch(/did not answer within 0.5 s/);
    expect(d.attemptList[0].timings.totalMs).toBeGreaterThanOrEqual(490);
  });

  it('reports a refused connection and a dropped one in words', async () => {
    const { core, sink } = await setup(() => 'drop');
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await core.call('endpoints.create', {
      name: 'c',
      url: `http://127.0.0.1:${port}/x`,
      topics: ['a.b'],
      retry: { delays: [] },
    });
    await core.call('endpoints.create', { name: 'd', url: sink.url, topics: ['c.d'], retry: { delays: [] } });
    const a = await core.call('events.send', { topic: 'a.b', payload: {} });
    const b = await core.call('events.send', { topic: 'c.d', payload: {} });
    const da = await settle(core, a.deliveryIds[0], ['failed']);
    expect(da.attemptList[0].error).toMatchObject({ code: 'connection_refused' });
    expect(da.attemptList[0].error?.message).toMatch(/Connection refused: nothing is listening/);
    const db = await settle(core, b.deliveryIds[0], ['failed']);
    expect(db.attemptList[0].error?.code).toBe('connection_reset');
  });

  it('refuses a self-signed certificate with a clear error unless allowed for the endpoint', async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
    });
    const { core, sink } = await setup(undefined, { key: pems.private, cert: pems.cert });
    const ep = await core.call('endpoints.create', {
      name: 's',
      url: `${sink.url}/tls`,
      topics: ['a.b'],
      retry: { delays: [] },
    });
    const a = await core.call('events.send', { topic: 'a.b', payload: {} });
    const d = await settle(core, a.deliveryIds[0], ['failed', 'succeeded']);
    expect(d.status).toBe('failed');
    expect(d.attemptList[0].error?.code).toBe('tls_self_signed');
    expect(d.attemptList[0].error?.message).toMatch(/self-signed certificate/);
    expect(sink.received).toHaveLength(0);
    await core.call('endpoints.update', { id: ep.id, allowSelfSigned: true });
    const b = await core.call('events.send', { topic: 'a.b', payload: {} });
    expect((await settle(core, b.deliveryIds[0], ['failed', 'succeeded'])).status).toBe('succeeded');
    expect(sink.received).toHaveLength(1);
  });

  it("keeps to the endpoint's concurrency and rate limits", async () => {
    let open = 0;
    let peak = 0;
    const { core, sink } = await setup(() => ({ status: 204 }));
    const slow = await startSink((_r) => {
      open++;
      peak = Math.max(peak, open);
      return 'hang';
    });
    cleanups.push(() => slow.close());
    await core.call('endpoints.create', {
      name: 'c',
      url: slow.url,
      topics: ['a.b'],
      maxConcurrency: 2,
      timeoutSeconds: 0.3,
      retry: { delays: [] },
    });
    for (let i = 0; i < 6; i++) await core.call('events.send', { topic: 'a.b', payload: { i } });
    await slow.waitFor(2, 2000);
    await new Promise((r) => setTimeout(r, 150));
    expect(slow.received).toHaveLength(2);
    expect(peak).toBe(2);
    await core.call('endpoints.create', { name: 'r', url: sink.url, topics: ['r.s'], rateLimitPerSecond: 5 });
    const t0 = Date.now();
    for (let i = 0; i < 10; i++) await core.call('events.send', { topic: 'r.s', payload: { i } });
    await sink.waitFor(10, 5000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('cancels a pending delivery', async () => {
    const { core, sink } = await setup();
    const ep = await core.call('endpoints.create', { name: 'p', url: sink.url, topics: ['a.b'] });
    await core.call('endpoints.pause', { id: ep.id });
    const { deliveryIds } = await core.call('events.send', { topic: 'a.b', payload: {} });
    const c = await core.call('deliveries.cancel', { id: deliveryIds[0] });
    expect(c.status).toBe('cancelled');
    await core.call('endpoints.resume', { id: ep.id });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received).toHaveLength(0);
    const again = await core.invoke('deliveries.cancel', { id: deliveryIds[0] });
    expect(!again.ok && again.error.code).toBe('conflict');
  });
});
