import { describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * Bulk actions of the delivery log and the inbox list through the headless host ("select all
 * matching"): cancel the held deliveries, delete finished ones by ids or by filter (held ones are
 * skipped), export them as JSON with their attempts, and delete every captured request matching a
 * query. Bad input is a 400 that changes nothing.
 */

const TOKEN = 'bulk-token';

const h = useHttpHost(TOKEN, {
  sink: (r) => ({
    status: r.body.includes('"bad":true') ? 500 : 200,
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
  }),
  events: true,
});

const list = (input: Record<string, unknown>) => h.api.call('deliveries.list', { limit: 100, ...input });

describe('bulk actions on deliveries through the HTTP API', () => {
  let live = '';
  let held = '';

  it('cancels every held delivery matching a filter and skips the finished ones', async () => {
    live = (await h.api.call('endpoints.create', { name: 'live', url: `${h.sink.url}/live`, topics: ['bulk.*'], retry: { delays: [] } })).id;
    held = (await h.api.call('endpoints.create', { name: 'held', url: `${h.sink.url}/held`, topics: ['held.*'], retry: { delays: [] } })).id;
    await h.api.call('endpoints.pause', { id: held });
    for (let i = 0; i < 6; i++) await h.api.call('events.send', { topic: 'bulk.done', payload: { n: i, bad: i % 3 === 0 } });
    for (let i = 0; i < 4; i++) await h.api.call('events.send', { topic: 'held.wait', payload: { n: i } });
    await until(async () => (await list({ endpointId: live, statuses: ['succeeded', 'failed'] })).total === 6);
    expect((await list({ endpointId: held, status: 'pending' })).total).toBe(4);

    // Everything: 4 held ones cancelled, the 6 finished ones skipped.
    const r = await h.api.call('deliveries.cancelMany', { filter: {} });
    expect(r).toEqual({ cancelled: 4, skipped: 6 });
    expect((await list({ endpointId: held, status: 'cancelled' })).total).toBe(4);
    await h.sse.waitFor('deliveries.updated', (d) => d.items.some((x: { status: string }) => x.status === 'cancelled'));
    // Resuming the endpoint sends none of them.
    await h.api.call('endpoints.resume', { id: held });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.sink.received.filter((x) => x.url === '/held')).toHaveLength(0);
  });

  it('exports the selection as JSON with each attempt, request and answer', async () => {
    const failed = (await list({ endpointId: live, responseStatus: '5xx' })).items.map((d: { id: string }) => d.id);
    expect(failed).toHaveLength(2);
    const file = await h.api.call('deliveries.export', { ids: failed });
    expect(file.count).toBe(2);
    expect(file.filename).toMatch(/^hookbench-deliveries-.*\.json$/);
    const parsed = JSON.parse(file.content);
    expect(parsed.format).toBe('hookbench.deliveries');
    expect(parsed.items.map((d: { id: string }) => d.id).sort()).toEqual([...failed].sort());
    expect(parsed.items[0].attemptList[0].response.status).toBe(500);
    expect(JSON.parse(parsed.items[0].body.text)).toMatchObject({ bad: true });
    // By filter: the newest `limit`.
    const byFilter = await h.api.call('deliveries.export', { filter: { endpointId: live }, limit: 4 });
    expect(byFilter.count).toBe(4);
    // An id that does not exist is a 404, not a shorter file.
    await expect(h.api.call('deliveries.export', { ids: [failed[0], 'msg_nope'] })).rejects.toMatchObject({ status: 404 });
  });

  it('deletes by ids and by filter, in batches, skipping held deliveries; attempts go with them', async () => {
    const before = await list({});
    expect(before.total).toBe(10);
    const failed = (await list({ responseStatus: '5xx' })).items.map((d: { id: string }) => d.id);
    const r1 = await h.api.call('deliveries.deleteMany', { ids: failed });
    expect(r1).toEqual({ deleted: 2, skipped: 0 });
    await h.sse.waitFor('deliveries.deleted', (d) => d.count === 2 && d.ids.includes(failed[0]));
    await expect(h.api.call('deliveries.get', { id: failed[0] })).rejects.toMatchObject({ status: 404 });
    expect((h.core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_attempts a JOIN dispatch_deliveries d ON d.seq = a.delivery_seq').get() as { n: number }).n).toBe(4);
    // Attempts of deleted deliveries are gone too (cascade), and so are events no delivery uses.
    expect((h.core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_attempts').get() as { n: number }).n).toBe(4);
    expect((h.core.db.prepare('SELECT COUNT(*) AS n FROM dispatch_events').get() as { n: number }).n).toBe(8);

    // A held delivery is skipped: hold one more, then delete everything.
    await h.api.call('endpoints.pause', { id: held });
    const pending = (await h.api.call('events.send', { topic: 'held.wait', payload: { n: 99 } })).deliveryIds[0];
    const r2 = await h.api.call('deliveries.deleteMany', { filter: {} });
    expect(r2).toEqual({ deleted: 8, skipped: 1 });
    const after = await list({});
    expect(after.items.map((d: { id: string }) => d.id)).toEqual([pending]);
    // With a limit, only that many (the oldest first).
    await h.api.call('deliveries.cancelMany', { ids: [pending] });
    expect(await h.api.call('deliveries.deleteMany', { filter: { statuses: ['cancelled'] }, limit: 1 })).toEqual({ deleted: 1, skipped: 0 });
  });

  it('refuses bad input with a 400 that changes nothing', async () => {
    await h.api.call('endpoints.resume', { id: live });
    const id = (await h.api.call('events.send', { topic: 'bulk.keep', payload: { n: 1 } })).deliveryIds[0];
    await until(async () => (await h.api.call('deliveries.get', { id })).status === 'succeeded');
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
      await expect(h.api.call(method, input), `${method} ${JSON.stringify(input).slice(0, 80)}`).rejects.toMatchObject({ status: 400 });
    expect((await h.api.call('deliveries.get', { id })).status).toBe('succeeded');
    expect((await list({})).total).toBe(1);
    await expect(h.api.call('requests.deleteMatching', { inbox: 'no-such-inbox' })).rejects.toMatchObject({ status: 404 });
  });
});

describe('bulk delete of captured requests through the HTTP API', () => {
  it('deletes every request matching a query (not only the loaded ones) and keeps the others', async () => {
    await h.api.call('inboxes.create', { slug: 'bulk' });
    const base = (await h.api.call('receiver.status')).http.baseUrl;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(`${base}/bulk/${i % 3 === 0 ? 'orders' : 'users'}/${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ i }),
      });
      expect(res.status).toBeLessThan(300);
    }
    await until(async () => (await h.api.call('requests.list', { inbox: 'bulk' })).total === 12);
    // The UI has loaded a page of 2; "all 8 matching" is server-side.
    const page = await h.api.call('requests.list', { inbox: 'bulk', limit: 2, query: { path: '/users' } });
    expect(page.total).toBe(8);
    const r = await h.api.call('requests.deleteMatching', { inbox: 'bulk', query: { path: '/users' } });
    expect(r).toEqual({ deleted: 8 });
    await h.sse.waitFor('requests.deleted', (d) => d.inbox === 'bulk' && (d.ids === null || d.ids.length === 8));
    const left = await h.api.call('requests.list', { inbox: 'bulk' });
    expect(left.total).toBe(4);
    expect(left.items.every((x: { path: string }) => x.path.startsWith('/orders'))).toBe(true);
    const inbox = (await h.api.call('inboxes.list')).items.find((x: { slug: string }) => x.slug === 'bulk');
    expect(inbox.requestCount).toBe(4);
    // With a limit: the oldest first.
    expect(await h.api.call('requests.deleteMatching', { inbox: 'bulk', limit: 1 })).toEqual({ deleted: 1 });
    expect((await h.api.call('requests.list', { inbox: 'bulk' })).items.map((x: { path: string }) => x.path).at(-1)).toBe('/orders/3');
    // Nothing matching: nothing deleted.
    expect(await h.api.call('requests.deleteMatching', { inbox: 'bulk', query: 'no-such-text' })).toEqual({ deleted: 0 });
  });
});
