import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../src/core/store/database';
import { openDatabase } from '../src/core/store/database';
import { allMigrations } from '../src/core/modules';
import { AlertEngine } from '../src/core/monitoring/alert-engine';
import { resolveWindow, StatsQueries } from '../src/core/monitoring/stats-queries';
import { addRequestRollup, emptyRollup, foldAttempt, INBOX_ROLLUP_UPSERT, INBOX_VALUES, rollupMinute, TIERS, UPSERT_SQL } from '../src/core/monitoring/rollup-sql';
import { EventBus } from '../src/core/events';
import { silentLogger } from '../src/core/util/logger';
import type { CoreContext } from '../src/core/context';

/**
 * Monitoring at scale: fills a store with --deliveries deliveries (≈1.15 attempts each) and a
 * quarter as many captured requests, spread over 7 days across 10 endpoints, 6 topics and 3
 * inboxes, written through the real schema with the rollups the writers keep (summed per batch,
 * as the dispatcher's writer and the receiver's capture writer do). Prints:
 *
 *  - the rollup maintenance per written delivery: the same batches (1,000 deliveries with their
 *    attempts, as the dispatcher's writer inserts them) written alternately into a store with the
 *    rollups and one without (about 100 batches spread over the fill; the other batches
 *    only go to the store with rollups); the difference per delivery, p50 and p95 over those
 *    batches, and its share of the write itself;
 *  - the p95 of each chart query (the Overview's stats.overview / stats.endpoint / stats.inbox for
 *    each window and filter, the endpoint list's sparklines, one alert pass), against a 100 ms budget
 *    for a chart to refresh without a visible pause.
 *
 *   npm run bench:stats -- [--deliveries 1000000] [--small] [--runs 30]
 */
const args = process.argv.slice(2);
const flag = (name: string, def: number): number => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? def : Number(args[i + 1]);
};
const small = args.includes('--small');
const N = flag('deliveries', small ? 20_000 : 1_000_000);
const RUNS = flag('runs', small ? 15 : 30);
const BATCH = 1000;
const DAY = 86_400_000;
const BUDGET_MS = 100;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-stats-'));
const now = Date.now();
const start = now - 7 * DAY;

function open(name: string): Db {
  const db = openDatabase(path.join(dir, name), { migrations: allMigrations });
  db.pragma('synchronous = NORMAL');
  const ins = db.prepare(
    `INSERT INTO dispatch_endpoints (id, seq, config, scheme, secret_sealed, secret_hint, state, created_at, updated_at)
     VALUES (?, ?, ?, 'standard-webhooks', 'x', 'whsec_…', 'active', ?, ?)`,
  );
  for (let i = 0; i < 10; i++) ins.run(`ep_${i}`, i, JSON.stringify({ name: `Endpoint ${i}` }), start, start);
  db.prepare(`INSERT OR IGNORE INTO inboxes (slug, config, created_at, updated_at) VALUES (?, '{}', ?, ?)`).run('shop', start, start);
  return db;
}

const TOPICS = ['invoice.paid', 'invoice.created', 'customer.updated', 'transfer.completed', 'transfer.failed', 'agent.disconnected'];
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

/** One batch of deliveries (and attempts, and requests) as plain rows, so both stores get the same. */
function makeBatch(first: number, size: number) {
  const deliveries: unknown[][] = [];
  const attempts: unknown[][] = [];
  const requests: unknown[][] = [];
  for (let k = 0; k < size; k++) {
    const n = first + k;
    const t = start + Math.floor((n / N) * 7 * DAY);
    const ep = `ep_${Math.floor(rnd() * 10)}`;
    const bad = rnd() < 0.06;
    const tries = bad ? (rnd() < 0.5 ? 3 : 2) : rnd() < 0.05 ? 2 : 1;
    const ok = !bad;
    deliveries.push([`dlv_${n}`, `evt_${n}`, ep, TOPICS[n % TOPICS.length], ok ? 'succeeded' : 'failed', tries, t, t + tries * 1000, ok ? 200 : 503]);
    for (let a = 1; a <= tries; a++) {
      const last = a === tries;
      const success = ok && last;
      const lat = 15 + rnd() ** 4 * 2000 + (rnd() < 0.001 ? 6000 : 0);
      attempts.push([`att_${n}_${a}`, n, ep, a, t + (a - 1) * 1000, success ? 200 : 503, success ? 'succeeded' : 'failed', success ? null : 'http_status', lat, last ? null : t + a * 1000]);
    }
    if (n % 4 === 0) requests.push(['shop', t, rnd() < 0.9 ? 200 : 500, rnd() < 0.95 ? 'valid' : 'invalid', rnd() < 0.02 ? 1 : null, 900]);
  }
  return { deliveries, attempts, requests };
}

