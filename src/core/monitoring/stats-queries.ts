import {
  type DeliveryStats,
  type EndpointStatsRow,
  type InboxStats,
  type InboxTotals,
  type RecentFailure,
  type Sparklines,
} from '../../shared/monitoring';
import { recentFailures } from './recent-failures';
import { RollupReader, type RollupName } from './rollup-reader';
import { BUCKETS, INBOX_VALUES, LATENCY_BOUNDS } from './rollup-sql';
import { DELIVERY_INDEX as D, DeliveryAcc, DSUM, H0, I, inboxTotals, ISUM, type Row } from './stats-sums';
import { MINUTE, percentile, type ResolvedWindow } from './stats-window';

export { resolveWindow, percentile, type WindowInput, type ResolvedWindow } from './stats-window';
export { DeliveryAcc, DELIVERY_INDEX } from './stats-sums';

export interface DeliveryScope {
  endpointId?: string;
  topic?: string;
}

/**
 * Chart queries over the rollup tables (and the last failures from the deliveries); reading the
 * tiers of the rollups is `RollupReader`'s.
 */
export class StatsQueries extends RollupReader {
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
  /**
   * The last deliveries that failed for good in the window, newest first (`recent-failures.ts`).
   */
  recentFailures(w: ResolvedWindow, scope: DeliveryScope, names = this.endpointNames(), limit = 10): RecentFailure[] {
    return recentFailures((sql) => this.stmt(sql), w, scope, names, limit);
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
