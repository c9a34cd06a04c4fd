import type { Statement } from 'better-sqlite3';
import {
  WINDOW_MS,
  type DeliveryStats,
  type DeliveryTotals,
  type EndpointStatsRow,
  type InboxStats,
  type InboxTotals,
  type RecentFailure,
  type Sparklines,
  type StatsWindowName,
} from '../../shared/monitoring';
import { HookbenchError } from '../../shared/errors';
import { getMeta, setMeta, type Db } from '../store/database';
import { BUCKETS, compactSql, DELIVERY_VALUES, INBOX_VALUES, LATENCY_BOUNDS, ROLLUPS, TIERS, tierTable, type Tier } from './rollup-sql';

const MINUTE = 60_000;
const MAX_SPAN = 400 * 24 * 60 * MINUTE;
const NICE_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];

export interface WindowInput {
  window?: StatsWindowName;
  from?: number;
  to?: number;
  bucketMinutes?: number;
}

export interface ResolvedWindow {
  from: number;
  to: number;
  /** First and last minute index (ms / 60000) included. */
  fromMin: number;
  toMin: number;
  bucketMin: number;
}

/** A named window ending now, or from/to; buckets so a chart has at most about 720 points. */
export function resolveWindow(w: WindowInput, now: number, maxPoints = 720): ResolvedWindow {
  const to = w.to ?? now;
  const from = w.from ?? to - WINDOW_MS[w.window ?? '1h'];
  if (!(from < to)) throw new HookbenchError('invalid_input', 'The window must start before it ends (from < to).');
  if (to - from > MAX_SPAN) throw new HookbenchError('invalid_input', 'A window can span at most 400 days.');
  const fromMin = Math.floor(from / MINUTE);
  // The minute `to` falls in is included (a window ending now shows the current minute so far).
  const toMin = Math.floor(to / MINUTE);
  const span = toMin - fromMin + 1;
  let bucketMin =
    w.bucketMinutes ?? NICE_MINUTES.find((m) => span / m <= maxPoints) ?? Math.ceil(span / maxPoints);
  // Beyond 3 days, whole hours: the hourly rollups answer those (60x fewer rows than minutes);
  // beyond 6 hours, 10 minutes at least: the 10-minute rollups answer those (10x fewer rows).
  if (w.bucketMinutes === undefined && span > 3 * 1440 && bucketMin < 60) bucketMin = 60;
  if (w.bucketMinutes === undefined && span >= 6 * 60 && bucketMin < 10) bucketMin = 10;
  if (span / bucketMin > 20_000) throw new HookbenchError('invalid_input', 'Too many buckets: choose a larger bucket size.');
  return { from, to, fromMin, toMin, bucketMin };
}

/** Estimates a percentile from histogram counts (linear inside the bucket, capped by the max seen). */
export function percentile(counts: ArrayLike<number>, q: number, maxMs: number): number | null {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  if (n === 0) return null;
  const rank = q * n;
  let cum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0 && cum + c >= rank) {
      const lo = i === 0 ? 0 : LATENCY_BOUNDS[i - 1];
      const hi = i < LATENCY_BOUNDS.length ? Math.min(LATENCY_BOUNDS[i], Math.max(maxMs, lo)) : Math.max(maxMs, lo);
      const v = lo + ((rank - cum) / c) * (hi - lo);
      return Math.round(Math.min(v, maxMs) * 100) / 100;
    }
    cum += c;
  }
  return maxMs;
}

const sumCols = (cols: string[]) => cols.map((c) => (c === 'lat_max' ? `max(lat_max)` : `sum(${c})`)).join(', ');
const DSUM = sumCols(DELIVERY_VALUES);
const ISUM = sumCols(INBOX_VALUES);
/** Index of each value column in a summed row (after the leading key columns). */
const D = Object.fromEntries(DELIVERY_VALUES.map((c, i) => [c, i])) as Record<string, number>;
const I = Object.fromEntries(INBOX_VALUES.map((c, i) => [c, i])) as Record<string, number>;
const H0 = D.h0;

