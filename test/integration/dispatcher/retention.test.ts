import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryRetention } from '../../../src/core/dispatcher/retention';
import { startCore } from '../../helpers/temp-core';
import { settle, startSink } from './helpers';

/**
 * Delivery retention by count and by age (Settings), on a real SQLite file: finished deliveries past
 * the limits go with their attempts and the events no delivery uses; pending ones stay; a trim of
 * tens of thousands of rows runs in small batches while the engine keeps sending.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Core = Awaited<ReturnType<typeof startCore>>;
const count = (core: Core, sql: string): number => (core.db.prepare(sql).get() as { n: number }).n;
const retentionOf = (core: Core) => (core.modules.dispatcher as unknown as { retention: DeliveryRetention }).retention;

async function setup() {
  const core = await startCore();
  const sink = await startSink(() => ({ status: 200, body: '{"ok":true}' }));
  cleanups.push(
    () => core.close(),
    () => sink.close(),
  );
  const ep = await core.call('endpoints.create', { name: 'r', url: sink.url, topics: ['a.b', 'new.x'], retry: { delays: [] } });
  return { core, sink, ep };
}

describe('delivery retention', () => {
  it('by age: finished deliveries older than the limit go, with their attempts and unused events; pending ones stay', async () => {
    const { core, ep } = await setup();
    const held = await core.call('endpoints.create', { name: 'held', url: 'http://127.0.0.1:9/', topics: ['held.x'] });
    await core.call('endpoints.pause', { id: held.id });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(...(await core.call('events.send', { topic: 'a.b', payload: { i } })).deliveryIds);
    const pending = (await core.call('events.send', { topic: 'held.x', payload: { old: true } })).deliveryIds[0];
    for (const id of ids) await settle(core, id);
    // The first 8 and the held one were created ten days ago.
    const old = Date.now() - 10 * 86_400_000;
    for (const id of [...ids.slice(0, 8), pending])
      core.db.prepare('UPDATE dispatch_deliveries SET created_at = ? WHERE id = ?').run(old, id);
    const deleted: number[] = [];
    const off = core.events.subscribe((name, payload) => {
      if (name === 'deliveries.deleted') deleted.push((payload as { count: number }).count);
    });
    cleanups.push(async () => void off());

    await core.call('settings.update', { deliveriesKeepDays: 7 });
    await retentionOf(core).trim();
    const left = (await core.call('deliveries.list', { endpointId: ep.id, limit: 100 })).items.map((d) => d.id);
    expect(left.sort()).toEqual(ids.slice(8).sort());
    expect((await core.call('deliveries.get', { id: pending })).status).toBe('pending');
    expect(count(core, 'SELECT COUNT(*) AS n FROM dispatch_attempts')).toBe(4);
    expect(count(core, 'SELECT COUNT(*) AS n FROM dispatch_events')).toBe(5);
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(8);
    // Off again (0): nothing more goes.
    await core.call('settings.update', { deliveriesKeepDays: 0 });
    expect(await retentionOf(core).trim()).toBe(0);
  });

  it('by count: keeps the newest N; a refused value changes nothing', async () => {
    const { core, ep } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(...(await core.call('events.send', { topic: 'a.b', payload: { i } })).deliveryIds);
    for (const id of ids) await settle(core, id);
    await expect(core.call('settings.update', { deliveriesKeepCount: -1 })).rejects.toThrow(/invalid_input/);
    await expect(core.call('settings.update', { deliveriesKeepDays: 1.5 })).rejects.toThrow(/invalid_input/);
    expect((await core.call('deliveries.list', { endpointId: ep.id })).total).toBe(10);
    await core.call('settings.update', { deliveriesKeepCount: 3 });
    await retentionOf(core).trim();
    const left = await core.call('deliveries.list', { endpointId: ep.id });
    expect(left.items.map((d) => d.id)).toEqual(ids.slice(7).reverse());
    expect(left.total).toBe(3);
  });

  it('trims 30,000 deliveries in batches while the engine keeps delivering', async () => {
    const { core, sink, ep } = await setup();
    // Old deliveries written straight into the file (as the benchmark fills its store).
    const insEvent = core.db.prepare('INSERT INTO dispatch_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)');
    const insDelivery = core.db.prepare(
      `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts, last_status, duration_ms, created_at, updated_at, body_from_event)
       VALUES (?, ?, ?, 'old.x', 'event', 'succeeded', X'', 'application/json', 1, 1, 200, 3, ?, ?, 1)`,
    );
    const t0 = Date.now() - 86_400_000;
    core.db.transaction(() => {
      for (let i = 0; i < 30_000; i++) {
        insEvent.run(`evt_old${i}`, 'old.x', `{"i":${i}}`, t0 + i);
        insDelivery.run(`msg_old${i}`, `evt_old${i}`, ep.id, t0 + i, t0 + i);
      }
    })();
    const statements: number[] = [];
    const retention = retentionOf(core);
    const exec = (retention as unknown as { exec: (s: [string, unknown[]][]) => Promise<{ changes: number[] }> }).exec;
    (retention as unknown as { exec: typeof exec }).exec = (s) => {
      statements.push(s.length);
      return exec(s);
    };
    await core.call('settings.update', { deliveriesKeepCount: 10 });
    const trimming = retention.trim().then((n) => ({ n, at: Date.now() }));
    // Meanwhile a new event goes out and is answered before the trim is over.
    const id = (await core.call('events.send', { topic: 'new.x', payload: { fresh: true } })).deliveryIds[0];
    const done = await settle(core, id);
    const settledAt = Date.now();
    const trimmed = await trimming;
    expect(done.status).toBe('succeeded');
    expect(sink.received.some((r) => r.body.includes('"fresh":true'))).toBe(true);
    expect(settledAt).toBeLessThan(trimmed.at);
    expect(trimmed.n).toBeGreaterThanOrEqual(29_990);
    // Many small transactions, not one.
    expect(statements.length).toBeGreaterThanOrEqual(60);
    expect(count(core, 'SELECT COUNT(*) AS n FROM dispatch_deliveries')).toBeLessThanOrEqual(11);
    expect((await core.call('deliveries.get', { id })).status).toBe('succeeded');
  });

  it('bulk delete by filter walks the matches a batch at a time, oldest first, up to the limit', async () => {
    const { core, ep } = await setup();
    const insEvent = core.db.prepare('INSERT INTO dispatch_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)');
    const insDelivery = core.db.prepare(
      `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts, last_status, created_at, updated_at, body_from_event)
       VALUES (?, ?, ?, 'bulk.x', 'event', ?, X'', 'application/json', 1, 1, ?, ?, ?, 1)`,
    );
    const t0 = Date.now() - 3_600_000;
    core.db.transaction(() => {
      for (let i = 0; i < 2_600; i++) {
        insEvent.run(`evt_b${i}`, 'bulk.x', `{"i":${i}}`, t0 + i);
        const failed = i % 2 === 0;
        insDelivery.run(`msg_b${i}`, `evt_b${i}`, ep.id, failed ? 'failed' : 'succeeded', failed ? 500 : 200, t0 + i, t0 + i);
      }
    })();
    const r = await core.call('deliveries.deleteMany', { filter: { responseStatus: '5xx' }, limit: 1_200 });
    expect(r).toEqual({ deleted: 1_200, skipped: 0 });
    // The oldest 1,200 failed ones went; the newest 100 failed ones and every success stayed.
    const left = core.db.prepare("SELECT id FROM dispatch_deliveries WHERE last_status = 500 ORDER BY seq").pluck().all() as string[];
    expect(left).toHaveLength(100);
    expect(left[0]).toBe('msg_b2400');
    expect(count(core, 'SELECT COUNT(*) AS n FROM dispatch_deliveries WHERE last_status = 200')).toBe(1_300);
    expect(await core.call('deliveries.deleteMany', { filter: { responseStatus: '5xx' } })).toEqual({ deleted: 100, skipped: 0 });
  });
});
