import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-core';
import { rawExchange, send, startReceiver, waitFor, type TestCore, useReceivers } from './helpers';

/** Issue 9 item 9: per-inbox numbers, search inside compressed bodies, the refused-requests list. */

const setup = useReceivers();

const numbers = async (core: TestCore, inbox: string) => (await core.call('requests.list', { inbox })).items.map((i) => i.number);

describe('inspector: request numbers per inbox', () => {
  it('numbers each inbox from #1, interleaved traffic included, and never reuses a number after deletes or a restart', async () => {
    const dataDir = tempDir();
    const first = await startReceiver({ dataDir });
    await first.core.call('inboxes.create', { slug: 'a' });
    await first.core.call('inboxes.create', { slug: 'b' });
    for (let i = 0; i < 3; i++) {
      await send(`${first.base}/a/x`, { body: `a${i}` });
      await send(`${first.base}/b/x`, { body: `b${i}` });
    }
    await send(`${first.base}/b/x`, { body: 'b3' });
    expect(await numbers(first.core, 'a')).toEqual([3, 2, 1]);
    expect(await numbers(first.core, 'b')).toEqual([4, 3, 2, 1]);
    // Ids are global; numbers are not.
    const a = (await first.core.call('requests.list', { inbox: 'a' })).items;
    expect(a[0].id).not.toBe(3);
    expect((await first.core.call('requests.get', { id: a[0].id })).number).toBe(3);

    // Delete the newest of b, then restart: b goes on at #5, not #4 again.
    const bNewest = (await first.core.call('requests.list', { inbox: 'b' })).items[0];
    await first.core.call('requests.delete', { ids: [bNewest.id] });
    await first.core.call('inboxes.clear', { slug: 'a' });
    await first.core.close();

    const again = await setup({ dataDir });
    await send(`${again.base}/b/x`, { body: 'b5' });
    await send(`${again.base}/a/x`, { body: 'a4' });
    expect(await numbers(again.core, 'b')).toEqual([5, 3, 2, 1]);
    expect(await numbers(again.core, 'a')).toEqual([4]);
  });

  it('names a duplicate by the number of the request it repeats, in the list, the detail and the live event', async () => {
    const { core, base } = await setup();
    const live: { number: number; duplicateOfNumber: number | null }[] = [];
    core.events.subscribe((name, p) => {
      if (name === 'requests.received') live.push(...(p as { items: { number: number; duplicateOfNumber: number | null }[] }).items);
    });
    await core.call('inboxes.create', { slug: 'other' });
    await send(`${base}/other/x`, { body: 'pad' }); // ids and numbers differ from here on
    await send(`${base}/default/x`, { headers: { 'webhook-id': 'msg_1' }, body: '1' });
    await send(`${base}/default/x`, { headers: { 'webhook-id': 'msg_1' }, body: '1' });
    const [dup, orig] = (await core.call('requests.list', { inbox: 'default' })).items;
    expect(dup.duplicateOf).toBe(orig.id);
    expect(dup.duplicateOfNumber).toBe(1);
    expect(orig.duplicateOfNumber).toBeNull();
    expect((await core.call('requests.get', { id: dup.id })).duplicateOfNumber).toBe(1);
    await waitFor(() => live.length, (n) => n >= 3);
    expect(live[live.length - 1]).toMatchObject({ number: 2, duplicateOfNumber: 1 });
  });
});

