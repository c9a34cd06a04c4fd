import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { methods } from '../../../src/shared/contract';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';

/**
 * Inputs that used to overflow the stack further in (schema parsing, JSON.stringify, template
 * rendering, XML conversion) are refused at the boundary with a clear 400, for every method and
 * every field, and change nothing.
 */
const TOKEN = 'depth-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger, maxBodyBytes: 4 * 1024 * 1024 });
  await core.call('endpoints.create', { name: 'all', url: 'http://127.0.0.1:9/hook', topics: ['*'], contentType: 'application/xml' });
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

/** A JSON text nested n deep, built as text (building it as an object and stringifying would overflow here). */
const deepText = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObjectText = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

type ApiError = { error: { code: string; message: string; issues?: { path: (string | number)[] }[] } };

const post = (method: string, body: string) =>
  fetch(`${host.url}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body });

describe('nesting depth and template complexity are capped at the boundary', () => {
  it('events.send and events.preview with a payload nested 20,000 deep answer 400 over HTTP', async () => {
    for (const payload of [deepText(20_000), deepObjectText(20_000), '[{"x":'.repeat(5_000) + '1' + '}]'.repeat(5_000)]) {
      for (const method of ['events.send', 'events.preview']) {
        const res = await post(method, `{"topic":"file.created","payload":${payload}}`);
        expect(res.status, method).toBe(400);
        const body = (await res.json()) as ApiError;
        expect(body.error.code).toBe('invalid_input');
        expect(body.error.message).toMatch(/Nested deeper than/);
      }
    }
    expect((await core.call('deliveries.list', {})).items).toHaveLength(0);
  });

  it('every field of every method refuses a deeply nested value with 400, never a 500', async () => {
    const deep = JSON.parse(deepText(20_000));
    // Otherwise valid inputs, so the deep value is what gets judged.
    const base: Record<string, Record<string, unknown>> = {
      'events.send': { topic: 'file.created' },
      'events.preview': { topic: 'file.created' },
      'endpoints.create': { name: 'n', url: 'https://example.com/h', topics: ['a'] },
      'inboxes.create': { slug: 'deep-one' },
      'inboxes.update': { slug: 'default' },
      'catalog.create': { topic: 'deep.topic', sample: '{}' },
      'signing.sign': { scheme: 'standard-webhooks', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], body: '{}' },
    };
    let checked = 0;
    for (const [name, def] of Object.entries(methods)) {
      const shape = (def.input as { shape?: Record<string, unknown> }).shape ?? {};
      for (const field of [...Object.keys(shape), '']) {
        const input = field ? { ...base[name], [field]: deep } : deep;
        const res = await core.invoke(name, input);
        expect(res.ok, `${name}.${field}`).toBe(false);
        if (!res.ok) expect(res.error.code, `${name}.${field}: ${res.error.message}`).toBe('invalid_input');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('templates with 10,000 nested ifs or long !/and chains answer 400 naming the problem', async () => {
    const templates = [
      '{% if a %}'.repeat(10_000) + 'x' + '{% endif %}'.repeat(10_000),
      `{% if ${'!'.repeat(50_000)}a %}x{% endif %}`,
      `{% if a${' and a'.repeat(20_000)} %}x{% endif %}`,
    ];
    for (const template of templates) {
      for (const method of ['events.send', 'events.preview']) {
        const res = await post(method, JSON.stringify({ topic: 'file.created', payload: { a: 1 }, template }));
        expect(res.status, method).toBe(400);
        expect(((await res.json()) as ApiError).error.message).toMatch(/nested more than|too long/);
      }
    }
  });

  it('data within the cap still goes through', async () => {
    const res = await post('events.preview', `{"topic":"file.created","payload":${deepObjectText(100)}}`);
    expect(res.status).toBe(200);
  });
});
