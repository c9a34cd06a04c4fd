import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { silentLogger } from '../../../src/core/util/logger';
import { startCore } from '../../helpers/temp-core';
import { startSink, type Sink } from '../dispatcher/helpers';
import { apiClient, until } from './api-client';

/**
 * Replay runs and collections driven through the headless host: requests captured by the real
 * receiver are exported as a collection, imported, replayed against a local server whose answers
 * change, compared and exported as JUnit, with progress pushed over GET /api/events.
 */

const TOKEN = 'replay-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let sink: Sink;
const consumer = { version: 1, status: 200 };
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
  api = apiClient(host.url, TOKEN);
  sink = await startSink(() => ({
    status: consumer.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ok: consumer.status < 300, version: consumer.version }),
  }));
});
afterAll(async () => {
  await sink?.close();
  await host?.close();
  await core?.close();
});

const finished = (id: string) =>
  until(async () => {
    const r = await api.call('runs.get', { id });
    return r.run.status !== 'running' && r.run.status !== 'paused' && r.run.counts.pending === 0 ? r.run : null;
  });

describe('replay through the HTTP API', () => {
  let collectionId = '';
  let firstRun = '';

  it('exports captured requests as a collection and imports it; the import is listed', async () => {
    await api.call('inboxes.create', { slug: 'src' });
    const base = (await api.call('receiver.status')).http.baseUrl;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/src/orders/${i}?n=${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shop': 'demo' },
        body: JSON.stringify({ order: i }),
      });
      expect(res.status).toBeLessThan(300);
    }
    await until(async () => (await api.call('requests.list', { inbox: 'src' })).total === 3);

    const file = await api.call('collections.export', { source: { type: 'requests', inbox: 'src' }, name: 'orders' });
    expect(file.count).toBe(3);
    expect(file.filename).toMatch(/\.hookbench\.json$/);
    const parsed = JSON.parse(file.content);
    expect(parsed.format).toBe('hookbench.collection');
    expect(parsed.items.map((i: { url: string }) => i.url).sort()).toEqual(['/src/orders/0?n=0', '/src/orders/1?n=1', '/src/orders/2?n=2']);

    expect((await api.call('collections.list')).items).toHaveLength(0);
    const imp = await api.call('collections.import', { content: file.content, name: 'orders' });
    expect(imp).toMatchObject({ imported: 3, rejected: [] });
    collectionId = imp.collection.id;
    const list = await api.call('collections.list');
    expect(list.items).toEqual([expect.objectContaining({ id: collectionId, name: 'orders' })]);

    // A broken file is refused with reasons, and nothing is imported.
    const bad = await api.call('collections.import', { content: '{"format":"other"}' });
    expect(bad.collection).toBeNull();
    expect(bad.rejected[0].reason).toMatch(/Not a Hookbench collection/);
    expect((await api.call('collections.list')).items).toHaveLength(1);
    // Both content and path: a 400 that changes nothing.
    await expect(api.call('collections.import', { content: file.content, path: '/tmp/x' })).rejects.toMatchObject({ status: 400 });
  });

  it('runs the collection against a local server, reruns it after the answers change, compares and exports JUnit', async () => {
    const sse = await api.events();
    try {
      const run = await api.call('runs.create', {
        name: 'before',
        source: { type: 'collection', collectionId },
        target: { type: 'url', baseUrl: `${sink.url}/staging`, stripPrefix: '/src' },
        options: { signing: { mode: 'none' } },
      });
      expect(run.counts.total).toBe(3);
      firstRun = run.id;
      const before = await finished(run.id);
      expect(before.status).toBe('completed');
      expect(before.counts).toMatchObject({ done: 3, failed: 0, notSent: 0 });
      expect(sink.received).toHaveLength(3);
      expect(sink.received.map((r) => r.url).sort()).toEqual(['/staging/orders/0?n=0', '/staging/orders/1?n=1', '/staging/orders/2?n=2']);
      expect(sink.received[0].headers['x-shop']).toBe('demo');

      const created = await sse.waitFor('runs.changed', (d) => d.id === run.id && d.change === 'created');
      expect(created.run.name).toBe('before');
      await sse.waitFor('runs.changed', (d) => d.id === run.id && d.change === 'finished');
      const progress = await sse.waitFor('runs.progress', (d) => d.id === run.id && d.counts.done === 3);
      expect(progress.counts.total).toBe(3);

      // The consumer now answers differently: a rerun of the same items shows every answer changed.
      consumer.version = 2;
      consumer.status = 422;
      const after = await api.call('runs.create', {
        name: 'after',
        source: { type: 'run', runId: run.id },
        target: { type: 'url', baseUrl: `${sink.url}/staging`, stripPrefix: '/src' },
        options: { signing: { mode: 'none' } },
      });
      const done = await finished(after.id);
      expect(done.counts).toMatchObject({ total: 3, changed: 3, failed: 3 });
      expect(sink.received).toHaveLength(6);

      const page = await api.call('runs.get', { id: after.id, filter: 'changed', item: 0 });
      expect(page.matching).toBe(3);
      expect(page.item.comparison.status).toEqual({ same: false, before: 200, after: 422 });

      const cmp = await api.call('runs.compare', { id: run.id, against: after.id });
      expect(cmp.counts).toEqual({ same: 0, changed: 3, missing: 0 });
      expect(cmp.items[0].comparison.body.changes).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: '$.version', before: 1, after: 2 })]),
      );
      // Ignoring what changed in the body leaves only the status as a difference.
      const ignoring = await api.call('runs.compare', { id: after.id, compare: { ignorePaths: ['$.version', '$.ok'] } });
      expect(ignoring.items.every((i: { comparison: { body: { same: boolean } } }) => i.comparison.body.same)).toBe(true);

      const junit = await api.call('runs.export', { id: after.id, format: 'junit' });
      expect(junit.filename).toMatch(/\.xml$/);
      expect(junit.content).toContain('<testsuites name="hookbench replay" tests="3" failures="3"');
      expect(junit.content).toMatch(/<failure message="answered 422, not 2xx"/);
      // The first run differs from the receiver's answers captured with the requests (its baselines):
      // failures by default, none when a changed answer is not to fail.
      expect((await api.call('runs.export', { id: run.id, format: 'junit' })).content).toContain('tests="3" failures="3"');
      const lenient = await api.call('runs.export', { id: run.id, format: 'junit', failOnChanged: false });
      expect(lenient.content).toContain('tests="3" failures="0"');
      const json = JSON.parse((await api.call('runs.export', { id: after.id, format: 'json' })).content);
      expect(json.items.map((i: { response: { status: number } }) => i.response.status)).toEqual([422, 422, 422]);
    } finally {
      await sse.close();
    }
  });

  it('creates a run paused, resumes, pauses and cancels it; the server sees only what was sent', async () => {
    consumer.version = 1;
    consumer.status = 200;
    const sse = await api.events();
    try {
      const sentBefore = sink.received.length;
      const run = await api.call('runs.create', {
        source: { type: 'collection', collectionId },
        target: { type: 'url', baseUrl: sink.url },
        options: { signing: { mode: 'none' }, concurrency: 1, ratePerSecond: 2 },
        paused: true,
      });
      expect(run.status).toBe('paused');
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.received.length).toBe(sentBefore);

      expect((await api.call('runs.resume', { id: run.id })).status).toBe('running');
      await until(async () => (await api.call('runs.get', { id: run.id })).run.counts.done >= 1);
      const paused = await api.call('runs.pause', { id: run.id });
      expect(paused.status).toBe('paused');
      await new Promise((r) => setTimeout(r, 200));
      const sentWhilePaused = sink.received.length;
      await new Promise((r) => setTimeout(r, 700));
      expect(sink.received.length).toBe(sentWhilePaused);
      await sse.waitFor('runs.changed', (d) => d.id === run.id && d.change === 'updated' && d.run?.status === 'paused');

      const cancelled = await api.call('runs.cancel', { id: run.id });
      expect(cancelled.status).toBe('cancelled');
      const done = await finished(run.id);
      expect(done.counts.notSent).toBeGreaterThan(0);
      expect(done.counts.done + done.counts.notSent).toBe(3);
      expect(sink.received.length - sentBefore).toBe(done.counts.done);

      // Deleting a finished run removes it and its results.
      expect(await api.call('runs.delete', { id: run.id })).toEqual({ id: run.id, deleted: true });
      await sse.waitFor('runs.changed', (d) => d.id === run.id && d.change === 'deleted');
      const ids = (await api.call('runs.list')).items.map((r: { id: string }) => r.id);
      expect(ids).not.toContain(run.id);
      expect(ids).toContain(firstRun);
      await expect(api.call('runs.get', { id: run.id })).rejects.toMatchObject({ status: 404 });
    } finally {
      await sse.close();
    }
  });
});
