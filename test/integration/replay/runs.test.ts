import Database from 'better-sqlite3';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { startCore, tempDir } from '../../helpers/temp-core';
import { header, settle, startSink, until, type Received, type TestCore } from '../dispatcher/helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const stdHeaders = (r: Received) => ({
  'webhook-id': header(r, 'webhook-id'),
  'webhook-timestamp': header(r, 'webhook-timestamp'),
  'webhook-signature': header(r, 'webhook-signature'),
});

/** A consumer whose answer the test switches (before/after a "fix"). */
async function consumer() {
  const state = { version: 1, status: 200 };
  const sink = await startSink(() => ({
    status: state.status,
    headers: { 'content-type': 'application/json', date: new Date().toUTCString() },
    body: JSON.stringify({ ok: true, version: state.version, id: Math.random().toString(36).slice(2) }),
  }));
  cleanups.push(() => sink.close());
  return { sink, state };
}

async function core(dataDir?: string) {
  const c = await startCore(dataDir ? { dataDir } : {});
  cleanups.push(() => c.close());
  return c;
}

async function deliveries(c: TestCore, url: string, n: number) {
  const ep = await c.call('endpoints.create', {
    name: 'consumer',
    url: `${url}/hooks/in`,
    topics: ['order.created'],
  });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const sent = await c.call('events.send', {
      topic: 'order.created',
      payload: { order: i, total: 10 * i },
      endpointIds: [ep.id],
    });
    ids.push(sent.deliveryIds[0]);
  }
  for (const id of ids) await settle(c, id);
  return { ep, ids };
}

const finished = (c: TestCore, id: string, ms = 15_000) =>
  until(async () => {
    const r = await c.call('runs.get', { id });
    return r.run.status !== 'running' && r.run.counts.pending === 0 ? r.run : null;
  }, ms);

