import { WINDOW_MS, type StatsWindowName } from '../../shared/monitoring';
import { HookbenchError } from '../../shared/errors';
import { LATENCY_BOUNDS } from './rollup-sql';

export const MINUTE = 60_000;
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
