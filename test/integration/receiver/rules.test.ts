import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { rawExchange, send, useReceivers } from './helpers';

const setup = useReceivers();

describe('receiver responses and rules', () => {
  it('answers with the inbox default response', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', { slug: 'default', response: { status: 202, headers: [['X-Hook', 'yes']], body: 'accepted', delayMs: 0 } });
    const res = await send(`${base}/default/x`, { body: '{}' });
    expect(res.status).toBe(202);
    expect(res.headers['x-hook']).toBe('yes');
    expect(res.text).toBe('accepted');
  });

  it('a disabled rule does not answer; enabling it again does', async () => {
    const { core, base } = await setup();
    const rule = { id: 'fail', enabled: false, match: { path: '/x' }, action: { type: 'respond', status: 500, body: 'rule' } } as const;
    await core.call('inboxes.update', { slug: 'default', response: { status: 202, body: 'default', delayMs: 0 }, rules: [rule] });
    const off = await send(`${base}/default/x`, { body: '{}' });
    expect(off.status).toBe(202);
    expect(off.text).toBe('default');
    await core.call('inboxes.update', { slug: 'default', rules: [{ ...rule, enabled: true }] });
    const on = await send(`${base}/default/x`, { body: '{}' });
    expect(on.status).toBe(500);
    expect(on.text).toBe('rule');
  });

  it('sends configured answers byte for byte: UTF-8 bodies, latin1 header values, HEAD without a body', async () => {
    const { core, base, port } = await setup();
    await core.call('inboxes.update', { slug: 'default', response: { status: 200, headers: [['X-Ok', 'yes']], body: 'héllo ✓ {"a":1}', delayMs: 0 } });
    const a = await send(`${base}/default/x`, { body: '{}' });
    expect(a.body.equals(Buffer.from('héllo ✓ {"a":1}', 'utf8'))).toBe(true);
    expect(a.headers['content-length']).toBe(String(Buffer.byteLength('héllo ✓ {"a":1}')));
    const head = await rawExchange(port, ['HEAD /default/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n']);
    expect(head.text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head.text.endsWith('\r\n\r\n')).toBe(true);
    // A header value with a latin1 byte: the head goes out as latin1, the body as UTF-8.
    await core.call('inboxes.update', { slug: 'default', response: { status: 201, headers: [['X-Caf', 'caf\u00e9']], body: 'ü', delayMs: 0 } });
    const raw = await rawExchange(port, ['POST /default/y HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n']);
    const bytes = Buffer.from(raw.text, 'latin1');
    expect(bytes.includes(Buffer.from('X-Caf: caf\u00e9\r\n', 'latin1'))).toBe(true);
    expect(bytes.subarray(bytes.length - 2).equals(Buffer.from('ü', 'utf8'))).toBe(true);
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