type Row = number[];

/** Accumulates summed delivery rollup rows. */
class DeliveryAcc {
  readonly v = new Float64Array(DELIVERY_VALUES.length);
  add(row: Row, offset: number): void {
    for (let i = 0; i < this.v.length; i++) {
      const x = row[offset + i] ?? 0;
      if (i === D.lat_max) this.v[i] = Math.max(this.v[i], x);
      else this.v[i] += x;
    }
  }
  totals(): DeliveryTotals {
    const v = this.v;
    const hist = v.subarray(H0, H0 + BUCKETS);
    const max = v[D.lat_max];
    return {
      attempts: v[D.attempts],
      succeeded: v[D.succeeded],
      retried: v[D.retried],
      failed: v[D.failed],
      successRate: v[D.attempts] ? v[D.succeeded] / v[D.attempts] : null,
      p50: percentile(hist, 0.5, max),
      p95: percentile(hist, 0.95, max),
      p99: percentile(hist, 0.99, max),
      avgMs: v[D.timed] ? Math.round((v[D.lat_sum] / v[D.timed]) * 100) / 100 : null,
      maxMs: v[D.timed] ? max : null,
    };
  }
}

export interface DeliveryScope {
  endpointId?: string;
  topic?: string;
}

/** Minutes folded into a tier lag this far behind now, so attempts written late still land in minutes. */
const FOLD_LAG_MIN = 15;
/** At most this many minutes (6 hours: whole blocks of every tier) are folded per call. */
const MAX_FOLD_MIN = 360;
type RollupName = 'stats_endpoint_minute' | 'stats_topic_minute' | 'stats_inbox_minute';

