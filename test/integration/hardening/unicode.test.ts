import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/util/logger';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { startCore } from '../../helpers/temp-core';

/**
 * API strings must be well-formed: a body that is not UTF-8, or JSON whose strings (or keys)
 * hold a lone UTF-16 surrogate, is refused with 400 and nothing is stored, so every later answer
 * stays valid JSON for strict parsers.
 */
const TOKEN = 'utf-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

const post = (method: string, body: Buffer | string) =>
  fetch(`${host.url}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : new Uint8Array(body) });

/** A strict reader: the bytes must be UTF-8 and the text must hold no lone surrogate escape or character. */
async function strictJson(res: Response): Promise<unknown> {
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(isUtf8(bytes)).toBe(true);
  const text = bytes.toString('utf8');
  expect(/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|(?<!\\ud[89ab][0-9a-f]{2})\\ud[c-f][0-9a-f]{2}/i.test(text)).toBe(false);
  expect(/\p{Surrogate}/u.test(text)).toBe(false);
  return JSON.parse(text);
}

const inboxNames = async () => ((await strictJson(await post('inboxes.list', '{}'))) as { items: { name: string }[] }).items.map((i) => i.name);

describe('invalid UTF-8 and lone surrogates', () => {
  it('a body that is not UTF-8 answers 400 and stores nothing', async () => {
    const before = await inboxNames();
    for (const bad of [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf]]) {
      const body = Buffer.concat([Buffer.from('{"slug":"bytes-x","name":"a'), Buffer.from(bad), Buffer.from('b"}')]);
      const res = await post('inboxes.create', body);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/UTF-8/);
    }
    expect(await inboxNames()).toEqual(before);
  });

  it('lone surrogates in any string or key, escaped or raw, answer 400 and store nothing', async () => {
    const before = await inboxNames();
    const cases: [string, string][] = [
      ['inboxes.create', '{"slug":"s1","name":"x\\ud800"}'],
      ['inboxes.create', '{"slug":"s2","name":"\\udfff tail"}'],
      ['inboxes.create', '{"slug":"s3","name":"ok","response":{"status":200,"body":"\\ud83d"}}'],
      ['endpoints.create', '{"name":"e\\udc00","url":"https://example.com/h","topics":["a"]}'],
      ['catalog.create', '{"topic":"u.one","description":"\\ud800\\ud800","sample":"{}"}'],
      ['events.send', '{"topic":"a.b","payload":{"k\\ud800":1}}'],
      ['events.send', '{"topic":"a.b","payload":["ok","\\udbff"]}'],
    ];
    for (const [method, body] of cases) {
      const res = await post(method, body);
      expect(res.status, body).toBe(400);
      const err = ((await res.json()) as { error: { code: string; issues: { path: unknown[] }[] } }).error;
      expect(err.code).toBe('invalid_input');
      expect(err.issues[0].path.length).toBeGreaterThan(0);
    }
    expect(await inboxNames()).toEqual(before);
    expect(((await strictJson(await post('endpoints.list', '{}'))) as { items: unknown[] }).items).toHaveLength(0);
    // A proper pair (an emoji) is fine.
    expect((await post('inboxes.create', '{"slug":"emoji","name":"\\ud83d\\ude00 ok"}')).status).toBe(200);
    expect(await inboxNames()).toContain('\u{1F600} ok');
  });

  it('any string with a lone surrogate anywhere is refused (property)', async () => {
    const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
    const text = fc.tuple(fc.string({ maxLength: 8 }), lone, fc.string({ maxLength: 8 })).map(([a, s, b]) => a + s + b).filter((s) => /\p{Surrogate}/u.test(s));
    await fc.assert(
      fc.asyncProperty(text, fc.constantFrom('name', 'description'), async (s, field) => {
        const input = field === 'name' ? { slug: 'prop', name: s } : { topic: 'p.q', description: s, sample: '{}' };
        const res = await core.invoke(field === 'name' ? 'inboxes.create' : 'catalog.create', input);
        expect(res.ok).toBe(false);
      }),
      { seed: 8, numRuns: 300 },
    );
    expect((await core.call('inboxes.list')).items.map((i) => i.slug)).not.toContain('prop');
    expect((await core.invoke('catalog.get', { topic: 'p.q' })).ok).toBe(false);
  });
});