describe('inspector: search inside compressed bodies', () => {
  it('finds a word inside gzip, br, deflate and raw-deflate bodies, and still filters by the other conditions', async () => {
    const { core, base } = await setup();
    const json = (word: string) => Buffer.from(JSON.stringify({ word, pad: 'x'.repeat(200) }));
    await send(`${base}/default/gz`, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(json('Pineapple')) });
    await send(`${base}/default/br`, { headers: { 'content-encoding': 'br' }, body: zlib.brotliCompressSync(json('pineapple')) });
    await send(`${base}/default/df`, { method: 'PUT', headers: { 'content-encoding': 'deflate' }, body: zlib.deflateSync(json('PINEAPPLE')) });
    await send(`${base}/default/raw`, { headers: { 'content-encoding': 'deflate' }, body: zlib.deflateRawSync(json('pineapple')) });
    await send(`${base}/default/plain`, { body: json('pineapple') });
    await send(`${base}/default/other`, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(json('banana')) });
    // The raw bytes do not hold the word: only decoding finds it.
    expect(zlib.gzipSync(json('Pineapple')).includes('Pineapple')).toBe(false);

    const found = await core.call('requests.list', { inbox: 'default', query: 'pineapple' });
    expect(found.items.map((i) => i.path).sort()).toEqual(['/br', '/df', '/gz', '/plain', '/raw']);
    expect(found.total).toBe(5);
    expect(found.decodedSearch).toEqual({ searched: 5, complete: true });
    const put = await core.call('requests.list', { inbox: 'default', query: { text: 'pineapple', methods: ['PUT'] } });
    expect(put.items.map((i) => i.path)).toEqual(['/df']);
    expect((await core.call('requests.list', { inbox: 'default', query: 'banana' })).items.map((i) => i.path)).toEqual(['/other']);
    // No text: no decoding, no decodedSearch.
    expect((await core.call('requests.list', { inbox: 'default' })).decodedSearch).toBeUndefined();
    // Export with a text query follows the same matches.
    const exp = await core.call('requests.export', { inbox: 'default', query: 'banana', format: 'json' });
    expect(exp.count).toBe(1);
  });

  it('looks at most 1 MiB into a body (a bomb does not inflate further), and survives corrupt and unknown encodings', async () => {
    const { core, base } = await setup();
    // 64 MiB of zeros, then the word: beyond what search decodes.
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.alloc(64 * 1024 * 1024), Buffer.from('deepword')]));
    expect(bomb.length).toBeLessThan(200 * 1024);
    await send(`${base}/default/bomb`, { headers: { 'content-encoding': 'gzip' }, body: bomb });
    await send(`${base}/default/early`, { headers: { 'content-encoding': 'gzip' }, body: zlib.gzipSync(Buffer.concat([Buffer.from('deepword'), Buffer.alloc(1024 * 1024)])) });
    await send(`${base}/default/corrupt`, { headers: { 'content-encoding': 'gzip' }, body: Buffer.from('deepword but not gzip') });
    await send(`${base}/default/weird`, { headers: { 'content-encoding': 'zstd-or-whatever' }, body: Buffer.from('?deepword?') });
    const rss0 = process.memoryUsage().rss;
    const found = await core.call('requests.list', { inbox: 'default', query: 'deepword' });
    // Corrupt and unknown encodings still match on their stored bytes; the bomb does not match.
    expect(found.items.map((i) => i.path).sort()).toEqual(['/corrupt', '/early', '/weird']);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(48 * 1024 * 1024);
    // Bad input to the boundary: a text query longer than allowed is refused, nothing changes.
    const bad = await core.invoke('requests.list', { inbox: 'default', query: 'x'.repeat(1001) });
    expect(bad.ok).toBe(false);
  });
});

describe('inspector: refused requests', () => {
  it('keeps unknown-inbox, too-large, malformed and CONNECT refusals with their reason, newest first, filtered by inbox', async () => {
    const { core, base, port } = await setup();
    const events: unknown[] = [];
    core.events.subscribe((name, p) => name === 'requests.rejected' && events.push(...(p as { items: unknown[] }).items));
    await core.call('inboxes.create', { slug: 'small', maxBodyBytes: 10 });
    await core.call('inboxes.create', { slug: 'elsewhere', maxBodyBytes: 1 });
    expect((await send(`${base}/nosuch/x?y=1`, { body: 'hi' })).status).toBe(404);
    expect((await send(`${base}/small/big`, { body: 'way more than ten bytes' })).status).toBe(413);
    expect((await send(`${base}/elsewhere/big`, { body: 'too big' })).status).toBe(413);
    const garbage = await rawExchange(port, ['THIS IS NOT HTTP\r\n\r\n']);
    expect(garbage.text).toMatch(/^HTTP\/1.1 400/);
    await rawExchange(port, ['CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n']);

    const all = await core.call('requests.rejected', {});
    expect(all.total).toBe(5);
    expect(all.items.map((r) => r.status)).toEqual([405, 400, 413, 413, 404]);
    expect(all.items[4]).toMatchObject({ inbox: null, method: 'POST', target: '/nosuch/x?y=1', remoteAddress: '127.0.0.1', reason: 'There is no inbox "nosuch".' });
    expect(all.items[3]).toMatchObject({ inbox: 'small', method: 'POST', target: '/small/big' });
    expect(all.items[3].reason).toMatch(/limit of 10 bytes/);
    expect(all.items[1]).toMatchObject({ inbox: null, method: null, target: null });
    expect(all.items[1].reason).toMatch(/^Bad Request/);

    // One inbox sees its own refusals and those that reached no inbox, not another inbox's.
    const small = await core.call('requests.rejected', { inbox: 'small' });
    expect(small.items.map((r) => r.target)).toEqual(['example.com:443', null, '/small/big', '/nosuch/x?y=1']);
    expect((await core.call('requests.rejected', { inbox: 'small', limit: 1 })).items).toHaveLength(1);
    // Refused requests are not stored.
    expect((await core.call('requests.list', { inbox: 'small' })).total).toBe(0);
    await waitFor(() => events.length, (n) => n >= 5);
    expect(events).toHaveLength(5);
    expect((await core.call('receiver.status')).rejectedSinceStart).toBe(5);

    // Bad input: nothing changes.
    for (const input of [{ limit: 0 }, { limit: 501 }, { inbox: 'Bad Slug' }, { extra: 1 }, { limit: 'ten' }]) {
      const r = await core.invoke('requests.rejected', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
    }
  });

  it('keeps only the last 500 and cuts long targets', async () => {
    const { core, base } = await setup();
    for (let i = 0; i < 510; i++) await send(`${base}/missing-${i}/`, { method: 'GET' });
    await send(`${base}/missing/${'y'.repeat(5000)}`, { method: 'GET' });
    const r = await core.call('requests.rejected', { limit: 500 });
    expect(r.total).toBe(500);
    expect(r.items[0].target!.length).toBe(2048);
    expect(r.items[499].target).toBe('/missing-11/');
  });
});