describe('replay runs of deliveries', () => {
  it('replays to the original endpoint with new ids, re-signed, and shows which answers changed', async () => {
    const c = await core();
    const { sink, state } = await consumer();
    const { ep, ids } = await deliveries(c, sink.url, 4);
    state.version = 2; // the consumer now answers differently
    const run = await c.call('runs.create', {
      source: { type: 'deliveries', filter: { endpointId: ep.id } },
    });
    expect(run.counts.total).toBe(4);
    const done = await finished(c, run.id);
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({ total: 4, done: 4, changed: 4, same: 0, failed: 0, notSent: 0 });
    expect(sink.received).toHaveLength(8);
    for (const r of sink.received.slice(4)) {
      const id = header(r, 'webhook-id');
      expect(ids).not.toContain(id); // a new delivery id
      expect(new Webhook(ep.secret).verify(r.body.toString(), stdHeaders(r))).toBeTruthy();
      expect(r.url).toBe('/hooks/in');
    }
    const page = await c.call('runs.get', { id: run.id, filter: 'changed', item: 0 });
    expect(page.matching).toBe(4);
    const cmp = page.item!.comparison!;
    expect(cmp.verdict).toBe('changed');
    expect(cmp.status.same).toBe(true);
    // The random "id" field and the Date header are ignored by default; only version changed.
    expect(cmp.body).toMatchObject({
      kind: 'json',
      changes: [{ path: '$.version', kind: 'changed', before: 1, after: 2 }],
    });
    expect(cmp.headers).toEqual([]);
    expect(page.item!.sentId).toBe(header(sink.received[4], 'webhook-id'));
  });

  it('keeps the delivery id and the exact bytes when asked, and a base URL target replaces origin and path prefix', async () => {
    const c = await core();
    const { sink } = await consumer();
    const { ep, ids } = await deliveries(c, sink.url, 2);
    const staging = await consumer();
    const run = await c.call('runs.create', {
      source: { type: 'deliveries', ids },
      target: { type: 'url', baseUrl: `${staging.sink.url}/v2`, stripPrefix: '/hooks' },
      options: { keepId: true },
    });
    const done = await finished(c, run.id);
    expect(done.counts).toMatchObject({ same: 2, changed: 0 });
    expect(staging.sink.received).toHaveLength(2);
    staging.sink.received.forEach((r, i) => {
      expect(r.url).toBe('/v2/in');
      expect(header(r, 'webhook-id')).toBe(ids[i]);
      expect(r.body.toString()).toBe(sink.received[i].body.toString());
      expect(new Webhook(ep.secret).verify(r.body.toString(), stdHeaders(r))).toBeTruthy();
    });
  });

  it('stops on the first failure and reports the rest as not sent; failures are counted', async () => {
    const c = await core();
    const { sink, state } = await consumer();
    const { ids } = await deliveries(c, sink.url, 5);
    state.status = 500;
    const run = await c.call('runs.create', {
      source: { type: 'deliveries', ids },
      options: { concurrency: 1, stopOnFailure: true },
    });
    const done = await finished(c, run.id);
    expect(done.status).toBe('stopped');
    expect(done.counts.failed).toBe(1);
    expect(done.counts.notSent).toBe(4);
    expect(done.note).toMatch(/first failure/);
    expect(sink.received).toHaveLength(6);
  });

  it('pauses, resumes and cancels a rate-limited run; progress is pushed as events', async () => {
    const c = await core();
    const { sink } = await consumer();
    const { ids } = await deliveries(c, sink.url, 12);
    const progress: number[] = [];
    c.events.subscribe((name, payload) => {
      if (name === 'runs.progress') progress.push((payload as { counts: { done: number } }).counts.done);
    });
    const run = await c.call('runs.create', {
      source: { type: 'deliveries', ids },
      options: { concurrency: 1, ratePerSecond: 20 },
    });
    await until(async () => (await c.call('runs.get', { id: run.id })).run.counts.done >= 3);
    await c.call('runs.pause', { id: run.id });
    await new Promise((r) => setTimeout(r, 300));
    const paused = (await c.call('runs.get', { id: run.id })).run;
    expect(paused.status).toBe('paused');
    const sentWhilePaused = sink.received.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.received.length).toBe(sentWhilePaused);
    await c.call('runs.resume', { id: run.id });
    await until(
      async () => (await c.call('runs.get', { id: run.id })).run.counts.done >= paused.counts.done + 2,
    );
    const cancelled = await c.call('runs.cancel', { id: run.id });
    expect(cancelled.status).toBe('cancelled');
    const done = await finished(c, run.id);
    expect(done.counts.notSent).toBeGreaterThan(0);
    expect(done.counts.done + done.counts.notSent).toBe(12);
    expect(sink.received.length - 12).toBe(done.counts.done);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeGreaterThanOrEqual(3);
  });

  it('survives a restart: unsent items continue, an item caught mid-send is reported and never sent twice', async () => {
    const dataDir = tempDir();
    const c = await core(dataDir);
    const { sink } = await consumer();
    const { ids } = await deliveries(c, sink.url, 10);
    const run = await c.call('runs.create', {
      source: { type: 'deliveries', ids },
      options: { concurrency: 1, ratePerSecond: 10 },
    });
    await until(async () => (await c.call('runs.get', { id: run.id })).run.counts.done >= 2);
    await c.close();
    const sentBefore = sink.received.length - 10;
    // As if the process had been killed while item 9 was going out.
    const db = new Database(path.join(dataDir, 'hookbench.db'));
    const pending = db
      .prepare("SELECT COUNT(*) AS n FROM replay_items WHERE run_id = ? AND state = 'pending'")
      .get(run.id) as { n: number };
    expect(pending.n).toBeGreaterThan(1);
    db.prepare(
      "UPDATE replay_items SET state = 'sending' WHERE run_id = ? AND idx = 9 AND state = 'pending'",
    ).run(run.id);
    db.close();
    const c2 = await core(dataDir);
    const done = await finished(c2, run.id);
    expect(done.status).toBe('completed');
    expect(done.counts.notSent).toBe(1);
    expect(done.counts.done).toBe(9);
    const replayed = sink.received.slice(10);
    expect(replayed.length).toBe(9);
    expect(sentBefore).toBeLessThan(9);
    const sentIds = replayed.map((r) => header(r, 'webhook-id'));
    expect(new Set(sentIds).size).toBe(9);
    const item9 = (await c2.call('runs.get', { id: run.id, item: 9 })).item!;
    expect(item9.state).toBe('not_sent');
    expect(item9.error).toMatch(/may or may not have arrived/);
  });
});