/** Chart queries over the rollup tables (and the last failures from the deliveries). */
export class StatsQueries {
  private readonly cache = new Map<string, Statement>();
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size > 200) this.cache.clear();
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * Folds the finished blocks of a tier (10 minutes, hours) of the minute rollups into its tables
   * (everything the first time; later calls only add the blocks finished since). Returns the first
   * minute not folded yet.
   */
  compact(tier: Tier): number {
    const size = tier.minutes;
    const until = Math.floor((Math.floor(this.now() / MINUTE) - FOLD_LAG_MIN) / size) * size;
    let done = Number(getMeta(this.db, tier.meta) ?? 0);
    if (until <= done) return done;
    let to = until;
    this.db
      .transaction(() => {
        if (done === 0) {
          const first = this.db.prepare('SELECT MIN(minute) AS m FROM stats_endpoint_minute').get() as { m: number | null };
          const firstIn = this.db.prepare('SELECT MIN(minute) AS m FROM stats_inbox_minute').get() as { m: number | null };
          const m = Math.min(first.m ?? until, firstIn.m ?? until);
          done = Math.floor(m / size) * size;
        }
        // A bounded step per call, so a store with days of unfolded minutes (new tier, first
        // start after an upgrade) never holds the thread for seconds: the rest is read from the
        // smaller tiers meanwhile, and folded by the next calls.
        to = Math.min(until, done + MAX_FOLD_MIN);
        for (const r of ROLLUPS) this.stmt(compactSql(r, tier)).run(done, to);
        setMeta(this.db, tier.meta, String(to));
      })
      .immediate();
    return to;
  }

  /**
   * What to read for a window, as ranges of minutes per table: the largest tier's whole blocks
   * inside the window (folded so far), then the ends around them from the smaller tiers, down to
   * the minute table. Short windows (under 6 hours) read minutes only. For a `series`, only tiers
   * whose blocks fall in one bucket each (the bucket size is a multiple of the block).
   */
  private parts(table: RollupName, w: ResolvedWindow, series: boolean): [string, number, number][] {
    const span = w.toMin - w.fromMin + 1;
    if (span < 6 * 60) return [[table, w.fromMin, w.toMin]];
    const tiers = TIERS.filter((t) => !series || w.bucketMin % t.minutes === 0);
    const out: [string, number, number][] = [];
    const cover = (lo: number, hi: number, level: number): void => {
      if (lo > hi) return;
      if (level < 0) {
        out.push([table, lo, hi]);
        return;
      }
      const tier = tiers[level];
      const size = tier.minutes;
      const a = Math.ceil(lo / size) * size;
      const b = Math.min(Math.floor((hi + 1) / size) * size, this.compact(tier));
      if (b <= a) return cover(lo, hi, level - 1);
      cover(lo, a - 1, level - 1);
      out.push([tierTable(table, tier), a, b - 1]);
      cover(b, hi, level - 1);
    };
    cover(w.fromMin, w.toMin, tiers.length - 1);
    return out;
  }

  /**
   * One aggregate over a window: run on each part's table on its own (a UNION ALL of the parts
   * measured 6x slower: SQLite copies every column of every row through the compound subquery),
   * then the groups of the parts merged by their first `keys` columns, summing the values (or
   * taking the max at the `maxAt` columns). `sql` gets the table; its WHERE ends with
   * `minute BETWEEN ? AND ?`, bound after `params`.
   */
  private aggregate(
    table: RollupName,
    w: ResolvedWindow,
    series: boolean,
    sql: (from: string) => string,
    params: unknown[],
    keys: number,
    maxAt: number[] = [],
  ): Row[] {
    const parts = this.parts(table, w, series);
    const results = parts.map(([t, lo, hi]) => this.stmt(sql(t)).raw(true).all(...params, lo, hi) as Row[]);
    if (results.length === 1) return results[0];
    const merged = new Map<string, Row>();
    for (const rows of results) {
      for (const r of rows) {
        const key = keys === 1 ? String(r[0]) : JSON.stringify(r.slice(0, keys));
        const have = merged.get(key);
        if (!have) {
          merged.set(key, [...r]);
          continue;
        }
        for (let i = keys; i < r.length; i++) {
          have[i] = maxAt.includes(i) ? Math.max(have[i] ?? 0, r[i] ?? 0) : (have[i] ?? 0) + (r[i] ?? 0);
        }
      }
    }
    return [...merged.values()];
  }

  private source(scope: DeliveryScope): { table: RollupName; where: string; params: unknown[] } {
    const parts = ['minute BETWEEN ? AND ?'];
    const params: unknown[] = [];
    let table: RollupName = 'stats_endpoint_minute';
    if (scope.topic !== undefined) {
      table = 'stats_topic_minute';
      parts.unshift('topic = ?');
      params.push(scope.topic);
    }
    if (scope.endpointId !== undefined) {
      parts.unshift('endpoint_id = ?');
      params.push(scope.endpointId);
    }
    return { table, where: parts.join(' AND '), params };
  }

  endpointNames(): Map<string, string> {
    const rows = this.stmt(`SELECT id, json_extract(config, '$.name') AS name FROM dispatch_endpoints`).all() as {
      id: string;
      name: string | null;
    }[];
    return new Map(rows.map((r) => [r.id, r.name ?? '']));
  }

  deliveries(w: ResolvedWindow, scope: DeliveryScope): DeliveryStats {
    const src = this.source(scope);
    const bm = w.bucketMin;
    const rows = this.aggregate(
      src.table,
      w,
      true,
      (t) => `SELECT minute / ${bm} AS k, ${DSUM} FROM ${t} WHERE ${src.where} GROUP BY k`,
      src.params,
      1,
      [1 + D.lat_max],
    );
    const k0 = Math.floor(w.fromMin / bm);
    const n = Math.floor(w.toMin / bm) - k0 + 1;
    const t: number[] = new Array(n);
    const zeros = () => new Array<number>(n).fill(0);
    const attempts = zeros(), succeeded = zeros(), retried = zeros(), failed = zeros();
    const nulls = () => new Array<number | null>(n).fill(null);
    const successRate = nulls(), p50 = nulls(), p95 = nulls(), p99 = nulls();
    for (let i = 0; i < n; i++) t[i] = (k0 + i) * bm * MINUTE;
    const all = new DeliveryAcc();
    for (const r of rows) {
      const i = r[0] - k0;
      if (i < 0 || i >= n) continue;
      all.add(r, 1);
      attempts[i] = r[1 + D.attempts];
      succeeded[i] = r[1 + D.succeeded];
      retried[i] = r[1 + D.retried];
      failed[i] = r[1 + D.failed];
      successRate[i] = attempts[i] ? succeeded[i] / attempts[i] : null;
      const hist = r.slice(1 + H0, 1 + H0 + BUCKETS);
      const max = r[1 + D.lat_max];
      p50[i] = percentile(hist, 0.5, max);
      p95[i] = percentile(hist, 0.95, max);
      p99[i] = percentile(hist, 0.99, max);
    }
    const v = all.v;
    const names = this.endpointNames();
    const endpoints = this.groupRows(src, w, 'endpoint_id').map(([id, acc]): EndpointStatsRow => ({
      id: String(id),
      name: names.get(String(id)) ?? '',
      ...acc.totals(),
    }));
    return {
      from: w.from,
      to: w.to,
      bucketMs: bm * MINUTE,
      series: { t, attempts, succeeded, retried, failed, successRate, p50, p95, p99 },
      totals: all.totals(),
      histogram: { bounds: [...LATENCY_BOUNDS], counts: Array.from(v.subarray(H0, H0 + BUCKETS)) },
      statusClasses: { s2xx: v[D.c2], s3xx: v[D.c3], s4xx: v[D.c4], s5xx: v[D.c5], none: v[D.cerr] },
      endpoints,
      recentFailures: this.recentFailures(w, scope, names),
    };
  }

  private groupRows(
    src: { table: RollupName; where: string; params: unknown[] },
    w: ResolvedWindow,
    key: string,
  ): [unknown, DeliveryAcc][] {
    const rows = this.aggregate(
      src.table,
      w,
      false,
      (t) => `SELECT ${key}, ${DSUM} FROM ${t} WHERE ${src.where} GROUP BY ${key}`,
      src.params,
      1,
      [1 + D.lat_max],
    );
    rows.sort((a, b) => (b[1 + D.attempts] ?? 0) - (a[1 + D.attempts] ?? 0));
    return rows.slice(0, 50).map((r) => {
      const acc = new DeliveryAcc();
      acc.add(r, 1);
      return [r[0], acc];
    });
  }

  /** The first attempt seq whose start is at or after `ms` (attempts are numbered as they are written). */
  private attemptSeqAt(ms: number): number {
    // Two statements: SQLite answers a lone MIN or MAX of the rowid from the b-tree's edge, both at once by a scan.
    const bounds = {
      lo: (this.stmt('SELECT MIN(seq) AS m FROM dispatch_attempts').get() as { m: number | null }).m,
      hi: (this.stmt('SELECT MAX(seq) AS m FROM dispatch_attempts').get() as { m: number | null }).m,
    };
    if (bounds.lo === null || bounds.hi === null) return 0;
    const at = this.stmt('SELECT seq, started_at FROM dispatch_attempts WHERE seq >= ? ORDER BY seq LIMIT 1');
    let lo = bounds.lo;
    let hi = bounds.hi + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const r = at.get(mid) as { seq: number; started_at: number } | undefined;
      if (!r) hi = mid;
      else if (r.started_at < ms) lo = r.seq + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The last deliveries that failed for good in the window, newest first: found from their final
   * attempts (walked backwards from the window's end, so the scan stops at the limit and never
   * reads outside the window), still failed now. CROSS JOIN keeps the attempts' seq range as the
   * outer loop (otherwise SQLite may walk every failed delivery through the status index).
   */
  recentFailures(w: ResolvedWindow, scope: DeliveryScope, names = this.endpointNames(), limit = 10): RecentFailure[] {
    const lo = this.attemptSeqAt(w.fromMin * MINUTE);
    let hi = this.attemptSeqAt((w.toMin + 1) * MINUTE);
    const parts = ['a.seq >= ?', 'a.seq < ?', `a.outcome <> 'succeeded'`, 'a.next_attempt_at IS NULL', `d.status = 'failed'`];
    const extra: unknown[] = [];
    if (scope.endpointId !== undefined) {
      parts.push('a.endpoint_id = ?');
      extra.push(scope.endpointId);
    }
    if (scope.topic !== undefined) {
      parts.push('d.topic = ?');
      extra.push(scope.topic);
    }
    const page = this.stmt(
      `SELECT a.seq AS aseq, a.started_at, d.id, d.endpoint_id, d.topic, d.attempts, d.last_status, d.last_error
       FROM dispatch_attempts a CROSS JOIN dispatch_deliveries d ON d.seq = a.delivery_seq
       WHERE ${parts.join(' AND ')} ORDER BY a.seq DESC LIMIT 50`,
    );
    const out: RecentFailure[] = [];
    const seen = new Set<string>();
    while (out.length < limit && hi > lo) {
      const rows = page.all(lo, hi, ...extra) as {
        aseq: number;
        started_at: number;
        id: string;
        endpoint_id: string;
        topic: string;
        attempts: number;
        last_status: number | null;
        last_error: string | null;
      }[];
      for (const r of rows) {
        if (seen.has(r.id) || out.length >= limit) continue;
        seen.add(r.id);
        out.push({
          deliveryId: r.id,
          endpointId: r.endpoint_id,
          endpointName: names.get(r.endpoint_id) ?? '',
          topic: r.topic,
          attempts: r.attempts,
          lastStatus: r.last_status,
          error: r.last_error,
          at: r.started_at,
        });
      }
      if (rows.length < 50) break;
      hi = rows[rows.length - 1].aseq;
    }
    return out;
  }

  inboxes(w: ResolvedWindow, slug?: string): InboxStats {
    const where = slug === undefined ? 'minute BETWEEN ? AND ?' : 'inbox = ? AND minute BETWEEN ? AND ?';
    const keyParams = slug === undefined ? [] : [slug];
    const bm = w.bucketMin;
    const rows = this.aggregate(
      'stats_inbox_minute',
      w,
      true,
      (t) => `SELECT minute / ${bm} AS k, ${ISUM} FROM ${t} WHERE ${where} GROUP BY k`,
      keyParams,
      1,
    );
    const k0 = Math.floor(w.fromMin / bm);
    const n = Math.floor(w.toMin / bm) - k0 + 1;
    const t: number[] = [];
    for (let i = 0; i < n; i++) t.push((k0 + i) * bm * MINUTE);
    const series = Object.fromEntries(INBOX_VALUES.map((c) => [c, new Array<number>(n).fill(0)])) as Record<
      string,
      number[]
    >;
    const sum = new Array<number>(INBOX_VALUES.length).fill(0);
    for (const r of rows) {
      const i = r[0] - k0;
      if (i < 0 || i >= n) continue;
      INBOX_VALUES.forEach((c, j) => {
        series[c][i] = r[1 + j];
        sum[j] += r[1 + j];
      });
    }
    const names = new Map(
      (
        this.stmt(`SELECT slug, json_extract(config, '$.name') AS name FROM inboxes`).all() as {
          slug: string;
          name: string | null;
        }[]
      ).map((r) => [r.slug, r.name ?? '']),
    );
    const inboxRows = this.aggregate(
      'stats_inbox_minute',
      w,
      false,
      (t) => `SELECT inbox, ${ISUM} FROM ${t} WHERE ${where} GROUP BY inbox`,
      keyParams,
      1,
    );
    inboxRows.sort((a, b) => (b[1 + I.requests] ?? 0) - (a[1 + I.requests] ?? 0));
    const inboxes = inboxRows.slice(0, 50).map((r) => ({ slug: String(r[0]), name: names.get(String(r[0])) ?? '', ...inboxTotals(r.slice(1)) }));
    return {
      from: w.from,
      to: w.to,
      bucketMs: bm * MINUTE,
      series: {
        t,
        requests: series.requests,
        a2xx: series.a2,
        a3xx: series.a3,
        a4xx: series.a4,
        a5xx: series.a5,
        aNone: series.anone,
        sigValid: series.sig_valid,
        sigInvalid: series.sig_invalid,
        unsigned: series.sig_unsigned,
        duplicates: series.duplicates,
      },
      totals: inboxTotals(sum),
      inboxes,
    };
  }

  sparklines(w: ResolvedWindow): Sparklines {
    const bm = w.bucketMin;
    const rows = this.aggregate(
      'stats_endpoint_minute',
      w,
      true,
      (t) => `SELECT endpoint_id, minute / ${bm} AS k, sum(attempts), sum(succeeded) FROM ${t}
       WHERE minute BETWEEN ? AND ? GROUP BY endpoint_id, k`,
      [],
      2,
    ) as unknown as [string, number, number, number][];
    const k0 = Math.floor(w.fromMin / bm);
    const n = Math.floor(w.toMin / bm) - k0 + 1;
    const by = new Map<string, { id: string; attempts: number[]; successRate: (number | null)[] }>();
    for (const [id, k, a, s] of rows) {
      let e = by.get(id);
      if (!e) by.set(id, (e = { id, attempts: new Array(n).fill(0), successRate: new Array(n).fill(null) }));
      const i = k - k0;
      if (i < 0 || i >= n) continue;
      e.attempts[i] = a;
      e.successRate[i] = a ? s / a : null;
    }
    return { from: k0 * bm * MINUTE, bucketMs: bm * MINUTE, endpoints: [...by.values()] };
  }

  /** Sums for alert rules: delivery rollups of one endpoint or topic (or all) since a minute. */
  deliverySums(sinceMin: number, untilMin: number, scope: DeliveryScope, by: 'endpoint_id' | null): [string, DeliveryAcc][] {
    const src = this.source(scope);
    const key = by ?? `''`;
    const rows = this.stmt(`SELECT ${key}, ${DSUM} FROM ${src.table} WHERE ${src.where} GROUP BY 1`)
      .raw(true)
      .all(...src.params, sinceMin, untilMin) as Row[];
    return rows
      .filter((r) => r[1] !== null)
      .map((r) => {
        const acc = new DeliveryAcc();
        acc.add(r, 1);
        return [String(r[0]), acc];
      });
  }

  inboxSums(sinceMin: number, untilMin: number, slug?: string): [string, InboxTotals][] {
    const where = slug === undefined ? 'minute BETWEEN ? AND ?' : 'inbox = ? AND minute BETWEEN ? AND ?';
    const params = slug === undefined ? [sinceMin, untilMin] : [slug, sinceMin, untilMin];
    const rows = this.stmt(`SELECT inbox, ${ISUM} FROM stats_inbox_minute WHERE ${where} GROUP BY inbox`)
      .raw(true)
      .all(...params) as Row[];
    return rows.map((r) => [String(r[0]), inboxTotals(r.slice(1))]);
  }
}

export { DeliveryAcc, D as DELIVERY_INDEX };

function inboxTotals(v: number[]): InboxTotals {
  const requests = v[I.requests] ?? 0;
  return {
    requests,
    a2xx: v[I.a2] ?? 0,
    a3xx: v[I.a3] ?? 0,
    a4xx: v[I.a4] ?? 0,
    a5xx: v[I.a5] ?? 0,
    aNone: v[I.anone] ?? 0,
    sigValid: v[I.sig_valid] ?? 0,
    sigInvalid: v[I.sig_invalid] ?? 0,
    unsigned: v[I.sig_unsigned] ?? 0,
    duplicates: v[I.duplicates] ?? 0,
    bytes: v[I.bytes] ?? 0,
    duplicateRate: requests ? (v[I.duplicates] ?? 0) / requests : null,
  };
}
