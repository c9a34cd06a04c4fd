import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore, tempDir } from '../../helpers/temp-core';
import { rawExchange } from './raw-http';

/**
 * Every response of the headless host carries the security headers (CSP, nosniff, frame
 * protection), whatever produced it: the API, the static files, the router's errors, or the
 * HTTP parser giving up on a malformed request.
 */
const TOKEN = 'hdr-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let bare: HttpHost;

beforeAll(async () => {
  core = await startCore();
  const ui = tempDir('hookbench-ui-');
  fs.mkdirSync(path.join(ui, 'assets'));
  fs.writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Hookbench</title>');
  fs.writeFileSync(path.join(ui, 'assets', 'app.js'), 'console.log(1)');
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger, staticDir: ui, maxBodyBytes: 1024 });
  // A UI directory that was never built: the 503 page.
  bare = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger, staticDir: tempDir('hookbench-empty-ui-') });
});
afterAll(async () => {
  await bare?.close();
  await host?.close();
  await core?.close();
});

const headersOf = (text: string): Map<string, string> => {
  const head = text.split('\r\n\r\n')[0].split('\r\n').slice(1);
  return new Map(head.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
};

const req = (port: number, line: string, headers: string[] = [], body = '') =>
  rawExchange(port, [line, `Host: 127.0.0.1:${port}`, 'Connection: close', ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'));

describe('security headers on every response', () => {
  it('API, static, router errors and parser errors all carry CSP, nosniff and frame protection', async () => {
    const auth = `Authorization: Bearer ${TOKEN}`;
    const p = () => host.port;
    const cases: [string, Promise<{ status: number | null; text: string }>, number][] = [
      ['UI', req(p(), 'GET / HTTP/1.1'), 200],
      ['asset', req(p(), 'GET /assets/app.js HTTP/1.1'), 200],
      ['missing asset', req(p(), 'GET /assets/nope.js HTTP/1.1'), 404],
      ['bad path escape', req(p(), 'GET /%ff%fe HTTP/1.1'), 400],
      ['path with NUL', req(p(), 'GET /a%00b HTTP/1.1'), 400],
      ['malformed target', req(p(), 'GET //%zz/x HTTP/1.1'), 400],
      ['openapi', req(p(), 'GET /api/openapi.json HTTP/1.1'), 200],
      ['no token', req(p(), 'POST /api/app.info HTTP/1.1'), 401],
      ['foreign host', rawExchange(p(), 'GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n'), 403],
      ['unknown method', req(p(), 'POST /api/nope.nope HTTP/1.1', [auth]), 404],
      ['GET on a method', req(p(), 'GET /api/app.info HTTP/1.1', [auth]), 405],
      ['POST on the UI', req(p(), 'POST /index.html HTTP/1.1'), 404],
      ['body too large', req(p(), 'POST /api/app.info HTTP/1.1', [auth], 'x'.repeat(2000)), 413],
      ['not JSON', req(p(), 'POST /api/app.info HTTP/1.1', [auth], '{'), 400],
      ['invalid input', req(p(), 'POST /api/settings.update HTTP/1.1', [auth], '{"theme":1}'), 400],
      ['parser error', rawExchange(p(), 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'), 400],
      ['header overflow', rawExchange(p(), `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`), 431],
      ['CONNECT', rawExchange(p(), `CONNECT 127.0.0.1:${p()} HTTP/1.1\r\nHost: 127.0.0.1:${p()}\r\n\r\n`), 405],
      ['odd Expect', req(p(), 'POST /api/app.info HTTP/1.1', [auth, 'Expect: teapot']), 417],
      ['UI not built', req(bare.port, 'GET / HTTP/1.1'), 503],
    ];
    for (const [what, pending, status] of cases) {
      const res = await pending;
      expect(res.status, what).toBe(status);
      const h = headersOf(res.text);
      expect(h.get('content-security-policy'), what).toMatch(/default-src 'self'.*frame-ancestors 'none'/);
      expect(h.get('x-content-type-options'), what).toBe('nosniff');
      expect(h.get('x-frame-options'), what).toBe('DENY');
    }
  });
});
