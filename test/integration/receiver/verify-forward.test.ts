import http from 'node:http';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { send, startReceiver, waitFor, type TestCore } from './helpers';

const cores: TestCore[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
  while (servers.length) servers.pop()!.close();
});

async function setup() {
  const r = await startReceiver();
  cores.push(r.core);
  return r;
}

/** A local downstream server that records what it gets and answers 201. */
async function downstream() {
  const got: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(201, { 'Content-Type': 'text/plain', 'X-Down': 'yes' });
      res.end('created');
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { got, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` };
}

describe('receiver verification, duplicates, forwarding', () => {
  it('shows valid, invalid (with reason and report) and unsigned for Standard Webhooks', async () => {
    const { core, base } = await setup();
    const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
    await core.call('inboxes.update', { slug: 'default', verify: { scheme: 'standard-webhooks', secrets: [secret] } });
    const wh = new Webhook(secret);
    const body = '{"type":"order.created","id":1}';
    const now = new Date();
    const sig = wh.sign('msg_1', now, body);
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': sig, 'content-type': 'application/json' };
    await send(`${base}/default/good`, { headers, body });
    await send(`${base}/default/tampered`, { headers: { ...headers, 'webhook-id': 'msg_2' }, body: body.replace('1}', '2}') });
    await send(`${base}/default/plain`, { body });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    const byPath = Object.fromEntries(items.map((i) => [i.path, i]));
    expect(byPath['/good'].signature).toMatchObject({ status: 'valid', scheme: 'standard-webhooks' });
    expect(byPath['/tampered'].signature.status).toBe('invalid');
    expect(byPath['/tampered'].signature.reason).toBeTruthy();
    expect(byPath['/plain'].signature.status).toBe('unsigned');
    const d = await core.call('requests.get', { id: byPath['/tampered'].id });
    expect(d.verification?.status).toBe('invalid');
    expect(d.verification?.signedContent).toContain('msg_2.');
    expect(d.verification?.expected.length).toBeGreaterThan(0);
    const filtered = await core.call('requests.list', { inbox: 'default', query: { signature: ['invalid'] } });
    expect(filtered.items.map((i) => i.path)).toEqual(['/tampered']);
  });

  it('verifies GitHub signatures made by the official library', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', { slug: 'default', verify: { scheme: 'github', secrets: ['old-secret', 'it is a secret'] } });
    const body = '{"action":"opened"}';
    const signature = await githubSign('it is a secret', body);
    await send(`${base}/default/gh`, { headers: { 'X-Hub-Signature-256': signature, 'content-type': 'application/json' }, body });
    await send(`${base}/default/gh`, { headers: { 'X-Hub-Signature-256': signature }, body: body + '\n' });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    expect(items.map((i) => i.signature.status)).toEqual(['invalid', 'valid']);
  });

  it('flags duplicate deliveries by webhook-id, X-Webhook-ID and a JSON id field', async () => {
    const { core, base } = await setup();
    await send(`${base}/default/a`, { headers: { 'webhook-id': 'evt_1' }, body: '{}' });
    await send(`${base}/default/a`, { headers: { 'Webhook-Id': 'evt_1' }, body: '{}' });
    await send(`${base}/default/b`, { headers: { 'X-Webhook-ID': 'evt_2' }, body: '{}' });
    await core.call('inboxes.update', { slug: 'default', duplicateJsonField: 'data.id' });
    await send(`${base}/default/c`, { body: '{"data":{"id":"ord_9"}}' });
    await send(`${base}/default/c`, { body: '{"data":{"id":"ord_9"}}' });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    const [c2, c1, b, a2, a1] = items;
    expect(a1.duplicateOf).toBeNull();
    expect(a2.duplicateOf).toBe(a1.id);
    expect(b.duplicateOf).toBeNull();
    expect(c1).toMatchObject({ deliveryId: 'ord_9', duplicateOf: null });
    expect(c2.duplicateOf).toBe(c1.id);
    const dups = await core.call('requests.list', { inbox: 'default', query: { duplicate: true } });
    expect(dups.total).toBe(2);
  });

  it('forwards a captured request, optionally edited, and records the downstream answer', async () => {
    const { core, base } = await setup();
    const down = await downstream();
    await send(`${base}/default/hook?x=1`, { headers: { 'content-type': 'application/json', 'X-Keep': 'me' }, body: '{"a":1}' });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    const fwd = await core.call('requests.forward', { id: items[0].id, url: `${down.url}/target` });
    expect(fwd.response?.status).toBe(201);
    expect(fwd.response?.body.text).toBe('created');
    expect(down.got[0]).toMatchObject({ method: 'POST', url: '/target', body: '{"a":1}' });
    expect(down.got[0].headers['x-keep']).toBe('me');
    const edited = await core.call('requests.forward', { id: items[0].id, url: `${down.url}/edited`, method: 'PUT', bodyText: 'changed', headers: [['X-New', '1']] });
    expect(edited.method).toBe('PUT');
    expect(down.got[1]).toMatchObject({ method: 'PUT', body: 'changed' });
    expect(down.got[1].headers['x-new']).toBe('1');
    const refused = await core.call('requests.forward', { id: items[0].id, url: 'http://127.0.0.1:1/nothing', timeoutMs: 2000 });
    expect(refused.response).toBeNull();
    expect(refused.error).toMatch(/refused|Could not send/);
    const d = await core.call('requests.get', { id: items[0].id });
    expect(d.forwards).toHaveLength(3);
    expect(d.forward?.error).toBeTruthy();
  });

  it('auto-forwards every request of an inbox and records each answer next to it', async () => {
    const { core, base } = await setup();
    const down = await downstream();
    await core.call('inboxes.update', { slug: 'default', forwardUrl: `${down.url}/in` });
    const updates: number[] = [];
    core.events.subscribe((name, p) => name === 'requests.updated' && updates.push(...(p as { items: { id: number }[] }).items.map((i) => i.id)));
    for (let i = 0; i < 3; i++) await send(`${base}/default/sub/${i}?q=${i}`, { body: `n${i}` });
    await waitFor(() => down.got.length, (n) => n === 3);
    expect(down.got.map((g) => g.url).sort()).toEqual(['/in/sub/0?q=0', '/in/sub/1?q=1', '/in/sub/2?q=2']);
    const list = await waitFor(() => core.call('requests.list', { inbox: 'default' }), (l) => l.items.every((i) => i.forward?.status === 201));
    expect(list.items.every((i) => i.forward?.status === 201)).toBe(true);
    const d = await core.call('requests.get', { id: list.items[0].id });
    expect(d.forwards[0]).toMatchObject({ auto: true, response: { status: 201 } });
    await waitFor(() => updates.length, (n) => n >= 3);
    expect(new Set(updates).size).toBe(3);
  });
});
