import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawExchange, send, useReceivers } from './helpers';

const setup = useReceivers();

describe('receiver capture', () => {
  it('starts with a default inbox and a status with its base URL', async () => {
    const { core, base } = await setup();
    const status = await core.call('receiver.status');
    expect(status.running).toBe(true);
    expect(status.baseUrls[0]).toBe(base);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { items } = await core.call('inboxes.list');
    expect(items.map((i) => i.slug)).toEqual(['default']);
  });

  it('captures method, path, query, header order/case/duplicates and binary body byte for byte', async () => {
    const { core, port } = await setup();
    const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const head =
      'PUT /default/a/b?x=1&y=%20 HTTP/1.1\r\n' +
      'Host: 127.0.0.1\r\n' +
      'X-Dup: one\r\n' +
      'x-CaSe: MiXeD\r\n' +
      'X-Dup: two\r\n' +
      'Content-Type: application/octet-stream\r\n' +
      `Content-Length: ${body.length}\r\n` +
      'Connection: close\r\n\r\n';
    const res = await rawExchange(port, [head, body]);
    expect(res.text).toMatch(/^HTTP\/1\.1 200/);
    const list = await core.call('requests.list', { inbox: 'default' });
    expect(list.total).toBe(1);
    const item = list.items[0];
    expect(item).toMatchObject({ method: 'PUT', path: '/a/b', query: 'x=1&y=%20', bodySize: 256, tls: false, signature: { status: 'unsigned', scheme: null } });
    const d = await core.call('requests.get', { id: item.id });
    expect(d.headers).toEqual([
      ['Host', '127.0.0.1'],
      ['X-Dup', 'one'],
      ['x-CaSe', 'MiXeD'],
      ['X-Dup', 'two'],
      ['Content-Type', 'application/octet-stream'],
      ['Content-Length', '256'],
      ['Connection', 'close'],
    ]);
    expect(Buffer.from(d.body.base64, 'base64').equals(body)).toBe(true);
    expect(d.body.text).toBeNull();
    expect(d.url).toBe('/default/a/b?x=1&y=%20');
    expect(d.httpVersion).toBe('1.1');
    expect(d.remoteAddress).toBe('127.0.0.1');
    expect(d.remotePort).toBeGreaterThan(0);
    expect(d.response).toMatchObject({ kind: 'respond', status: 200 });
  });

  it('stores compressed bodies raw and shows them decoded', async () => {
    const { core, base } = await setup();
    const zlib = await import('node:zlib');
    const json = JSON.stringify({ hello: 'wörld' });
    const gz = zlib.gzipSync(json);
    await send(`${base}/default/gz`, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gz });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    const d = await core.call('requests.get', { id: items[0].id });
    expect(Buffer.from(d.body.base64, 'base64').equals(gz)).toBe(true);
    expect(d.contentEncoding).toBe('gzip');
    expect(d.decodedBody?.text).toBe(json);
  });

  it('commits a request before answering: a second connection sees it right after the response', async () => {
    const { core, base } = await setup();
    const db = new Database(path.join(core.dataDir, 'hookbench.db'), { readonly: true });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await send(`${base}/default/n${i}`, { body: `{"n":${i}}` });
        expect(res.status).toBe(200);
        const row = db.prepare('SELECT body FROM requests WHERE path = ?').get(`/n${i}`) as { body: Buffer } | undefined;
        expect(row?.body.toString()).toBe(`{"n":${i}}`);
      }
    } finally {
      db.close();
    }
  });

  it('stores bodies of every size exactly, past the end of the write ring and above its inline limit', async () => {
    const { core, base } = await setup();
    const big = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
    expect((await send(`${base}/default/big`, { body: big })).status).toBe(200);
    // ~12 MiB in varied sizes (more than the 8 MiB ring), 32 at a time; non-ASCII header values.
    const sizes = Array.from({ length: 400 }, (_, i) => (i * 7919) % 60_000);
    for (let i = 0; i < sizes.length; i += 32) {
      const part = sizes.slice(i, i + 32);
      await Promise.all(part.map((n, j) => send(`${base}/default/s${i + j}`, { headers: { 'x-n': `é${i + j}` }, body: Buffer.alloc(n, (i + j) & 0xff) })));
    }
    const db = new Database(path.join(core.dataDir, 'hookbench.db'), { readonly: true });
    try {
      const row = db.prepare('SELECT body, body_size FROM requests WHERE path = ?').get('/big') as { body: Buffer; body_size: number };
      expect(row.body_size).toBe(big.length);
      expect(row.body.equals(big)).toBe(true);
      const rows = db.prepare("SELECT path, body, body_size, headers FROM requests WHERE path LIKE '/s%'").all() as { path: string; body: Buffer; body_size: number; headers: string }[];
      expect(rows).toHaveLength(sizes.length);
      for (const r of rows) {
        const k = Number(r.path.slice(2));
        expect(r.body_size).toBe(sizes[k]);
        expect(r.body.equals(Buffer.alloc(sizes[k], k & 0xff))).toBe(true);
        expect(r.headers.split('\n')).toContain(`é${k}`); // a non-ASCII character, stored as UTF-8 text
      }
    } finally {
      db.close();
    }
  });

  it('answers 404 naming the inboxes for an unknown slug, or auto-creates it when enabled', async () => {
    const { core, base } = await setup();
    const res = await send(`${base}/nope/x`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text)).toMatchObject({ inboxes: ['default'] });
    expect(res.text).toContain('/default/');
    await core.call('settings.update', { receiverAutoCreateInboxes: true });
    expect((await send(`${base}/fresh/x`)).status).toBe(200);
    const { items } = await core.call('inboxes.list');
    expect(items.map((i) => i.slug).sort()).toEqual(['default', 'fresh']);
    expect((await core.call('requests.list', { inbox: 'fresh' })).total).toBe(1);
  });

  it('emits requests.received in batches with list items', async () => {
    const { core, base } = await setup();
    const batches: unknown[][] = [];
    core.events.subscribe((name, payload) => name === 'requests.received' && batches.push((payload as { items: unknown[] }).items));
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(`${base}/default/e${i}`, { body: 'x' })));
    await new Promise((r) => setTimeout(r, 300));
    expect(batches.flat()).toHaveLength(10);
    expect(batches.length).toBeLessThan(10);
  });
});