describe('replay runs of captured requests, collections and exports', () => {
  async function capture(c: TestCore, n: number) {
    await c.call('inboxes.create', { slug: 'src' });
    await c.call('inboxes.create', { slug: 'dst' });
    const status = await c.call('receiver.status');
    const base = status.http!.baseUrl;
    for (let i = 0; i < n; i++) {
      await fetch(`${base}/src/hook/${i}?x=${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'webhook-id': `msg_captured_${i}`, 'x-custom': 'yes' },
        body: JSON.stringify({ n: i }),
      });
    }
    await until(async () => (await c.call('requests.list', { inbox: 'src' })).total === n);
  }

  it('replays captured requests to another inbox with the captured signature kept', async () => {
    const c = await core();
    await capture(c, 3);
    const run = await c.call('runs.create', {
      source: { type: 'requests', inbox: 'src' },
      target: { type: 'inbox', slug: 'dst' },
      options: { keepId: true, signing: { mode: 'keep' } },
    });
    const done = await finished(c, run.id);
    expect(done.counts).toMatchObject({ done: 3, same: 3, failed: 0 });
    const got = await until(async () => {
      const l = await c.call('requests.list', { inbox: 'dst' });
      return l.total === 3 ? l : null;
    });
    const detail = await c.call('requests.get', { id: got.items[0].id });
    expect(detail.path).toBe('/hook/2');
    expect(detail.query).toBe('x=2');
    expect(detail.headers.find(([k]) => k.toLowerCase() === 'webhook-id')?.[1]).toBe('msg_captured_2');
    expect(detail.headers.find(([k]) => k.toLowerCase() === 'x-custom')?.[1]).toBe('yes');
  });

  it('refuses captured requests without a way to sign, and keep-signature with a new id', async () => {
    const c = await core();
    await capture(c, 1);
    await expect(c.call('runs.create', { source: { type: 'requests', inbox: 'src' } })).rejects.toThrow(
      /no endpoint to re-sign/,
    );
    await expect(
      c.call('runs.create', {
        source: { type: 'requests', inbox: 'src' },
        options: { signing: { mode: 'keep' } },
      }),
    ).rejects.toThrow(/keep id/);
    await expect(
      c.call('runs.create', {
        source: { type: 'requests', inbox: 'src' },
        options: { signing: { mode: 'none' }, compare: { ignorePaths: ['$.[x'] } },
      }),
    ).rejects.toThrow(/ignore paths/);
  });

  it('signs with a given scheme and secret, new ids replacing the captured ones', async () => {
    const c = await core();
    await capture(c, 1);
    const { sink } = await consumer();
    const secret = 'whsec_' + Buffer.from('a-secret-of-32-bytes-for-replays').toString('base64');
    const run = await c.call('runs.create', {
      source: { type: 'requests', inbox: 'src' },
      target: { type: 'url', baseUrl: sink.url },
      options: { signing: { mode: 'secret', scheme: 'standard-webhooks', secret } },
    });
    await finished(c, run.id);
    const r = sink.received[0];
    expect(header(r, 'webhook-id')).not.toBe('msg_captured_0');
    expect(new Webhook(secret).verify(r.body.toString(), stdHeaders(r))).toMatchObject({ n: 0 });
    expect(r.url).toBe('/hook/0?x=0');
    // The run never shows the secret.
    expect(JSON.stringify(await c.call('runs.list'))).not.toContain(secret);
  });

  it('exports a collection from an inbox, imports it in a fresh data dir and replays it to another inbox', async () => {
    const c = await core();
    await capture(c, 3);
    const file = await c.call('collections.export', { source: { type: 'requests', inbox: 'src' } });
    expect(file.count).toBe(3);
    expect(file.filename).toMatch(/\.hookbench\.json$/);
    const fresh = await core();
    await fresh.call('inboxes.create', { slug: 'other' });
    const imp = await fresh.call('collections.import', { content: file.content });
    expect(imp).toMatchObject({ imported: 3, rejected: [] });
    const run = await fresh.call('runs.create', {
      source: { type: 'collection', collectionId: imp.collection!.id },
      target: { type: 'inbox', slug: 'other' },
      options: { keepId: true, signing: { mode: 'keep' } },
    });
    const done = await finished(fresh, run.id);
    expect(done.counts).toMatchObject({ done: 3, same: 3 });
    const got = await until(async () => {
      const l = await fresh.call('requests.list', { inbox: 'other' });
      return l.total === 3 ? l : null;
    });
    expect(got.items.map((i) => i.path).sort()).toEqual(['/hook/0', '/hook/1', '/hook/2']);
  });

  it('lists rejected items with reasons and imports nothing unless asked to skip them', async () => {
    const c = await core();
    const content = JSON.stringify({
      format: 'hookbench.collection',
      version: 1,
      items: [{ url: '/ok', body: { text: '{}' } }, { url: 'ftp://nope' }, { method: 'post', url: '/x' }],
    });
    const strict = await c.call('collections.import', { content });
    expect(strict.imported).toBe(0);
    expect(strict.collection).toBeNull();
    expect(strict.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(strict.rejected[0].reason).toMatch(/url/);
    expect((await c.call('collections.list')).items).toHaveLength(0);
    const loose = await c.call('collections.import', { content, skipInvalid: true });
    expect(loose.imported).toBe(1);
    const bad = await c.call('collections.import', { content: '{"format":"other"}' });
    expect(bad.rejected[0]).toMatchObject({ index: -1 });
    expect(bad.rejected[0].reason).toMatch(/Not a Hookbench collection/);
    await expect(c.call('collections.import', { path: '/nonexistent/file.hookbench.json' })).rejects.toThrow(
      /no file/,
    );
  });

  it('exports results as JSON and JUnit, and compares two runs of the same source', async () => {
    const c = await core();
    const { sink, state } = await consumer();
    const { ids } = await deliveries(c, sink.url, 3);
    const before = await c.call('runs.create', { source: { type: 'deliveries', ids } });
    await finished(c, before.id);
    state.version = 3;
    state.status = 422;
    const after = await c.call('runs.create', { source: { type: 'run', runId: before.id } });
    const done = await finished(c, after.id);
    expect(done.counts).toMatchObject({ changed: 3, failed: 3 });
    const cmp = await c.call('runs.compare', { id: before.id, against: after.id });
    expect(cmp.counts).toEqual({ same: 0, changed: 3, missing: 0 });
    expect(cmp.items[0].comparison!.status).toEqual({ same: false, before: 200, after: 422 });
    const rebaseline = await c.call('runs.compare', {
      id: after.id,
      compare: { ignorePaths: ['$..version', '$..id'] },
    });
    expect(rebaseline.items[0].comparison!.body.same).toBe(true);
    const junit = await c.call('runs.export', { id: after.id, format: 'junit' });
    expect(junit.content).toContain('<testsuites name="hookbench replay" tests="3" failures="3"');
    expect(junit.content).toMatch(/<failure message="answered 422, not 2xx"/);
    const json = JSON.parse((await c.call('runs.export', { id: after.id, format: 'json' })).content);
    expect(json.items).toHaveLength(3);
    expect(json.items[0].response.status).toBe(422);
    const col = JSON.parse((await c.call('runs.export', { id: after.id, format: 'collection' })).content);
    expect(col.items[0].baseline.status).toBe(422);
    await c.call('runs.delete', { id: before.id });
    expect((await c.call('runs.list')).items.map((r) => r.id)).toEqual([after.id]);
  });
});
