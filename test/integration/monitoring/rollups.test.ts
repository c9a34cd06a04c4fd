import { afterEach, describe, expect, it } from 'vitest';
import { createFakeClock } from '../../../src/core/util/clock';
import { startCore, tempDir } from '../../helpers/temp-core';
import { send } from '../receiver/helpers';
import { until } from '../dispatcher/helpers';
import { normalize, readRollups, recount } from './helpers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Core = Awaited<ReturnType<typeof startCore>>;

const compare = (core: Core) => {
  const expected = recount(core.db);
  const got = readRollups(core.db, expected);
  return {
    expected: { endpoint: normalize(expected.endpoint), topic: normalize(expected.topic), inbox: normalize(expected.inbox) },
    got: { endpoint: normalize(got.endpoint), topic: normalize(got.topic), inbox: normalize(got.inbox) },
  };
};

/** Deliveries to the local inbox, whose rules fail some; plus direct requests signed badly, unsigned and duplicated. */
async function traffic(core: Core) {
  const status = await core.call('receiver.status');
  const base = status.http!.baseUrl;
  await core.call('inboxes.update', {
    slug: 'default',
    rules: [
      { match: { bodyContains: 'FAIL' }, action: { type: 'respond', status: 500, body: 'boom' } },
      { match: { bodyContains: 'NOPE' }, action: { type: 'respond', status: 404, body: 'no' } },
      { match: { bodyContains: 'DROP' }, action: { type: 'drop' } },
    ],
  });
  // Attempts without any answer (connection refused): no status, no latency. (Never disabled
  // after failures in a row here, so every delivery gets its attempts.)
  await core.call('settings.update', { dispatchDisableAfterFailures: 0 });
  await core.call('endpoints.create', { name: 'closed', url: 'http://127.0.0.1:1/x', topics: ['order.created'], retry: { delays: [] } });
  const ep = await core.call('endpoints.create', {
    name: 'local',
    url: `${base}/default/hook`,
    topics: ['order.*'],
    retry: { delays: [0, 0] },
  });
  const ids: string[] = [];
  for (let i = 0; i < 24; i++) {
    const mode = i % 6 === 0 ? 'FAIL' : i % 6 === 1 ? 'NOPE' : 'fine';
    const r = await core.call('events.send', { topic: i % 2 ? 'order.paid' : 'order.created', payload: { i, mode } });
    ids.push(...r.deliveryIds);
  }
  await until(
    () =>
      (core.db.prepare(`SELECT COUNT(*) AS n FROM dispatch_deliveries WHERE status IN ('pending', 'retrying')`).get() as { n: number }).n === 0,
    20_000,
  );
  for (let i = 0; i < 3; i++) await send(`${base}/default/direct`, { body: `{"n":${i}}` });
  // A request answered by dropping the connection: stored, with no status.
  await send(`${base}/default/direct`, { body: 'DROP' }).catch(() => null);
  for (let i = 0; i < 2; i++) await send(`${base}/default/direct`, { headers: { 'webhook-id': 'msg_same' }, body: '{}' });
  return { ep, ids };
}

