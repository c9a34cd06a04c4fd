import { describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * The receiver driven through the headless host: pausing it closes its port, captured requests are
 * forwarded, deleted and cleared, inboxes deleted, and each change is pushed over GET /api/events.
 */

const TOKEN = 'receiver-token';

const h = useHttpHost(TOKEN, {
  sink: (r) => ({ status: 201, headers: { 'content-type': 'text/plain' }, body: `got ${r.method} ${r.url}` }),
  events: true,
});

const base = async () => (await h.api.call('receiver.status')).baseUrls[0] as string;
const send = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => {
    await r.arrayBuffer();
    return r.status;
  });

describe('the receiver through the HTTP API', () => {
  it('pauses the receiver (senders are refused) and resumes it, pushing receiver.changed', async () => {
    const before = await base();
    expect(await send(`${before}/default/before`, '{}')).toBe(200);
    const paused = await h.api.call('receiver.pause', { paused: true });
    expect(paused).toMatchObject({ running: false, paused: true, http: null, baseUrls: [] });
    await expect(send(`${before}/default/while-paused`, '{}')).rejects.toThrow();
    await h.sse.waitFor('receiver.changed', (s) => s.paused === true);

    const resumed = await h.api.call('receiver.pause', { paused: false });
    expect(resumed).toMatchObject({ running: true, paused: false });
    await h.sse.waitFor('receiver.changed', (s) => s.paused === false && s.running === true);
    expect(await send(`${resumed.baseUrls[0]}/default/after`, '{}')).toBe(200);
    const list = await until(async () => {
      const l = await h.api.call('requests.list', { inbox: 'default' });
      return l.total === 2 ? l : null;
    });
    expect(list.items.map((i: { path: string }) => i.path).sort()).toEqual(['/after', '/before']);
  });

  it('forwards a captured request, edited, to a local server and records the answer', async () => {
    await h.api.call('inboxes.create', { slug: 'fwd' });
    await h.sse.waitFor('inboxes.changed', (d) => d.items.some((i: { slug: string }) => i.slug === 'fwd'));
    expect(await send(`${await base()}/fwd/orders?x=1`, '{"order":1}', { 'x-shop': 'demo' })).toBe(200);
    const received = await h.sse.waitFor('requests.received', (d) => d.items.some((i: { inbox: string }) => i.inbox === 'fwd'));
    const id = received.items.find((i: { inbox: string }) => i.inbox === 'fwd').id;

    const fwd = await h.api.call('requests.forward', { id, url: `${h.sink.url}/consumer?y=2`, method: 'put', bodyText: '{"order":2}' });
    expect(fwd).toMatchObject({ requestId: id, auto: false, method: 'PUT', error: null });
    expect(fwd.response.status).toBe(201);
    expect(h.sink.received).toHaveLength(1);
    expect(h.sink.received[0].method).toBe('PUT');
    expect(h.sink.received[0].url).toBe('/consumer?y=2');
    expect(h.sink.received[0].body.toString()).toBe('{"order":2}');
    expect(h.sink.received[0].headers['x-shop']).toBe('demo');
    const detail = await h.api.call('requests.get', { id });
    expect(detail.forwards).toEqual([expect.objectContaining({ id: fwd.id, url: `${h.sink.url}/consumer?y=2` })]);

    // A request that does not exist: 404, nothing sent.
    await expect(h.api.call('requests.forward', { id: 999_999, url: h.sink.url })).rejects.toMatchObject({ status: 404 });
    expect(h.sink.received).toHaveLength(1);
  });

  it('an inbox that forwards on its own updates the request row once answered (requests.updated)', async () => {
    await h.api.call('inboxes.create', { slug: 'auto' });
    await h.api.call('inboxes.update', { slug: 'auto', forwardUrl: `${h.sink.url}/auto` });
    const before = h.sink.received.length;
    expect(await send(`${await base()}/auto/hook`, '{"a":1}')).toBe(200);
    await h.sink.waitFor(before + 1);
    const updated = await h.sse.waitFor('requests.updated', (d) => d.items.some((i: { inbox: string }) => i.inbox === 'auto'));
    // The row now shows the downstream answer.
    expect(updated.items.find((i: { inbox: string }) => i.inbox === 'auto').forward).toMatchObject({ status: 201, error: null });
    expect(h.sink.received[before].url).toMatch(/^\/auto/);
    expect(h.sink.received[before].body.toString()).toBe('{"a":1}');
  });

  it('deletes some requests, clears an inbox and deletes an inbox', async () => {
    await h.api.call('inboxes.create', { slug: 'trash' });
    const url = await base();
    for (let i = 0; i < 4; i++) expect(await send(`${url}/trash/r${i}`, '{}')).toBe(200);
    const list = await until(async () => {
      const l = await h.api.call('requests.list', { inbox: 'trash' });
      return l.total === 4 ? l : null;
    });
    const [first, second] = list.items.map((i: { id: number }) => i.id);
    expect(await h.api.call('requests.delete', { ids: [first, second] })).toEqual({ deleted: 2 });
    const left = await h.api.call('requests.list', { inbox: 'trash' });
    expect(left.total).toBe(2);
    expect(left.items.map((i: { id: number }) => i.id)).not.toContain(first);
    await expect(h.api.call('requests.get', { id: first })).rejects.toMatchObject({ status: 404 });

    expect(await h.api.call('inboxes.clear', { slug: 'trash' })).toEqual({ deleted: 2 });
    expect((await h.api.call('requests.list', { inbox: 'trash' })).total).toBe(0);
    expect((await h.api.call('inboxes.list')).items.map((i: { slug: string }) => i.slug)).toContain('trash');

    expect(await send(`${url}/trash/again`, '{}')).toBe(200);
    await until(async () => (await h.api.call('requests.list', { inbox: 'trash' })).total === 1);
    expect(await h.api.call('inboxes.delete', { slug: 'trash' })).toEqual({ deleted: true, requests: 1 });
    await h.sse.waitFor('inboxes.changed', (d) => !d.items.some((i: { slug: string }) => i.slug === 'trash'));
    expect((await h.api.call('inboxes.list')).items.map((i: { slug: string }) => i.slug)).not.toContain('trash');
    await expect(h.api.call('inboxes.clear', { slug: 'trash' })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses bad input to inboxes.sequences and inboxes.resetSequence with a clear error, changing nothing', async () => {
    const inbox = await h.api.call('inboxes.create', {
      slug: 'seq-bad',
      rules: [{ name: 'Flaky', match: { path: '/hook' }, action: { type: 'sequence', steps: [{ status: 500 }, { status: 200 }], per: 'inbox' } }],
    });
    const ruleId = inbox.rules[0].id as string;
    expect(await send(`${await base()}/seq-bad/hook`, '{}')).toBe(500);
    const state = async () => (await h.api.call('inboxes.sequences', { slug: 'seq-bad' })).items;
    const before = await state();
    expect(before).toMatchObject([{ ruleId, served: 1, nextStep: 2 }]);

    const refused = async (method: string, input: unknown, status: number, code: string) => {
      const err = await h.api.call(method, input).then(
        () => null,
        (e: { status: number; body: { error: { code: string; message: string } } }) => e,
      );
      expect(err, `${method} ${JSON.stringify(input)} should be refused`).not.toBeNull();
      expect(err!.status).toBe(status);
      expect(err!.body.error.code).toBe(code);
      expect(err!.body.error.message).toMatch(/\w/);
      return err!.body.error.message;
    };
    // Wrong types, missing and extra keys: 400 invalid_input.
    for (const input of [{}, { slug: 5 }, { slug: null }, { slug: ['seq-bad'] }, { slug: 'Not a slug!' }, { slug: 'seq-bad', extra: 1 }])
      await refused('inboxes.sequences', input, 400, 'invalid_input');
    for (const input of [
      {},
      { slug: 5 },
      { slug: 'seq-bad', ruleId: 7 },
      { slug: 'seq-bad', ruleId: '' },
      { slug: 'seq-bad', ruleId: 'r'.repeat(65) },
      { slug: 'seq-bad', ruleId, deliveryId: 12 },
      { slug: 'seq-bad', ruleId, deliveryId: '' },
      { slug: 'seq-bad', ruleId, deliveryId: 'd'.repeat(501) },
      { slug: 'seq-bad', step: 1 },
      { slug: 'seq-bad', ruleId, extra: true },
    ])
      await refused('inboxes.resetSequence', input, 400, 'invalid_input');
    // An unknown inbox or rule: 404 not_found, naming what is missing.
    expect(await refused('inboxes.sequences', { slug: 'no-such-inbox' }, 404, 'not_found')).toContain('no-such-inbox');
    expect(await refused('inboxes.resetSequence', { slug: 'no-such-inbox' }, 404, 'not_found')).toContain('no-such-inbox');
    expect(await refused('inboxes.resetSequence', { slug: 'seq-bad', ruleId: 'no-such-rule' }, 404, 'not_found')).toContain('no-such-rule');

    // Nothing moved: the sequence still answers its second step next.
    expect(await state()).toEqual(before);
    expect(await send(`${await base()}/seq-bad/hook`, '{}')).toBe(200);
  });
});
