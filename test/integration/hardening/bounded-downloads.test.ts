import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';

/**
 * What one API call holds stays bounded whatever is stored: requests.get inlines a preview of a
 * large raw body, and the whole body, its decoded form and exports of any size are streamed by
 * the headless host's download routes (auth-checked like the API).
 */
const TOKEN = 'download-token';
const MiB = 1024 * 1024;
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let base: string;

beforeAll(async () => {
  core = await startCore();
  // A small decoded-download cap so that refusing past it is cheap to show.
  host = await startHttpHost({
    core,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger: silentLogger,
    maxDecodedBytes: 32 * MiB,
  });
  base = (await core.call('receiver.status')).http!.baseUrl;
  await core.call('inboxes.create', { slug: 'big', maxBodyBytes: 64 * MiB });
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };
const api = (method: string, input: unknown) =>
  fetch(`${host.url}api/${method}`, { method: 'POST', headers: auth, body: JSON.stringify(input) });
const sha = (b: Buffer | Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');
const capture = async (path: string, body: Buffer, headers: Record<string, string> = {}) => {
  expect((await fetch(`${base}/big${path}`, { method: 'POST', headers, body: new Uint8Array(body) })).status).toBe(200);
  const { items } = await core.call('requests.list', { inbox: 'big', limit: 1 });
  return items[0].id;
};

describe('bounded API answers and streamed downloads', () => {
  it('requests.get inlines a 1 MiB preview of a large raw body; the whole body streams from GET /api/requests/<id>/body', async () => {
    const body = crypto.randomBytes(12 * MiB);
    const id = await capture('/raw', body, { 'content-type': 'application/octet-stream' });
    const res = await api('requests.get', { id });
    const text = await res.text();
    expect(res.status).toBe(200);
    const d = JSON.parse(text) as { body: { size: number; base64: string }; bodyTruncated?: boolean };
    expect(d.bodyTruncated).toBe(true);
    expect(d.body.size).toBe(body.length);
    expect(Buffer.from(d.body.base64, 'base64').equals(body.subarray(0, MiB))).toBe(true);
    expect(text.length).toBeLessThan(2 * MiB);

    const dl = await fetch(`${host.url}api/requests/${id}/body`, { headers: auth });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-length')).toBe(String(body.length));
    expect(dl.headers.get('content-disposition')).toMatch(/attachment; filename="request-\d+-body\.bin"/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha(Buffer.from(await dl.arrayBuffer()))).toBe(sha(body));

    // A small body is still inlined whole, without the flag.
    const small = await capture('/small', Buffer.from('{"ok":true}'), { 'content-type': 'application/json' });
    const s = (await (await api('requests.get', { id: small })).json()) as {
      body: { text: string };
      bodyTruncated?: boolean;
    };
    expect(s.body.text).toBe('{"ok":true}');
    expect(s.bodyTruncated).toBeUndefined();
  });

  it('download routes are auth-checked and answer clear errors', async () => {
    const id = await capture('/auth', Buffer.from('secret body'));
    expect((await fetch(`${host.url}api/requests/${id}/body`)).status).toBe(401);
    expect(
      (await fetch(`${host.url}api/requests/${id}/body`, { headers: { authorization: 'Bearer nope' } }))
        .status,
    ).toBe(401);
    expect(
      (await fetch(`${host.url}api/requests.export/file`, { method: 'POST', body: '{"inbox":"big"}' }))
        .status,
    ).toBe(401);
    const missing = await fetch(`${host.url}api/requests/99999999/body`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(
      (await fetch(`${host.url}api/requests/${id}/body`, { method: 'POST', headers: auth })).status,
    ).toBe(405);
    const bad = await fetch(`${host.url}api/requests.export/file`, {
      method: 'POST',
      headers: auth,
      body: '{"format":"zip","inbox":"big"}',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_input');
    const spec = (await (await fetch(`${host.url}api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/requests/{id}/body', '/api/requests.export/file']),
    );
    const notJson = await fetch(`${host.url}api/requests.export/file`, {
      method: 'POST',
      headers: auth,
      body: '{',
    });
    expect(notJson.status).toBe(400);
  });

  it('"Download decoded body" streams the whole inflated body, refuses past the cap before sending a byte, and reports undecodable bodies', async () => {
    const plain = Buffer.alloc(20 * MiB, 'hookbench ');
    const gz = zlib.gzipSync(plain, { level: 9 });
    const id = await capture('/gz', gz, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
    const dl = await fetch(`${host.url}api/requests/${id}/body?decoded=1`, { headers: auth });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-length')).toBe(String(plain.length));
    expect(dl.headers.get('content-type')).toBe('text/plain');
    expect(sha(Buffer.from(await dl.arrayBuffer()))).toBe(sha(plain));
    // As received: the compressed bytes.
    const raw = await fetch(`${host.url}api/requests/${id}/body`, { headers: auth });
    expect(raw.headers.get('content-disposition')).toMatch(/body\.gzip\.bin/);
    expect(sha(Buffer.from(await raw.arrayBuffer()))).toBe(sha(gz));

    // A bomb past the cap (here 32 MiB): a clear 413, no body streamed.
    const bomb = zlib.brotliCompressSync(Buffer.alloc(40 * MiB), {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 },
    });
    const bombId = await capture('/bomb', bomb, { 'content-encoding': 'br' });
    const refused = await fetch(`${host.url}api/requests/${bombId}/body?decoded=1`, { headers: auth });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
      /larger than 33554432 bytes.*as received/,
    );

    const broken = await capture('/broken', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' });
    const bad = await fetch(`${host.url}api/requests/${broken}/body?decoded=1`, { headers: auth });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(
      /could not be decoded/,
    );

    // Raw deflate (no zlib wrapper), as some senders send it.
    const rawDeflate = await capture('/deflate', zlib.deflateRawSync(Buffer.from('raw deflate body')), {
      'content-encoding': 'deflate',
    });
    const rd = await fetch(`${host.url}api/requests/${rawDeflate}/body?decoded=1`, { headers: auth });
    expect(await rd.text()).toBe('raw deflate body');
  });

  let hugeAttempt = 0;
  it('POST /api/requests.export/file streams exports past the 64 MiB that requests.export refuses', async () => {
    // An inbox of this attempt's own: CI runs a failed test once more, on the same core.
    const slug = `huge${++hugeAttempt}`;
    await core.call('inboxes.create', { slug, maxBodyBytes: 32 * MiB });
    const bodies = [0, 1, 2].map((i) => Buffer.alloc(23 * MiB, String.fromCharCode(97 + i)));
    for (const [i, b] of bodies.entries())
      expect((await fetch(`${base}/${slug}/x${i}`, { method: 'POST', body: b })).status).toBe(200);
    expect((await api('requests.export', { inbox: slug, format: 'har' })).status).toBe(413);

    for (const format of ['har', 'json'] as const) {
      const res = await fetch(`${host.url}api/requests.export/file`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ inbox: slug, format }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`filename="hookbench-${slug}-\\d{4}-\\d\\d-\\d\\d\\.${format}"`),
      );
      const parsed = JSON.parse(await res.text()) as unknown;
      const texts =
        format === 'har'
          ? (
              parsed as {
                log: {
                  version: string;
                  entries: { request: { postData: { text: string }; bodySize: number } }[];
                };
              }
            ).log.entries.map((e) => e.request.postData.text)
          : (parsed as { body: { text: string }; bodyTruncated?: boolean }[]).map((d) => {
              expect(d.bodyTruncated).toBeUndefined();
              return d.body.text;
            });
      expect(texts.map((t) => t.length)).toEqual(bodies.map((b) => b.length));
      expect(texts.map((t) => t[0])).toEqual(['a', 'b', 'c']);
    }
    // The same file as requests.export when both can build it.
    const ids = (await core.call('requests.list', { inbox: slug, limit: 1 })).items.map((i) => i.id);
    const viaApi = (await (await api('requests.export', { ids, format: 'har' })).json()) as {
      content: string;
    };
    const viaFile = await (
      await fetch(`${host.url}api/requests.export/file`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ ids, format: 'har' }),
      })
    ).text();
    expect(JSON.parse(viaFile)).toEqual(JSON.parse(viaApi.content));
  });

  it('a streamed export writes large binary and multibyte text bodies exactly as requests.export does', async () => {
    await core.call('inboxes.create', { slug: 'mixed', maxBodyBytes: 8 * MiB });
    const binary = crypto.randomBytes(3 * MiB + 1);
    const text = Buffer.from('ä€😀"\\\n\u0001x'.repeat(300_000));
    const small = Buffer.from('{"small":"ü"}');
    for (const [i, b] of [binary, text, small].entries())
      expect((await fetch(`${base}/mixed/m${i}`, { method: 'POST', body: b })).status).toBe(200);
    for (const format of ['har', 'json'] as const) {
      const built = (await (await api('requests.export', { inbox: 'mixed', format })).json()) as {
        content: string;
      };
      const streamed = await (
        await fetch(`${host.url}api/requests.export/file`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ inbox: 'mixed', format }),
        })
      ).text();
      expect(JSON.parse(streamed), format).toEqual(JSON.parse(built.content));
    }
    const json = JSON.parse(
      await (
        await fetch(`${host.url}api/requests.export/file`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ inbox: 'mixed', format: 'json' }),
        })
      ).text(),
    ) as { body: { base64: string; text: string | null } }[];
    expect(Buffer.from(json[0].body.base64, 'base64').equals(binary)).toBe(true);
    expect(json[0].body.text).toBeNull();
    expect(json[1].body.text).toBe(text.toString('utf8'));
  });
});
