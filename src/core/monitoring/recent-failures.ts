import type { Statement } from 'better-sqlite3';
import type { RecentFailure } from '../../shared/monitoring';
import type { DeliveryScope } from './stats-queries';
import { MINUTE, type ResolvedWindow } from './stats-window';

type Stmt = (sql: string) => Statement;

/** The first attempt seq whose start is at or after `ms` (attempts are numbered as they are written). */
function attemptSeqAt(stmt: Stmt, ms: number): number {
  // Two statements: SQLite answers a lone MIN or MAX of the rowid from the b-tree's edge, both at once by a scan.
  const bounds = {
    lo: (stmt('SELECT MIN(seq) AS m FROM dispatch_attempts').get() as { m: number | null }).m,
    hi: (stmt('SELECT MAX(seq) AS m FROM dispatch_attempts').get() as { m: number | null }).m,
  };
  if (bounds.lo === null || bounds.hi === null) return 0;
  const at = stmt('SELECT seq, started_at FROM dispatch_attempts WHERE seq >= ? ORDER BY seq LIMIT 1');
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
export function recentFailures(
  stmt: Stmt,
  w: ResolvedWindow,
  scope: DeliveryScope,
  names: Map<string, string>,
  limit: number,
): RecentFailure[] {
  const lo = attemptSeqAt(stmt, w.fromMin * MINUTE);
  let hi = attemptSeqAt(stmt, (w.toMin + 1) * MINUTE);
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
  const page = stmt(
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
