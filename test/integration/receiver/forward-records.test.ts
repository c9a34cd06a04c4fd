import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { send, startReceiver, type TestCore } from './helpers';

/** Issue 9 item 6: a forward is a record of what was sent, linked both ways to the request it became. */

const cores: TestCore[] = [];
const servers: http.Server[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
  while (servers.length) await new Promise((r) => servers.pop()!.close(r));
});

async function setup() {
  const r = await startReceiver();
  cores.push(r.core);
  return r;
}

describe('forwards as records', () => {
  it('keeps the edited body and the headers sent, and links a forward to this receiver with the request it was captured as, both ways', async () => {
    const { core, base } = await setup();
    await core.call('inboxes.create', { slug: 'target', response: { status: 202, body: '{"took":true}' } });
    await send(`${base}/default/orders?x=1`, { headers: { 'content-type': 'application/json', 'X-Sig': 'abc' }, body: '{"n":1}' });
    const [orig] = (await core.call('requests.list', { inbox: 'default' })).items;

    const fwd = await core.call('requests.forward', { id: orig.id, url: `${base}/target/in`, bodyText: '{"n":2,"edited":true}', method: 'put' });
    expect(fwd.response?.status).toBe(202);
    expect(fwd.method).toBe('PUT');
    expect(fwd.body).toMatchObject({ text: '{"n":2,"edited":true}', size: 21 });
    expect(fwd.headers).toContainEqual(['X-Sig', 'abc']);
    const link = fwd.headers.find(([k]) => k === 'X-Hookbench-Forward')?.[1];
    expect(link).toMatch(/^fwd_/);

    const [captured] = (await core.call('requests.list', { inbox: 'target' })).items;
    expect(fwd.capturedAs).toEqual({ id: captured.id, inbox: 'target', number: 1 });
    const detail = await core.call('requests.get', { id: captured.id });
    expect(detail.body.text).toBe('{"n":2,"edited":true}');
    expect(detail.method).toBe('PUT');
    expect(detail.forwardedFrom).toEqual({ forwardId: fwd.id, requestId: orig.id, inbox: 'default', number: 1 });
    // And from the original: its forwards list the record with the link.
    const again = await core.call('requests.get', { id: orig.id });
    expect(again.forwards).toHaveLength(1);
    expect(again.forwards[0]).toMatchObject({ id: fwd.id, capturedAs: { id: captured.id }, body: { text: '{"n":2,"edited":true}' } });
    expect(again.forwardedFrom).toBeNull();
  });

  it('an unedited forward elsewhere records body null (the captured body), no link header and no captured request', async () => {
    const { core, base } = await setup();
    let got = '';
    const seenHeaders: string[] = [];
    const srv = http.createServer((req, res) => {
      seenHeaders.push(...Object.keys(req.headers));
      req.on('data', (c) => (got += c));
      req.on('end', () => res.end('ok'));
    });
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as AddressInfo).port;
    await send(`${base}/default/x`, { body: 'as captured' });
    const [orig] = (await core.call('requests.list', { inbox: 'default' })).items;
    const fwd = await core.call('requests.forward', { id: orig.id, url: `http://127.0.0.1:${port}/y` });
    expect(got).toBe('as captured');
    expect(seenHeaders).not.toContain('x-hookbench-forward');
    expect(fwd.body).toBeNull();
    expect(fwd.capturedAs).toBeNull();
    // A failed forward is a record too.
    const dead = await core.call('requests.forward', { id: orig.id, url: 'http://127.0.0.1:1/nothing', bodyBase64: Buffer.from([0, 1, 2]).toString('base64') });
    expect(dead.response).toBeNull();
    expect(dead.error).toBeTruthy();
    expect(dead.body).toMatchObject({ size: 3, text: '\u0000\u0001\u0002' });
  });

  it('refuses bad forward input and changes nothing', async () => {
    const { core, base } = await setup();
    await send(`${base}/default/x`, { body: 'b' });
    const [orig] = (await core.call('requests.list', { inbox: 'default' })).items;
    for (const input of [
      { id: orig.id, url: 'ftp://x/' },
      { id: orig.id, url: `${base}/default/`, bodyText: 'a', bodyBase64: 'YQ==' },
      { id: orig.id, url: `${base}/default/`, method: 'PO ST' },
      { id: 999_999, url: `${base}/default/` },
      { id: orig.id, url: `${base}/default/`, extra: 1 },
    ]) {
      expect((await core.invoke('requests.forward', input)).ok, JSON.stringify(input)).toBe(false);
    }
    expect((await core.call('requests.get', { id: orig.id })).forwards).toEqual([]);
    expect((await core.call('requests.list', { inbox: 'default' })).total).toBe(1);
  });
});
