import { type DeliveryTotals, type InboxTotals } from '../../shared/monitoring';
import { BUCKETS, DELIVERY_VALUES, INBOX_VALUES } from './rollup-sql';
import { percentile } from './stats-window';

const sumCols = (cols: string[]) => cols.map((c) => (c === 'lat_max' ? `max(lat_max)` : `sum(${c})`)).join(', ');
export const DSUM = sumCols(DELIVERY_VALUES);
export const ISUM = sumCols(INBOX_VALUES);
/** Index of each value column in a summed row (after the leading key columns). */
const D = Object.fromEntries(DELIVERY_VALUES.map((c, i) => [c, i])) as Record<string, number>;
export const I = Object.fromEntries(INBOX_VALUES.map((c, i) => [c, i])) as Record<string, number>;
export const H0 = D.h0;

export type Row = number[];

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

export { DeliveryAcc, D as DELIVERY_INDEX };

export function inboxTotals(v: number[]): InboxTotals {
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
