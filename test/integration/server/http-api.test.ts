import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { silentLogger } from '../../../src/core/util/logger';
import { startCore } from '../../helpers/temp-core';

let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
const TOKEN = 'test-token-123';

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger, maxBodyBytes: 1024 * 1024 });
});
afterAll(async () => {
  await host.close();
  await core.close();
});

/** Response bodies are whatever JSON the server sent; the assertions check their shape. */
const json = (res: Response): Promise<any> => res.json();

const post = (method: string, body: string | undefined, headers: Record<string, string> = {}) =>
  fetch(`${host.url}api/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body,
  });

/** A raw request, so the Host header can be anything (fetch does not let us set it). */
const rawGet = (path: string, hostHeader: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path, method: 'GET', headers: { host: hostHeader, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });

describe('headless host HTTP API', () => {
  it('answers a method with 200 and its JSON output', async () => {
    const res = await post('app.info', '{}');
    expect(res.status).toBe(200);
    const info = await json(res);
    expect(info).toMatchObject({ name: 'Hookbench', host: 'headless', dataDir: core.dataDir });
  });

  it('accepts an empty body as {}', async () => {
    const res = await post('settings.get', undefined);
    expect(res.status).toBe(200);
    expect((await json(res)).theme).toBe('system');
  });

  it('signs and verifies through the API: a round trip is valid, a changed body is not', async () => {
    const schemes = await json(await post('signing.schemes', '{}'));
    expect(schemes.map((x: { id: string }) => x.id)).toContain('standard-webhooks');
    const { secret } = await json(await post('signing.generateSecret', '{"scheme":"standard-webhooks"}'));
    expect(secret).toMatch(/^whsec_/);
    const body = '{"type":"invoice.paid"}';
    const signInput = { scheme: 'standard-webhooks', secrets: [secret], body, id: 'msg_1', timestamp: 1_700_000_000 };
    const signed = await json(await post('signing.sign', JSON.stringify(signInput)));
    expect(signed.headers.map(([k]: [string, string]) => k)).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
    const check = async (b: string) => {
      const input = { scheme: 'standard-webhooks', secrets: [secret], body: b, headers: signed.headers, now: 1_700_000_000 };
      return json(await post('signing.verify', JSON.stringify(input)));
    };
    expect((await check(body)).status).toBe('valid');
    expect((await check(body + ' ')).status).toBe('invalid');
  });

  it('answers 401 without the token or with a wrong one, and changes nothing', async () => {
    const none = await fetch(`${host.url}api/settings.update`, { method: 'POST', body: '{"theme":"dark"}' });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect((await json(none)).error.code).toBe('unauthorized');
    const wrong = await post('settings.update', '{"theme":"dark"}', { authorization: 'Bearer nope' });
    expect(wrong.status).toBe(401);
    // The token is compared exactly: not without case, not as a prefix, not without the scheme.
    for (const authorization of [`Bearer ${TOKEN.toUpperCase()}`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, TOKEN, `Basic ${TOKEN}`]) {
      expect((await post('settings.update', '{"theme":"dark"}', { authorization })).status, authorization).toBe(401);
    }
    // The scheme name itself is case-insensitive (RFC 9110), and surrounding spaces do not matter.
    expect((await post('settings.get', '{}', { authorization: `bearer   ${TOKEN} ` })).status).toBe(200);
    expect((await json(await post('settings.get', '{}'))).theme).toBe('system');
  });

  it('answers 400 with issues for invalid input, and changes nothing', async () => {
    const res = await post('settings.update', JSON.stringify({ theme: 'neon', extra: 1 }));
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/settings.update/);
    expect(body.error.issues.length).toBeGreaterThanOrEqual(1);
    expect((await json(await post('settings.get', '{}'))).theme).toBe('system');
  });

  it('answers 400 for a body that is not JSON', async () => {
    const res = await post('settings.update', '{"theme":');
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(/not valid JSON/);
  });

  it('answers 404 for an unknown method and 405 for a GET on a method', async () => {
    const res = await post('nothing.here', '{}');
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('unknown_method');
    const get = await fetch(`${host.url}api/app.info`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
  });

  it('answers 413 for a body over the limit', async () => {
    const res = await post('settings.update', JSON.stringify({ theme: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
  });

  it('refuses a foreign Host header (DNS rebinding) but accepts its own names', async () => {
    const evil = await rawGet('/api/openapi.json', `evil.example:${host.port}`);
    expect(evil.status).toBe(403);
    expect(evil.body).toMatch(/not allowed/);
    const wrongPort = await rawGet('/api/openapi.json', `127.0.0.1:1`);
    expect(wrongPort.status).toBe(403);
    expect((await rawGet('/api/openapi.json', `localhost:${host.port}`)).status).toBe(200);
    expect((await rawGet('/api/openapi.json', `127.0.0.1:${host.port}`)).status).toBe(200);
    // Bound to loopback, an IP literal of another interface is not one of our names.
    expect((await rawGet('/api/openapi.json', `192.168.1.5:${host.port}`)).status).toBe(403);
    expect((await rawGet('/api/openapi.json', `[::1]:${host.port}`)).status).toBe(200);
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const res = await fetch(`${host.url}api/openapi.json`);
    const doc = await json(res);
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/settings.update');
    const schema = doc.paths['/api/settings.update'].post.requestBody.content['application/json'].schema;
    expect(schema.properties.theme.enum).toEqual(['system', 'light', 'dark']);
    expect(schema.additionalProperties).toBe(false);
  });

  it('pushes events over SSE', async () => {
    const controller = new AbortController();
    const res = await fetch(`${host.url}api/events`, { headers: { authorization: `Bearer ${TOKEN}` }, signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    await reader.read(); // ": connected"
    await post('settings.update', JSON.stringify({ timeFormat: 'utc' }));
    let text = '';
    while (!text.includes('\n\n') || !text.includes('settings.changed')) text += (await reader.read()).value;
    expect(text).toContain('event: settings.changed');
    const data = JSON.parse(/data: (.*)/.exec(text)![1]);
    expect(data.timeFormat).toBe('utc');
    controller.abort();
    await post('settings.update', JSON.stringify({ timeFormat: 'relative' }));
  });

  it('refuses SSE without the token', async () => {
    const res = await fetch(`${host.url}api/events`);
    expect(res.status).toBe(401);
  });

  it('sends security headers and no CORS allowance', async () => {
    const res = await post('app.info', '{}', { origin: 'http://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
