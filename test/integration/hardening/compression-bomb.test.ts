import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';

/**
 * Compressed bodies that inflate a thousandfold: what one API call answers and holds stays
 * bounded (a 1 MiB decoded preview, exports of the bytes as received), and an oversized API
 * body is refused before it is parsed.
 */
const TOKEN = 'bomb-token';
const MiB = 1024 * 1024;
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let base: string;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
  base = (await core.call('receiver.status')).http!.baseUrl;
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

const api = (method: string, input: unknown) =>
  fetch(`${host.url}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: JSON.stringify(input) });

const zeros = Buffer.alloc(24 * MiB);
const BOMBS: [string, Buffer][] = [
  ['gzip', zlib.gzipSync(zeros, { level: 9 })],
  ['deflate', zlib.deflateSync(zeros, { level: 9 })],
  ['br', zlib.brotliCompressSync(zeros, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })],
  ['gzip, gzip', zlib.gzipSync(zlib.gzipSync(zeros, { level: 9 }), { level: 9 })],
];

describe('compression bombs', () => {
  it('requests.get answers a bounded decoded preview, whatever the ratio', async () => {
    const ids: number[] = [];
    for (const [encoding, body] of BOMBS) {
      const res = await fetch(`${base}/default/bomb`, { method: 'POST', headers: { 'content-encoding': encoding, 'content-type': 'text/plain' }, body: new Uint8Array(body) });
      expect(res.status).toBe(200);
    }
    const small = zlib.gzipSync(Buffer.from('{"small":true}'));
    await fetch(`${base}/default/small`, { method: 'POST', headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' }, body: small });
    const { items } = await core.call('requests.list', { inbox: 'default' });
    ids.push(...items.map((i) => i.id));
    expect(ids).toHaveLength(BOMBS.length + 1);

    // All at once: decoding runs off the event loop, so they overlap instead of queueing.
    const answers = await Promise.all(ids.map((id) => api('requests.get', { id }).then(async (r) => ({ status: r.status, text: await r.text() }))));
    for (const a of answers) {
      expect(a.status).toBe(200);
      const d = JSON.parse(a.text) as { path: string; body: { size: number }; decodedBody: { size: number; text: string | null } | null; decodedTruncated?: boolean; contentEncoding: string };
      if (d.path === '/small') {
        expect(d.decodedBody?.text).toBe('{"small":true}');
        expect(d.decodedTruncated).toBe(false);
        continue;
      }
      expect(d.decodedTruncated, d.contentEncoding).toBe(true);
      expect(d.decodedBody!.size).toBeLessThanOrEqual(MiB);
      expect(d.decodedBody!.size).toBeGreaterThan(MiB - 4);
      // The whole answer: the raw bytes (base64) and the preview (base64 + text, NULs escaped), nothing more.
      expect(a.text.length, d.contentEncoding).toBeLessThan(d.body.size * 2 + 10 * MiB);
    }
  });

  it('exports carry the bytes as received, not the inflated bodies', async () => {
    for (const format of ['har', 'json']) {
      const res = await api('requests.export', { inbox: 'default', format });
      expect(res.status).toBe(200);
      const text = await res.text();
      const raw = BOMBS.reduce((n, [, b]) => n + b.length, 0);
      expect(text.length, format).toBeLessThan(raw * 3 + MiB);
    }
  });

  it('an export that would carry more than 64 MiB of stored bodies is refused with a hint, not built', async () => {
    await core.call('inboxes.create', { slug: 'big', maxBodyBytes: 32 * MiB });
    const body = Buffer.alloc(22 * MiB, 'a');
    for (let i = 0; i < 3; i++) expect((await fetch(`${base}/big/x${i}`, { method: 'POST', body })).status).toBe(200);
    const res = await api('requests.export', { inbox: 'big', format: 'har' });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/Export fewer requests/);
    const fewer = await api('requests.export', { inbox: 'big', format: 'har', limit: 2 });
    expect(fewer.status).toBe(200);
  });

  it('an API body over the limit is refused before it is parsed', async () => {
    const payload = 'x'.repeat(20 * MiB);
    const res = await api('events.send', { topic: 'a.b', payload });
    expect(res.status).toBe(413);
  });
});
