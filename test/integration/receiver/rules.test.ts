import { afterEach, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { send, startReceiver, type TestCore } from './helpers';

const cores: TestCore[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

async function setup() {
  const r = await startReceiver();
  cores.push(r.core);
  return r;
}

describe('receiver responses and rules', () => {
  it('answers with the inbox default response', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', { slug: 'default', response: { status: 202, headers: [['X-Hook', 'yes']], body: 'accepted', delayMs: 0 } });
    const res = await send(`${base}/default/x`, { body: '{}' });
    expect(res.status).toBe(202);
    expect(res.headers['x-hook']).toBe('yes');
    expect(res.text).toBe('accepted');
  });

  it('plays a 500, 500, 200 sequence that the client observes, and records each answer', async () => {
    const { core, base } = await setup();
    const inbox = await core.call('inboxes.update', {
      slug: 'default',
      rules: [
        {
          name: 'flaky',
          match: { methods: ['POST'], path: '/orders/*' },
          action: { type: 'sequence', steps: [{ status: 500, body: 'boom' }, { status: 500, body: 'boom' }, { status: 200, body: 'ok' }] },
        },
      ],
    });
    expect(inbox.rules[0].id).toBeTruthy();
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) seen.push((await send(`${base}/default/orders/1`, { body: '{}' })).status);
    expect(seen).toEqual([500, 500, 200, 200]);
    expect((await send(`${base}/default/other`, { body: '{}' })).status).toBe(200);
    const { items } = await core.call('requests.list', { inbox: 'default' });
    expect(items.map((i) => i.answer.status).reverse()).toEqual([500, 500, 200, 200, 200]);
    expect(items[1].answer.ruleId).toBe(inbox.rules[0].id);
    expect(items[0].answer.ruleId).toBeNull();
  });

  it('matches on header and body text; 429 with Retry-After, 410 and a redirect', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', {
      slug: 'default',
      rules: [
        { match: { header: { name: 'x-mode', contains: 'slow' } }, action: { type: 'respond', status: 429, headers: [['Retry-After', '120']], body: '' } },
        { match: { bodyContains: 'GONE' }, action: { type: 'respond', status: 410, body: 'gone' } },
        { match: { path: '/moved' }, action: { type: 'redirect', status: 307, location: 'https://example.test/new' } },
      ],
    });
    const a = await send(`${base}/default/x`, { headers: { 'X-Mode': 'very-SLOW' }, body: '{}' });
    expect(a.status).toBe(429);
    expect(a.headers['retry-after']).toBe('120');
    expect((await send(`${base}/default/x`, { body: '{"state":"gone"}' })).status).toBe(410);
    const r = await send(`${base}/default/moved`, { body: '' });
    expect(r.status).toBe(307);
    expect(r.headers.location).toBe('https://example.test/new');
  });

  it('drops the connection, and hangs until the client times out; both are stored', async () => {
    const { core, base, port } = await setup();
    await core.call('inboxes.update', {
      slug: 'default',
      rules: [
        { match: { path: '/drop' }, action: { type: 'drop' } },
        { match: { path: '/hang' }, action: { type: 'hang' } },
      ],
    });
    await expect(request(`${base}/default/drop`, { method: 'POST', body: 'x' })).rejects.toThrow();
    const started = Date.now();
    await expect(request(`${base}/default/hang`, { method: 'POST', body: 'y', headersTimeout: 400 })).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    const { items } = await core.call('requests.list', { inbox: 'default' });
    expect(items.map((i) => [i.path, i.answer.kind, i.answer.status])).toEqual([
      ['/hang', 'hang', null],
      ['/drop', 'drop', null],
    ]);
    // The receiver still answers normally afterwards.
    expect((await send(`http://127.0.0.1:${port}/default/ok`, { body: 'z' })).status).toBe(200);
  });

  it('applies a response delay', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', { slug: 'default', response: { status: 200, body: 'late', delayMs: 250 } });
    const t = Date.now();
    const res = await send(`${base}/default/x`, { body: '' });
    expect(res.text).toBe('late');
    expect(Date.now() - t).toBeGreaterThanOrEqual(240);
  });

  it('rejects bad rules at the boundary and changes nothing', async () => {
    const { core } = await setup();
    const bad = await core.invoke('inboxes.update', { slug: 'default', rules: [{ action: { type: 'sequence', steps: [] } }] });
    expect(bad.ok).toBe(false);
    const { items } = await core.call('inboxes.list');
    expect(items[0].rules).toEqual([]);
  });
});
