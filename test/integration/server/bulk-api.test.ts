import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { silentLogger } from '../../../src/core/util/logger';
import { startCore } from '../../helpers/temp-core';
import { startSink, type Sink } from '../dispatcher/helpers';
import { apiClient, until } from './api-client';

/**
 * Bulk actions of the delivery log and the inbox list through the headless host ("select all
 * matching"): cancel the held deliveries, delete finished ones by ids or by filter (held ones are
 * skipped), export them as JSON with their attempts, and delete every captured request matching a
 * query. Bad input is a 400 that changes nothing.
 */

const TOKEN = 'bulk-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let sink: Sink;
let api: ReturnType<typeof apiClient>;
let sse: Awaited<ReturnType<ReturnType<typeof apiClient>['events']>>;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
  api = apiClient(host.url, TOKEN);
  sink = await startSink((r) => ({
    status: r.body.includes('"bad":true') ? 500 : 200,
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
  }));
  sse = await api.events();
});
afterAll(async () => {
  await sse?.close();
  await sink?.close();
  await host?.close();
  await core?.close();
});

const list = (input: Record<string, unknown>) => api.call('deliveries.list', { limit: 100, ...input });

describe('bulk actions on deliveries through the HTTP API', () => {
  let live = '';
  let held = '';

  it('cancels every held delivery matching a filter and skips the finished ones', async () => {
    live = (await api.call('endpoints.create', { name: 'live', url: `${sink.url}/live`, topics: ['bulk.*'], retry: { delays: [] } })).id;
    held = (await api.call('endpoints.create', { name: 'held', url: `${sink.url}/held`, topics: ['held.*'], retry: { delays: [] } })).id;
    await api.call('endpoints.pause', { id: held });
    for (let i = 0; i < 6; i++) await api.call('events.send', { topic: 'bulk.done', payload: { n: i, bad: i % 3 === 0 } });
    for (let i = 0; i < 4; i++) await api.call('events.send', { topic: 'held.wait', payload: { n: i } });
    await until(async () => (await list({ endpointId: live, statuses: ['succeeded', 'failed'] })).total === 6);
    expect((await list({ endpointId: held, status: 'pending' })).total).toBe(4);

    // Everything: 4 held ones cancelled, the 6 finished ones skipped.
    const r = await api.call('deliveries.cancelMany', { filter: {} });
    expect(r).toEqual({ cancelled: 4, skipped: 6 });
    expect((await list({ endpointId: held, status: 'cancelled' })).total).toBe(4);
    await sse.waitFor('deliveries.updated', (d) => d.items.some((x: { status: string }) => x.status === 'cancelled'));
    // Resuming the endpoint sends none of them.
    await api.call('endpoints.resume', { id: held });
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.received.filter((x) => x.url === '/held')).toHaveLength(0);
  });

  it('exports the selection as JSON with each attempt, request and answer', async () => {
    const failed = (await list({ endpointId: live, responseStatus: '5xx' })).items.map((d: { id: string }) => d.id);
    expect(failed).toHaveLength(2);
    const file = await api.call('deliveries.export', { ids: failed });
    expect(file.count).toBe(2);
    expect(file.filename).toMatch(/^hookbench-deliveries-.*\.json$/);
    const parsed = JSON.parse(file.content);
    expect(parsed.format).toBe('hookbench.deliveries');
    expect(parsed.items.map((d: { id: string }) => d.id).sort()).toEqual([...failed].sort());
    expect(parsed.items[0].attemptList[0].response.status).toBe(500);
    expect(JSON.parse(parsed.items[0].body.text)).toMatchObject({ bad: true });
    // By filter: the newest `limit`.
    const byFilter = await api.call('deliveries.export', { filter: { endpointId: live }, limit: 4 });
    expect(byFilter.count).toBe(4);
    // An id that does not exist is a 404, not a shorter file.
    await expect(api.call('deliveries.export', { ids: [failed[0], 'msg_nope'] })).rejects.toMatchObject({ status: 404 });
  });

  it('deletes by ids and by filter, in batches, skipping held deliveries; attempts go with them', async () => {
    const before = await list({});
    expect(before.total).toBe(10);
    const failed = (await list({ responseStatus: '5xx' })).items.map((d: { id: string }) => d.id);
    const r1 = await api.call('deliveries.deleteMany', { ids: failed });
    expect(r1).toEqual({ deleted: 2, skipped: 0 });
    await sse.waitFor('deliveries.deleted', (d) => d.count === 2 && d.ids.includes(failed[0]));
    await expect(api.call('deliveries.get', { id: failed[0] })).rejects.toMatchObject({ status: 404 });
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_attempts a JOIN dispatch_deliveries d ON d.seq = a.delivery_seq').get() as { n: number }).n).toBe(4);
    // Attempts of deleted deliveries are gone too (cascade), and so are events no delivery uses.
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_attempts').get() as { n: number }).n).toBe(4);
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_events').get() as { n: number }).n).toBe(8);

    // A held delivery is skipped: hold one more, then delete everything.
    await api.call('endpoints.pause', { id: held });
    const pending = (await api.call('events.send', { topic: 'held.wait', payload: { n: 99 } })).deliveryIds[0];
    const r2 = await api.call('deliveries.deleteMany', { filter: {} });
    expect(r2).toEqual({ deleted: 8, skipped: 1 });
    const after = await list({});
    expect(after.items.map((d: { id: string }) => d.id)).toEqual([pending]);
    // With a limit, only that many (the oldest first).
    await api.call('deliveries.cancelMany', { ids: [pending] });
    expect(await api.call('deliveries.deleteMany', { filter: { statuses: ['cancelled'] }, limit: 1 })).toEqual({ deleted: 1, skipped: 0 });
  });

  it('refuses bad input with a 400 that changes nothing', async () => {
    await api.call('endpoints.resume', { id: live });
    const id = (await api.call('events.send', { topic: 'bulk.keep', payload: { n: 1 } })).deliveryIds[0];
    await until(async () => (await api.call('deliveries.get', { id })).status === 'succeeded');
    const bad: [string, unknown][] = [
      ['deliveries.deleteMany', {}],
      ['deliveries.deleteMany', { ids: [id], filter: {} }],
      ['deliveries.deleteMany', { ids: [] }],
      ['deliveries.deleteMany', { ids: Array.from({ length: 10_001 }, (_, i) => `msg_${i}`) }],
      ['deliveries.deleteMany', { filter: {}, limit: 0 }],
      ['deliveries.deleteMany', { filter: {}, limit: 1_000_001 }],
      ['deliveries.deleteMany', { filter: { statuses: ['gone'] } }],
      ['deliveries.deleteMany', { filter: { nope: 1 } }],
      ['deliveries.deleteMany', { filter: {}, extra: true }],
      ['deliveries.cancelMany', { ids: [''] }],
      ['deliveries.cancelMany', 'everything'],
      ['deliveries.export', { filter: {}, limit: 10_001 }],
      ['deliveries.export', { ids: ['x'.repeat(201)] }],
      ['requests.deleteMatching', {}],
      ['requests.deleteMatching', { inbox: 'ok', limit: 2_000_000 }],
      ['requests.deleteMatching', { inbox: 'ok', query: { text: 'x'.repeat(1001) } }],
    ];
    for (const [method, input] of bad)
      await expect(api.call(method, input), `${method} ${JSON.stringify(input).slice(0, 80)}`).rejects.toMatchObject({ status: 400 });
    expect((await api.call('deliveries.get', { id })).status).toBe('succeeded');
    expect((await list({})).total).toBe(1);
    await expect(api.call('requests.deleteMatching', { inbox: 'no-such-inbox' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('bulk delete of captured requests through the HTTP API', () => {
  it('deletes every request matching a query (not only the loaded ones) and keeps the others', async () => {
    await api.call('inboxes.create', { slug: 'bulk' });
    const base = (await api.call('receiver.status')).http.baseUrl;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/bulk/${i % 3 === 0 ? 'orders' : 'users'}/${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ i }),
      });
      expect(res.status).toBeLessThan(300);
    }
    await until(async () => (await api.call('requests.list', { inbox: 'bulk' })).total === 12);
    // The UI has loaded a page of 2; "all 8 matching" is server-side.
    const page = await api.call('requests.list', { inbox: 'bulk', limit: 2, query: { path: '/users' } });
    expect(page.total).toBe(8);
    const r = await api.call('requests.deleteMatching', { inbox: 'bulk', query: { path: '/users' } });
    expect(r).toEqual({ deleted: 8 });
    await sse.waitFor('requests.deleted', (d) => d.inbox === 'bulk' && (d.ids === null || d.ids.length === 8));
    const left = await api.call('requests.list', { inbox: 'bulk' });
    expect(left.total).toBe(4);
    expect(left.items.every((x: { path: string }) => x.path.startsWith('/orders'))).toBe(true);
    const inbox = (await api.call('inboxes.list')).items.find((x: { slug: string }) => x.slug === 'bulk');
    expect(inbox.requestCount).toBe(4);
    // With a limit: the oldest first.
    expect(await api.call('requests.deleteMatching', { inbox: 'bulk', limit: 1 })).toEqual({ deleted: 1 });
    expect((await api.call('requests.list', { inbox: 'bulk' })).items.map((x: { path: string }) => x.path).at(-1)).toBe('/orders/3');
    // Nothing matching: nothing deleted.
    expect(await api.call('requests.deleteMatching', { inbox: 'bulk', query: 'no-such-text' })).toEqual({ deleted: 0 });
  });
});