function writer(db: Db, rollups: boolean) {
  const d = db.prepare(
    `INSERT INTO dispatch_deliveries (seq, id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts,
       created_at, updated_at, last_status) VALUES (?, ?, ?, ?, ?, 'event', ?, X'7B7D', 'application/json', ?, 3, ?, ?, ?)`,
  );
  const a = db.prepare(
    `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
       res_status, outcome, error_code, total_ms, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?, 'POST', 'https://x.test/h', '[]', ?, ?, ?, ?, ?)`,
  );
  const r = db.prepare(
    `INSERT INTO requests (inbox, received_at, method, url, path, query, http_version, tls, remote_addr, headers, body, body_size,
       body_ms, sig_status, answer_kind, answer_status, response, duplicate_of)
     VALUES (?, ?, 'POST', '/shop/h', '/h', '', '1.1', 0, '127.0.0.1', '', X'7B7D', ?, 0.1, ?, 'respond', ?, '{}', ?)`,
  );
  const upEndpoint = db.prepare(UPSERT_SQL.endpoint);
  const upTopic = db.prepare(UPSERT_SQL.topic);
  const upInbox = db.prepare(INBOX_ROLLUP_UPSERT);
  return db.transaction((b: ReturnType<typeof makeBatch>, firstSeq: number) => {
    b.deliveries.forEach((row, i) => d.run(firstSeq + i + 1, ...row));
    const byEndpoint = new Map<string, unknown[]>();
    const byTopic = new Map<string, unknown[]>();
    for (const row of b.attempts) {
      a.run(row[0], (row[1] as number) + 1, ...row.slice(2));
      if (!rollups) continue;
      const [, n, ep, , startedAt, status, outcome, code, total, next] = row as [string, number, string, number, number, number | null, string, string | null, number, number | null];
      const minute = rollupMinute(startedAt);
      const topic = TOPICS[n % TOPICS.length];
      const ek = `${minute}|${ep}`;
      const tk = `${minute}|${topic}|${ep}`;
      let er = byEndpoint.get(ek);
      if (!er) byEndpoint.set(ek, (er = [ep, minute, emptyRollup()]));
      let tr = byTopic.get(tk);
      if (!tr) byTopic.set(tk, (tr = [topic, minute, ep, emptyRollup()]));
      foldAttempt(er[2] as number[], outcome, next, status, code, total);
      foldAttempt(tr[3] as number[], outcome, next, status, code, total);
    }
    for (const [ep, minute, v] of byEndpoint.values()) upEndpoint.run(ep, minute, ...(v as number[]));
    for (const [topic, minute, ep, v] of byTopic.values()) upTopic.run(topic, minute, ep, ...(v as number[]));
    const byInbox = new Map<string, [string, number, number[]]>();
    for (const [inbox, t, status, sig, dup, size] of b.requests) {
      r.run(inbox, t, size, sig, status, dup);
      if (!rollups) continue;
      const minute = Math.floor((t as number) / 60000);
      let ir = byInbox.get(`${minute}|${inbox}`);
      if (!ir) byInbox.set(`${minute}|${inbox}`, (ir = [inbox as string, minute, new Array<number>(INBOX_VALUES.length).fill(0)]));
      addRequestRollup(ir[2], status as number, sig as string, dup !== null, size as number);
    }
    for (const [inbox, minute, v] of byInbox.values()) upInbox.run(inbox, minute, ...v);
  });
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

function main() {
  console.log(`Filling two stores with ${N.toLocaleString('en-US')} deliveries over 7 days (with and without the rollups)…`);
  const withT = open('with.db');
  const without = open('without.db');
  const wWith = writer(withT, true);
  const wWithout = writer(without, false);
  const costs: number[] = [];
  const base: number[] = [];
  const t0 = performance.now();
  let attemptsWritten = 0;
  const step = Math.max(1, Math.floor(N / BATCH / 100));
  for (let first = 0, i = 0; first < N; first += BATCH, i++) {
    if (i % 100 === 99) process.stdout.write(`  ${first.toLocaleString('en-US')} deliveries (${((performance.now() - t0) / 1000).toFixed(0)} s)\r`);
    const b = makeBatch(first, Math.min(BATCH, N - first));
    attemptsWritten += b.attempts.length;
    // Alternate which store goes first so cache and machine state favour neither.
    const run = (w: typeof wWith) => {
      const s = performance.now();
      w(b, first);
      return performance.now() - s;
    };
    if (i % step !== 0) {
      run(wWith);
      continue;
    }
    let a: number, c: number;
    if ((i / step) % 2) {
      a = run(wWith);
      c = run(wWithout);
    } else {
      c = run(wWithout);
      a = run(wWith);
    }
    costs.push(((a - c) * 1000) / b.deliveries.length);
    base.push((c * 1000) / b.deliveries.length);
  }
  without.close();
  const rows = (t: string) => (withT.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  console.log(
    `\nWritten: ${N.toLocaleString('en-US')} deliveries, ${attemptsWritten.toLocaleString('en-US')} attempts, ${rows('requests').toLocaleString('en-US')} requests in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );
  console.log(
    `Rollup rows: ${rows('stats_endpoint_minute').toLocaleString('en-US')} endpoint-minutes, ${rows('stats_topic_minute').toLocaleString('en-US')} topic-minutes, ${rows('stats_inbox_minute').toLocaleString('en-US')} inbox-minutes.`,
  );
  const p50b = pct(base, 0.5);
  console.log('\nRollup maintenance per written delivery (with its attempts), batches of 1,000:');
  console.log(
    `  p50 ${pct(costs, 0.5).toFixed(2)} µs   p95 ${pct(costs, 0.95).toFixed(2)} µs   (the write without rollups: p50 ${p50b.toFixed(2)} µs; ratio p50 ${(pct(costs, 0.5) / p50b).toFixed(2)}x of the write)`,
  );

  const q = new StatsQueries(withT, () => now);
  // A store that has never folded its minutes (this one, or one upgraded to the 10-minute tier)
  // catches up a bounded step per query; fold it all first, timing each step: the longest is the
  // longest a query can wait on folding.
  const steps: number[] = [];
  for (const tier of TIERS) {
    for (let prev = -1; ; ) {
      const s = performance.now();
      const at = q.compact(tier);
      steps.push(performance.now() - s);
      if (at === prev) break;
      prev = at;
    }
  }
  console.log(
    `\nFolding 7 days of minutes into the 10-minute and hour tiers: ${steps.length} steps of at most 6 h, ${steps.reduce((a, b) => a + b, 0).toFixed(0)} ms in all, longest step ${Math.max(...steps).toFixed(1)} ms`,
  );
  const ctx = { db: withT, clock: { now: () => now }, events: new EventBus(), logger: silentLogger } as unknown as CoreContext;
  const engine = new AlertEngine(ctx, q, () => undefined);
  const cases: [string, () => unknown][] = [];
  for (const w of ['15m', '1h', '24h', '7d'] as const) {
    cases.push([`stats.overview ${w}`, () => q.deliveries(resolveWindow({ window: w }, now), {})]);
  }
  cases.push(['stats.overview 7d, one endpoint', () => q.deliveries(resolveWindow({ window: '7d' }, now), { endpointId: 'ep_3' })]);
  cases.push(['stats.overview 7d, one topic', () => q.deliveries(resolveWindow({ window: '7d' }, now), { topic: 'invoice.paid' })]);
  cases.push(['stats.overview 7d, 1-min buckets', () => q.deliveries(resolveWindow({ window: '7d', bucketMinutes: 1 }, now, 20_000), {})]);
  cases.push(['stats.endpoint 24h', () => q.deliveries(resolveWindow({ window: '24h' }, now), { endpointId: 'ep_5' })]);
  cases.push(['stats.inbox 7d', () => q.inboxes(resolveWindow({ window: '7d' }, now))]);
  cases.push(['stats.inbox 24h, one inbox', () => q.inboxes(resolveWindow({ window: '24h' }, now), 'shop')]);
  cases.push(['stats.sparklines 24h', () => q.sparklines(resolveWindow({ window: '24h' }, now, 24))]);
  cases.push(['alert pass (4 default rules)', () => engine.evaluate()]);
  console.log(`\nChart queries, p95 of ${RUNS} runs (budget ${BUDGET_MS} ms):`);
  for (const [name, fn] of cases) {
    fn();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      fn();
      times.push(performance.now() - s);
    }
    const p95 = pct(times, 0.95);
    console.log(`  ${name.padEnd(36)} p95 ${p95.toFixed(2).padStart(8)} ms   ${(p95 / BUDGET_MS).toFixed(3)}x of budget`);
  }
  withT.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main();