describe('stats rollups', () => {
  it('are kept as attempts and requests are written, and match a recount from the raw rows after a restart', async () => {
    const dataDir = tempDir();
    let core = await startCore({ dataDir });
    await traffic(core);
    // 24 deliveries to the inbox: 4 fail with 500 three times, 4 fail with 404 (retried too), 16
    // succeed; 12 more to a closed port fail at once without an answer.
    const before = compare(core);
    expect(before.got).toEqual(before.expected);
    const sum = (k: string) =>
      Object.values(before.got.endpoint).reduce((n, c) => n + (c[k] ?? 0), 0);
    expect(sum('attempts')).toBe(16 + 8 * 3 + 12);
    expect(sum('succeeded')).toBe(16);
    expect(sum('retried')).toBe(16);
    expect(sum('failed')).toBe(8 + 12);
    expect(sum('cerr')).toBe(12);
    expect(sum('timed')).toBe(40);
    expect(sum('c5')).toBe(12);
    expect(sum('c4')).toBe(12);
    const inboxRequests = Object.values(before.got.inbox).reduce((n, c) => n + c.requests, 0);
    expect(inboxRequests).toBe(40 + 6);
    expect(Object.values(before.got.inbox).reduce((n, c) => n + (c.a2 ?? 0), 0)).toBe(16 + 5);
    expect(Object.values(before.got.inbox).reduce((n, c) => n + c.duplicates, 0)).toBeGreaterThanOrEqual(1);
    await core.close();

    core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    const after = compare(core);
    expect(after.got).toEqual(after.expected);
    expect(after.got).toEqual(before.got);

    // The overview reads the same numbers.
    const o = await core.call('stats.overview', { window: '1h' });
    expect(o.totals).toMatchObject({ attempts: 52, succeeded: 16, retried: 16, failed: 20 });
    expect(o.statusClasses).toEqual({ s2xx: 16, s3xx: 0, s4xx: 12, s5xx: 12, none: 12 });
    expect(o.recentFailures).toHaveLength(10);
    const paid = await core.call('stats.overview', { window: '1h', topic: 'order.paid' });
    expect(paid.totals.attempts).toBe(20);
    const inbox = await core.call('stats.inbox', { window: '1h', slug: 'default' });
    expect(inbox.totals.requests).toBe(46);
    expect(inbox.totals.a5xx).toBe(12);
    expect(inbox.totals.a4xx).toBe(12);
    expect(inbox.totals.aNone).toBe(1);
  }, 60_000);

  it('are rebuilt from the raw rows on start when missing, and outlive the raw rows', async () => {
    const dataDir = tempDir();
    let core = await startCore({ dataDir });
    await traffic(core);
    const original = compare(core).got;
    core.db.exec('DELETE FROM stats_endpoint_minute; DELETE FROM stats_topic_minute; DELETE FROM stats_inbox_minute;');
    await core.close();
    core = await startCore({ dataDir });
    expect(compare(core).got).toEqual(original);

    // Raw rows go (retention, a cleared inbox): the rollups stay.
    await core.call('inboxes.clear', { slug: 'default' });
    core.db.exec('DELETE FROM dispatch_attempts');
    const inbox = await core.call('stats.inbox', { window: '1h' });
    expect(inbox.totals.requests).toBe(46);
    expect((await core.call('stats.overview', { window: '1h' })).totals.attempts).toBe(52);
    await core.close();
    core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    expect((await core.call('stats.overview', { window: '1h' })).totals.attempts).toBe(52);
  }, 60_000);

  it('long windows read whole hours from the hourly rollups and give the same numbers as the minutes', async () => {
    const clock = createFakeClock(Date.now());
    const core = await startCore({ clock });
    cleanups.push(() => core.close());
    await traffic(core);
    const byMinutes = await core.call('stats.overview', { window: '24h', bucketMinutes: 1 });
    const inboxByMinutes = await core.call('stats.inbox', { window: '24h', bucketMinutes: 1 });
    expect(byMinutes.totals.attempts).toBe(52);
    clock.advance(3 * 3600_000);
    // 7 days: hour buckets; the traffic's hour is now folded into stats_*_hour.
    const byHours = await core.call('stats.overview', { window: '7d' });
    expect(byHours.bucketMs).toBe(3600_000);
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM stats_endpoint_hour').get() as { n: number }).n).toBeGreaterThan(0);
    expect(byHours.totals).toEqual(byMinutes.totals);
    expect(byHours.histogram).toEqual(byMinutes.histogram);
    expect(byHours.statusClasses).toEqual(byMinutes.statusClasses);
    expect(byHours.endpoints).toEqual(byMinutes.endpoints);
    expect(byHours.series.attempts.reduce((a, b) => a + b, 0)).toBe(52);
    const inboxByHours = await core.call('stats.inbox', { window: '7d' });
    expect(inboxByHours.totals).toEqual(inboxByMinutes.totals);
    // 24 hours: 10-minute buckets from stats_*_10m, the same numbers again.
    const byTens = await core.call('stats.overview', { window: '24h' });
    expect(byTens.bucketMs).toBe(600_000);
    expect((core.db.prepare('SELECT COUNT(*) AS n FROM stats_endpoint_10m').get() as { n: number }).n).toBeGreaterThan(0);
    expect(byTens.totals).toEqual(byMinutes.totals);
    expect(byTens.histogram).toEqual(byMinutes.histogram);
    expect(byTens.endpoints).toEqual(byMinutes.endpoints);
    expect(byTens.series.attempts.reduce((a, b) => a + b, 0)).toBe(52);
    expect((await core.call('stats.overview', { window: '24h', topic: 'order.paid' })).totals.attempts).toBe(20);
    expect((await core.call('stats.inbox', { window: '24h' })).totals).toEqual(inboxByMinutes.totals);
    // Traffic after the fold still counts (from minutes) on top of the hours.
    await core.call('events.send', { topic: 'order.paid', payload: { mode: 'fine' } });
    await until(async () => (await core.call('stats.overview', { window: '7d' })).totals.attempts === 53);
  }, 60_000);
  it('a store with many hours of unfolded minutes answers right away, folding a few hours per query', async () => {
    const clock = createFakeClock(Date.now());
    const core = await startCore({ clock });
    cleanups.push(() => core.close());
    await traffic(core);
    clock.advance(20 * 3600_000);
    await core.call('events.send', { topic: 'order.paid', payload: { mode: 'fine' } });
    // A 1 h window folds nothing (under 6 hours reads minutes only).
    await until(async () => (await core.call('stats.overview', { window: '1h' })).totals.attempts === 1);
    const folded = () =>
      Number((core.db.prepare(`SELECT value FROM meta WHERE key = 'stats.tenmin_until'`).get() as { value: string } | undefined)?.value ?? 0);
    expect(folded()).toBe(0);
    const all = Math.floor((Math.floor(clock.now() / 60_000) - 15) / 10) * 10;
    // Each query folds a bounded step of the 20 hours behind it, and every answer is whole meanwhile.
    const exact = await core.call('stats.overview', { window: '24h', bucketMinutes: 1 });
    expect(exact.totals.attempts).toBe(53);
    let before = folded();
    expect(all - before).toBeGreaterThan(360);
    for (let i = 0; i < 6; i++) {
      const got = await core.call('stats.overview', { window: '24h' });
      expect(got.totals).toEqual(exact.totals);
      expect(got.endpoints).toEqual(exact.endpoints);
      expect(got.series.attempts.reduce((x, y) => x + y, 0)).toBe(53);
      expect(folded() - before).toBeLessThanOrEqual(2 * 360);
      before = folded();
    }
    expect(folded()).toBe(all);
  }, 60_000);
});
