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
import type { Db } from '../store/database';
import { BUCKETS, DELIVERY_VALUES, INBOX_VALUES, LATENCY_BOUNDS } from './rollup-sql';

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
  const bucketMin =
    w.bucketMinutes ?? NICE_MINUTES.find((m) => span / m <= maxPoints) ?? Math.ceil(span / maxPoints);
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

/** Chart queries over the rollup tables (and the last failures from the deliveries). */
export class StatsQueries {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Db) {}

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  private source(scope: DeliveryScope): { table: string; where: string; params: unknown[] } {
    const parts = ['minute BETWEEN ? AND ?'];
    const params: unknown[] = [];
    let table = 'stats_endpoint_minute';
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
    const rows = this.stmt(
      `SELECT minute / ${bm} AS k, ${DSUM} FROM ${src.table} WHERE ${src.where} GROUP BY k ORDER BY k`,
    )
      .raw(true)
      .all(...src.params, w.fromMin, w.toMin) as Row[];
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
    const byEndpoint = this.source({ endpointId: scope.endpointId });
    const topics =
      scope.topic !== undefined
        ? [{ topic: scope.topic, ...all.totals() }]
        : this.groupRows({ ...byEndpoint, table: 'stats_topic_minute' }, w, 'topic').map(([topic, acc]) => ({
            topic: String(topic),
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
      topics,
      recentFailures: this.recentFailures(w, scope, names),
    };
  }

  private groupRows(
    src: { table: string; where: string; params: unknown[] },
    w: ResolvedWindow,
    key: string,
  ): [unknown, DeliveryAcc][] {
    const rows = this.stmt(
      `SELECT ${key}, ${DSUM} FROM ${src.table} WHERE ${src.where} GROUP BY ${key} ORDER BY sum(attempts) DESC LIMIT 50`,
    )
      .raw(true)
      .all(...src.params, w.fromMin, w.toMin) as Row[];
    return rows.map((r) => {
      const acc = new DeliveryAcc();
      acc.add(r, 1);
      return [r[0], acc];
    });
  }

  recentFailures(w: ResolvedWindow, scope: DeliveryScope, names = this.endpointNames(), limit = 10): RecentFailure[] {
    const parts = [`status = 'failed'`, 'updated_at >= ?', 'updated_at < ?'];
    const params: unknown[] = [w.fromMin * MINUTE, (w.toMin + 1) * MINUTE];
    if (scope.endpointId !== undefined) {
      parts.push('endpoint_id = ?');
      params.push(scope.endpointId);
    }
    if (scope.topic !== undefined) {
      parts.push('topic = ?');
      params.push(scope.topic);
    }
    const rows = this.stmt(
      `SELECT id, endpoint_id, topic, attempts, last_status, last_error, updated_at FROM dispatch_deliveries
       WHERE ${parts.join(' AND ')} ORDER BY seq DESC LIMIT ${limit}`,
    ).all(...params) as {
      id: string;
      endpoint_id: string;
      topic: string;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
      updated_at: number;
    }[];
    return rows.map((r) => ({
      deliveryId: r.id,
      endpointId: r.endpoint_id,
      endpointName: names.get(r.endpoint_id) ?? '',
      topic: r.topic,
      attempts: r.attempts,
      lastStatus: r.last_status,
      error: r.last_error,
      at: r.updated_at,
    }));
  }

  inboxes(w: ResolvedWindow, slug?: string): InboxStats {
    const where = slug === undefined ? 'minute BETWEEN ? AND ?' : 'inbox = ? AND minute BETWEEN ? AND ?';
    const params = slug === undefined ? [w.fromMin, w.toMin] : [slug, w.fromMin, w.toMin];
    const bm = w.bucketMin;
    const rows = this.stmt(
      `SELECT minute / ${bm} AS k, ${ISUM} FROM stats_inbox_minute WHERE ${where} GROUP BY k ORDER BY k`,
    )
      .raw(true)
      .all(...params) as Row[];
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
    const inboxes = (
      this.stmt(
        `SELECT inbox, ${ISUM} FROM stats_inbox_minute WHERE ${where} GROUP BY inbox ORDER BY sum(requests) DESC LIMIT 50`,
      )
        .raw(true)
        .all(...params) as Row[]
    ).map((r) => ({ slug: String(r[0]), name: names.get(String(r[0])) ?? '', ...inboxTotals(r.slice(1)) }));
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
    const rows = this.stmt(
      `SELECT endpoint_id, minute / ${bm} AS k, sum(attempts), sum(succeeded) FROM stats_endpoint_minute
       WHERE minute BETWEEN ? AND ? GROUP BY endpoint_id, k`,
    )
      .raw(true)
      .all(w.fromMin, w.toMin) as [string, number, number, number][];
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
