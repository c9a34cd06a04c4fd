import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/core/util/clock';
import { tempDir } from '../../helpers/temp-core';
import { send, startReceiver, waitFor, useReceivers } from './helpers';

const setup = useReceivers();

describe('receiver store: inboxes, filters, pagination, export, retention, restart', () => {
  it('creates, updates, clears and deletes inboxes, emitting inboxes.changed', async () => {
    const { core, base } = await setup();
    const changes: number[] = [];
    core.events.subscribe((name, p) => name === 'inboxes.changed' && changes.push((p as { items: unknown[] }).items.length));
    const created = await core.call('inboxes.create', { slug: 'stripe-test', name: 'Stripe test' });
    expect(created).toMatchObject({ slug: 'stripe-test', name: 'Stripe test', requestCount: 0, maxBodyBytes: 10 * 1024 * 1024 });
    expect((await core.invoke('inboxes.create', { slug: 'stripe-test' })).ok).toBe(false);
    expect((await core.invoke('inboxes.create', { slug: 'Bad Slug' })).ok).toBe(false);
    await send(`${base}/stripe-test/x`, { body: 'a' });
    await send(`${base}/stripe-test/y`, { body: 'b' });
    expect((await core.call('inboxes.list')).items.find((i) => i.slug === 'stripe-test')?.requestCount).toBe(2);
    expect(await core.call('inboxes.clear', { slug: 'stripe-test' })).toEqual({ deleted: 2 });
    expect((await core.call('requests.list', { inbox: 'stripe-test' })).total).toBe(0);
    await send(`${base}/stripe-test/z`, { body: 'c' });
    expect(await core.call('inboxes.delete', { slug: 'stripe-test' })).toEqual({ deleted: true, requests: 1 });
    expect((await send(`${base}/stripe-test/x`, { body: 'a' })).status).toBe(404);
    expect(changes).toEqual([2, 2, 1]);
  });

  it('filters server-side by method, path, text in headers and body, and pages with a keyset cursor', async () => {
    const { core, base } = await setup();
    for (let i = 0; i < 25; i++) {
      await send(`${base}/default/${i % 2 ? 'odd' : 'even'}/${i}`, { method: i % 3 === 0 ? 'PUT' : 'POST', headers: { 'X-Tag': `tag-${i}` }, body: `{"n":${i},"word":"${i === 7 ? 'Needle' : 'hay'}"}` });
    }
    const page1 = await core.call('requests.list', { inbox: 'default', limit: 10 });
    expect(page1.total).toBe(25);
    expect(page1.items).toHaveLength(10);
    expect(page1.nextBefore).toBe(page1.items[9].id);
    const page2 = await core.call('requests.list', { inbox: 'default', limit: 10, before: page1.nextBefore! });
    const page3 = await core.call('requests.list', { inbox: 'default', limit: 10, before: page2.nextBefore! });
    expect(page3.items).toHaveLength(5);
    expect(page3.nextBefore).toBeNull();
    const all = [...page1.items, ...page2.items, ...page3.items].map((i) => i.id);
    expect(new Set(all).size).toBe(25);
    expect(all).toEqual([...all].sort((a, b) => b - a));

    expect((await core.call('requests.list', { inbox: 'default', query: { methods: ['put'] } })).total).toBe(9);
    expect((await core.call('requests.list', { inbox: 'default', query: { path: '/odd/' } })).total).toBe(12);
    expect((await core.call('requests.list', { inbox: 'default', query: 'needle' })).items.map((i) => i.path)).toEqual(['/odd/7']);
    expect((await core.call('requests.list', { inbox: 'default', query: { text: 'tag-13' } })).items.map((i) => i.path)).toEqual(['/odd/13']);
    expect((await core.call('requests.list', { inbox: 'default', query: { text: '100%_' } })).total).toBe(0);
  });

  it('exports HAR 1.2 that parses and contains the requests, and JSON', async () => {
    const { core, base } = await setup();
    await send(`${base}/default/har?a=1&b=two`, { headers: { 'content-type': 'application/json', 'X-One': '1' }, body: '{"x":1}' });
    await send(`${base}/default/bin`, { headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([0, 255, 1]) });
    const out = await core.call('requests.export', { inbox: 'default', format: 'har' });
    expect(out.count).toBe(2);
    expect(out.filename).toMatch(/\.har$/);
    const har = JSON.parse(out.content);
    expect(har.log.version).toBe('1.2');
    const [first, second] = har.log.entries;
    expect(first.request.method).toBe('POST');
    expect(first.request.url).toBe(`${base}/default/har?a=1&b=two`);
    expect(first.request.queryString).toEqual([{ name: 'a', value: '1' }, { name: 'b', value: 'two' }]);
    expect(first.request.headers).toContainEqual({ name: 'X-One', value: '1' });
    expect(first.request.postData).toEqual({ mimeType: 'application/json', text: '{"x":1}' });
    expect(first.response.status).toBe(200);
    expect(second.request.postData.text).toBeUndefined();
    expect(Buffer.from(second._hookbench.bodyBase64, 'base64')).toEqual(Buffer.from([0, 255, 1]));
    const ids = (await core.call('requests.list', { inbox: 'default' })).items.map((i) => i.id);
    const json = await core.call('requests.export', { ids: [ids[1]], format: 'json' });
    expect(JSON.parse(json.content)[0].body.text).toBe('{"x":1}');
  });

  it('deletes requests by id', async () => {
    const { core, base } = await setup();
    for (let i = 0; i < 3; i++) await send(`${base}/default/${i}`, { body: 'x' });
    const ids = (await core.call('requests.list', { inbox: 'default' })).items.map((i) => i.id);
    expect(await core.call('requests.delete', { ids: [ids[0], ids[2]] })).toEqual({ deleted: 2 });
    const left = await core.call('requests.list', { inbox: 'default' });
    expect(left.items.map((i) => i.id)).toEqual([ids[1]]);
    expect((await core.call('inboxes.list')).items[0].requestCount).toBe(1);
    expect((await core.invoke('requests.get', { id: ids[0] })).ok).toBe(false);
  });

  it('applies retention by count automatically and by age', async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const { core, base } = await setup({ clock });
    await core.call('inboxes.update', { slug: 'default', retention: { maxRequests: 3, maxAgeHours: null } });
    for (let i = 0; i < 6; i++) await send(`${base}/default/${i}`, { body: 'x' });
    const list = await waitFor(() => core.call('requests.list', { inbox: 'default' }), (l) => l.total === 3);
    expect(list.items.map((i) => i.path)).toEqual(['/5', '/4', '/3']);
    clock.advance(2 * 3_600_000);
    await send(`${base}/default/new`, { body: 'x' });
    await core.call('inboxes.update', { slug: 'default', retention: { maxRequests: null, maxAgeHours: 1 } });
    const aged = await core.call('requests.list', { inbox: 'default' });
    expect(aged.items.map((i) => i.path)).toEqual(['/new']);
    expect((await core.call('inboxes.list')).items[0].requestCount).toBe(1);
  });

  it('keeps inboxes, settings and requests across a restart, and never reuses ids', async () => {
    const dataDir = tempDir();
    const first = await startReceiver({ dataDir });
    await first.core.call('inboxes.create', { slug: 'keep', verify: { scheme: 'github', secrets: ['s3cret'] }, rules: [{ match: {}, action: { type: 'respond', status: 418 } }] });
    expect((await send(`${first.base}/keep/a`, { body: 'persisted' })).status).toBe(418);
    const before = (await first.core.call('requests.list', { inbox: 'keep' })).items[0];
    await first.core.call('requests.delete', { ids: [before.id] });
    await send(`${first.base}/keep/b`, { body: 'persisted' });
    await first.core.close();

    const again = await setup({ dataDir });
    const inbox = (await again.core.call('inboxes.list')).items.find((i) => i.slug === 'keep');
    expect(inbox).toMatchObject({ requestCount: 1, verify: { scheme: 'github', secrets: ['s3cret'] } });
    expect(inbox?.rules[0].action).toMatchObject({ type: 'respond', status: 418 });
    const kept = (await again.core.call('requests.list', { inbox: 'keep' })).items;
    expect(kept.map((i) => i.path)).toEqual(['/b']);
    expect((await again.core.call('requests.get', { id: kept[0].id })).body.text).toBe('persisted');
    expect((await send(`${again.base}/keep/c`, { body: 'x' })).status).toBe(418);
    const newest = (await again.core.call('requests.list', { inbox: 'keep' })).items[0];
    expect(newest.id).toBeGreaterThan(kept[0].id);
  });

  it('serves HTTPS with a self-signed certificate kept in the data dir', async () => {
    const { core } = await setup();
    await core.call('settings.update', { receiverHttps: true });
    const status = await core.call('receiver.status');
    expect(status.https?.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(status.certificateFingerprint).toMatch(/^[0-9A-F:]+$/);
    const { Agent, request } = await import('undici');
    const res = await request(`${status.https!.baseUrl}/default/tls`, { method: 'POST', body: 'secure', dispatcher: new Agent({ connect: { rejectUnauthorized: false } }) });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    const { items } = await core.call('requests.list', { inbox: 'default' });
    expect(items[0]).toMatchObject({ path: '/tls', tls: true });
  });
});
