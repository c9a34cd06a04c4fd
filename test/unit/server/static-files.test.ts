import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../../src/server/static-files';

let dir: string;
let root: string;
let server: http.Server;
let port: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-static-'));
  root = path.join(dir, 'ui');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'logo.svg'), '<svg/>');
  fs.writeFileSync(path.join(root, 'data.bin'), 'xx');
  fs.writeFileSync(path.join(root, 'docs', 'index.html'), 'docs');
  fs.mkdirSync(path.join(root, 'empty-dir'));
  for (const ext of ['html', 'js', 'mjs', 'css', 'json', 'svg', 'png', 'ico', 'woff2', 'map'])
    fs.writeFileSync(path.join(root, `types.${ext}`), 'x');
  // Next to the root, with a name that starts like it: must never be served.
  fs.mkdirSync(path.join(dir, 'ui-secret'));
  fs.writeFileSync(path.join(dir, 'ui-secret', 'key.txt'), 'SECRET');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'SECRET');
  server = http.createServer((req, res) => {
    const r = req.url?.startsWith('/nobuild') ? path.join(dir, 'empty') : root;
    // The host hands over the target's path (its query cut off), as http-server.ts does.
    serveStatic(r, (req.url ?? '/').split('?')[0], req, res, { 'x-frame-options': 'DENY' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so the path reaches the server exactly as written (no client-side normalising). */
const get = (p: string, method = 'GET') =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('static files of the headless host', () => {
  it('serves index.html at / with the given headers, its type and no caching', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.body).toBe('<!doctype html><title>app</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['content-length']).toBe(String(r.body.length));
  });

  it('serves hashed assets as immutable, with their type', async () => {
    const r = await get('/assets/app-1234.js');
    expect(r.body).toBe('console.log(1)');
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/logo.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get('/data.bin')).headers['content-type']).toBe('application/octet-stream');
  });

  it('sends each known file type with its content type', async () => {
    const types: Record<string, string> = {
      html: 'text/html; charset=utf-8',
      js: 'text/javascript; charset=utf-8',
      mjs: 'text/javascript; charset=utf-8',
      css: 'text/css; charset=utf-8',
      json: 'application/json',
      svg: 'image/svg+xml',
      png: 'image/png',
      ico: 'image/x-icon',
      woff2: 'font/woff2',
      map: 'application/json',
    };
    for (const [ext, type] of Object.entries(types))
      expect((await get(`/types.${ext}`)).headers['content-type'], ext).toBe(type);
  });

  it('treats a directory without index.html as a client-side route', async () => {
    const r = await get('/empty-dir');
    expect(r.status).toBe(200);
    expect(r.body).toBe('<!doctype html><title>app</title>');
  });

  it('serves a directory by its index.html', async () => {
    expect((await get('/docs')).body).toBe('docs');
    expect((await get('/docs/')).body).toBe('docs');
  });

  it('falls back to index.html for client-side routes, but 404s a missing file', async () => {
    const route = await get('/inbox/default');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<title>app</title>');
    const missing = await get('/assets/gone.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('Not found');
    expect(missing.headers['content-type']).toBe('text/plain');
  });

  it('never serves a file outside its root, however the path is written', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/../../secret.txt',
      '/../ui-secret/key.txt',
      '/%2e%2e/ui-secret/key.txt',
    ]) {
      const r = await get(p);
      expect(r.body, p).not.toContain('SECRET');
      expect(r.status, p).toBe(404);
    }
  });

  it('answers 400 for a path that is not valid percent-encoding', async () => {
    const r = await get('/%E0%A4%A');
    expect(r.status).toBe(400);
    expect(r.body).toBe('Bad path');
    expect(r.headers['content-type']).toBe('text/plain');
  });

  it('answers HEAD with the headers and no body', async () => {
    const r = await get('/', 'HEAD');
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(r.headers['content-length']).toBe(String('<!doctype html><title>app</title>'.length));
  });

  it('says the UI is not built when there is no index.html', async () => {
    const r = await get('/nobuild/anything');
    expect(r.status).toBe(503);
    expect(r.body).toMatch(/has not been built/);
    expect(r.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});
