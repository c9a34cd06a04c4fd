import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Har12 } from '../../helpers/har-1.2-schema';
import { send, useReceivers } from './helpers';

/** Issue 9 item 10: HAR that other tools import (HAR 1.2 as written, no made-up body encoding). */

const setup = useReceivers();

describe('HAR 1.2 export', () => {
  it('validates against HAR 1.2: text bodies as sent, binary and compressed bodies left out of postData with a comment, their bytes under _hookbench', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.update', {
      slug: 'default',
      rules: [{ match: { path: '/dropped' }, action: { type: 'drop' } }],
      response: { status: 201, headers: [['Content-Type', 'application/json'], ['X-Kind', 'test']], body: '{"made":true}' },
    });
    const binary = Buffer.from([0, 255, 1, 128, 10]);
    const gz = zlib.gzipSync('{"zipped":"café"}');
    const sent: Record<string, Buffer> = {
      '/json': Buffer.from('{"note":"café 😀"}'),
      '/bin': binary,
      '/gz': gz,
      '/form': Buffer.from('a=1&b=two+words'),
      '/dropped': Buffer.from('x'),
    };
    await send(`${base}/default/json?a=1&a=2&n=J%C3%B6rg`, { headers: { 'content-type': 'application/json' }, body: sent['/json'] });
    await send(`${base}/default/bin`, { headers: { 'content-type': 'application/octet-stream' }, body: binary });
    await send(`${base}/default/gz`, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gz });
    await send(`${base}/default/form`, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: sent['/form'] });
    await send(`${base}/default/get`, { method: 'GET' });
    await send(`${base}/default/dropped`, { body: 'x' }).catch(() => undefined);

    const out = await core.call('requests.export', { inbox: 'default', format: 'har' });
    expect(out.count).toBe(6);
    const har = Har12.parse(JSON.parse(out.content));
    expect(out.content).not.toContain('_encoding');
    type Entry = (typeof har.log.entries)[number] & { _hookbench: { bodyBase64?: string; number: number } };
    const byPath = new Map((har.log.entries as Entry[]).map((e) => [new URL(e.request.url).pathname.replace('/default', ''), e]));
    expect([...byPath.keys()]).toEqual(['/json', '/bin', '/gz', '/form', '/get', '/dropped']);

    const json = byPath.get('/json')!;
    expect(json.request.postData).toEqual({ mimeType: 'application/json', text: '{"note":"café 😀"}' });
    expect(json.request.queryString).toEqual([
      { name: 'a', value: '1' },
      { name: 'a', value: '2' },
      { name: 'n', value: 'Jörg' },
    ]);
    expect(json.request.bodySize).toBe(sent['/json'].length);
    expect(json.response).toMatchObject({ status: 201, statusText: 'Created', content: { mimeType: 'application/json', text: '{"made":true}', size: 13 } });
    expect(json._hookbench.number).toBe(1);

    // A text postData is always the body exactly as sent, never an encoding of it.
    for (const [path, e] of byPath) {
      const text = e.request.postData?.text;
      if (text !== undefined) expect(Buffer.from(text), path).toEqual(sent[path] ?? Buffer.alloc(0));
    }
    for (const path of ['/bin', '/gz']) {
      const e = byPath.get(path)!;
      expect(e.request.postData!.text, path).toBeUndefined();
      expect(e.request.postData!.comment).toMatch(/not included here: HAR 1\.2 keeps request bodies as text only/);
      expect(Buffer.from(e._hookbench.bodyBase64!, 'base64')).toEqual(sent[path]);
      expect(e.request.bodySize).toBe(sent[path].length);
    }
    expect(byPath.get('/gz')!.request.postData!.comment).toMatch(/gzip-encoded as sent/);
    expect(byPath.get('/get')!.request.postData).toBeUndefined();
    expect(byPath.get('/dropped')!.response).toMatchObject({ status: 0, statusText: 'Connection dropped' });
  });

  it('names a one-request export after the request, and an inbox export after the inbox', async () => {
    const { core, base } = await setup();
    await send(`${base}/default/first`, { body: 'x' });
    await send(`${base}/default/orders/created?x=1`, { body: 'x' });
    const [newest] = (await core.call('requests.list', { inbox: 'default' })).items;
    const one = await core.call('requests.export', { ids: [newest.id], format: 'har' });
    expect(one.filename).toBe('hookbench-default-2-post-orders-created.har');
    Har12.parse(JSON.parse(one.content));
    expect((await core.call('requests.export', { ids: [newest.id], format: 'json' })).filename).toBe('hookbench-default-2-post-orders-created.json');
    expect((await core.call('requests.export', { inbox: 'default', format: 'har' })).filename).toMatch(/^hookbench-default-\d{4}-\d\d-\d\d\.har$/);
  });

  it('the schema check fails what HAR 1.2 does not allow (so a pass means something)', () => {
    const good = {
      log: {
        version: '1.2',
        creator: { name: 'x', version: '1' },
        entries: [
          {
            startedDateTime: '2026-01-01T00:00:00.000Z',
            time: 1,
            request: { method: 'POST', url: 'http://127.0.0.1/x', httpVersion: 'HTTP/1.1', cookies: [], headers: [], queryString: [], headersSize: -1, bodySize: 0, postData: { mimeType: 'text/plain', text: 'x' } },
            response: { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', cookies: [], headers: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { send: 0, wait: 0, receive: 0 },
          },
        ],
      },
    };
    expect(Har12.safeParse(good).success).toBe(true);
    const bad = (edit: (h: any) => void) => {
      const h = structuredClone(good) as unknown;
      edit(h);
      return Har12.safeParse(h).success;
    };
    expect(bad((h) => (h.log.entries[0].request.postData.encoding = 'base64'))).toBe(false);
    expect(bad((h) => delete h.log.entries[0].timings.send)).toBe(false);
    expect(bad((h) => (h.log.entries[0].startedDateTime = 'yesterday'))).toBe(false);
    expect(bad((h) => delete h.log.entries[0].request.queryString)).toBe(false);
    expect(bad((h) => (h.log.entries[0].response.status = '200'))).toBe(false);
    expect(bad((h) => (h.log.entries[0]._custom = 1))).toBe(true);
  });
});
