import type { DeliveryFilter } from '../../shared/delivery-filter';
import type { DeliveryDetail } from '../../shared/dispatcher-deliveries';
import { HookbenchError } from '../../shared/errors';
import type { Db } from '../store/database';
import { deliveryWhere } from './delivery-filter';
import type { DeliveryQueries } from './delivery-queries';

/** Rows changed per statement: each batch holds the write lock for a few milliseconds only. */
export const BULK_CHUNK = 500;
/** Stored body and answer bytes one JSON export may carry (the file is built in memory). */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface Target {
  seq: number;
  id: string;
  endpoint_id: string;
  event_id: string;
  status: string;
}

export type Exec = (stmts: [sql: string, params: unknown[]][]) => Promise<{ changes: number[] }>;

const FINAL = `('succeeded', 'failed', 'cancelled')`;

/**
 * The deliveries a bulk action works on: these ids (unknown ones are left out), or every delivery
 * matching the filter, oldest first, at most `limit`. Read on the main connection; only the short
 * columns, so a million targets is a few tens of megabytes at most.
 */
export function resolveTargets(
  db: Db,
  sel: { ids?: string[]; filter?: DeliveryFilter; limit: number },
  order: 'oldest' | 'newest' = 'oldest',
): Target[] {
  const cols = 'd.seq, d.id, d.endpoint_id, d.event_id, d.status';
  if (sel.ids) {
    const out: Target[] = [];
    const ids = [...new Set(sel.ids)];
    for (let i = 0; i < ids.length; i += BULK_CHUNK) {
      const chunk = ids.slice(i, i + BULK_CHUNK);
      out.push(
        ...(db
          .prepare(`SELECT ${cols} FROM dispatch_deliveries d WHERE d.id IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as Target[]),
      );
    }
    return out.sort((a, b) => (order === 'oldest' ? a.seq - b.seq : b.seq - a.seq));
  }
  const w = deliveryWhere(sel.filter ?? {});
  return db
    .prepare(
      `SELECT ${cols} FROM dispatch_deliveries d WHERE ${w.sql} ORDER BY d.seq ${order === 'oldest' ? 'ASC' : 'DESC'} LIMIT ?`,
    )
    .all(...w.params, sel.limit) as Target[];
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(',');

/**
 * The targets a BULK_CHUNK at a time, oldest first: these ids, or the deliveries matching the
 * filter read page by page after the last one seen (memory stays bounded by one chunk whatever
 * the limit). Each chunk is read when the previous one is done, so a row changed by an earlier
 * chunk's statement is read as it is now.
 */
export function* targetChunks(
  db: Db,
  sel: { ids?: string[]; filter?: DeliveryFilter; limit: number },
): Generator<Target[]> {
  if (sel.ids) {
    const all = resolveTargets(db, sel);
    for (let i = 0; i < all.length; i += BULK_CHUNK) yield all.slice(i, i + BULK_CHUNK);
    return;
  }
  const w = deliveryWhere(sel.filter ?? {});
  const page = db.prepare(
    `SELECT d.seq, d.id, d.endpoint_id, d.event_id, d.status FROM dispatch_deliveries d
     WHERE ${w.sql} AND d.seq > ? ORDER BY d.seq LIMIT ?`,
  );
  let after = 0;
  let left = sel.limit;
  while (left > 0) {
    const rows = page.all(...w.params, after, Math.min(BULK_CHUNK, left)) as Target[];
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1].seq;
    left -= rows.length;
  }
}

/**
 * Cancels the pending and retrying deliveries among the targets, a batch at a time on the writer
 * connection (in order with the engine's cycles); the status test is in the statement, so a
 * delivery that finished meanwhile stays as it is.
 */
export async function cancelMany(
  chunks: Iterable<Target[]>,
  exec: Exec,
  unqueue: (endpointId: string, id: string) => void,
  now: () => number,
): Promise<{ cancelled: number; skipped: number; ids: string[] }> {
  let cancelled = 0;
  let seen = 0;
  const ids: string[] = [];
  for (const targets of chunks) {
    seen += targets.length;
    const chunk = targets.filter((t) => t.status === 'pending' || t.status === 'retrying');
    if (!chunk.length) continue;
    for (const t of chunk) unqueue(t.endpoint_id, t.id);
    const { changes } = await exec([
      [
        `UPDATE dispatch_deliveries SET status = 'cancelled', next_attempt_at = NULL, lease_until = NULL, updated_at = ?
         WHERE seq IN (${marks(chunk.length)}) AND status IN ('pending', 'retrying')`,
        [now(), ...chunk.map((t) => t.seq)],
      ],
    ]);
    cancelled += changes[0];
    // Which rows changed is not reported; the caller re-reads these (a finished one is unchanged).
    if (changes[0] > 0 && ids.length < 5000) ids.push(...chunk.map((t) => t.id));
  }
  return { cancelled, skipped: seen - cancelled, ids };
}

/**
 * Deletes the targets that are finished (succeeded, failed, cancelled) and not held by the engine,
 * with their attempts (cascade) and the events no delivery uses any more, a batch at a time. `ids`
 * holds the first thousand or so deleted (the caller reports "many" past that).
 */
export async function deleteMany(
  chunks: Iterable<Target[]>,
  exec: Exec,
  isClaimed: (id: string) => boolean,
): Promise<{ deleted: number; skipped: number; ids: string[] }> {
  let deleted = 0;
  let seen = 0;
  const ids: string[] = [];
  for (const targets of chunks) {
    seen += targets.length;
    const chunk = targets.filter(
      (t) => (t.status === 'succeeded' || t.status === 'failed' || t.status === 'cancelled') && !isClaimed(t.id),
    );
    if (!chunk.length) continue;
    deleted += await deleteChunk(chunk, exec);
    if (ids.length <= 1000) ids.push(...chunk.map((t) => t.id));
    // Let the event loop (and the engine's next cycle) in between two batches.
    await new Promise((r) => setImmediate(r));
  }
  return { deleted, skipped: seen - deleted, ids };
}

/** One batch: the finished deliveries among `chunk`, then their events left without deliveries. */
export async function deleteChunk(chunk: Pick<Target, 'seq' | 'event_id'>[], exec: Exec): Promise<number> {
  const events = [...new Set(chunk.map((t) => t.event_id))];
  const { changes } = await exec([
    [
      `DELETE FROM dispatch_deliveries WHERE seq IN (${marks(chunk.length)}) AND status IN ${FINAL}`,
      chunk.map((t) => t.seq),
    ],
    [
      // The newest event row stays even when unused: SQLite reuses the largest rowid once it is
      // deleted, and the search index (search-index.ts) counts on event rowids only growing.
      `DELETE FROM dispatch_events WHERE id IN (${marks(events.length)})
         AND NOT EXISTS (SELECT 1 FROM dispatch_deliveries d WHERE d.event_id = dispatch_events.id)
         AND rowid < (SELECT MAX(rowid) FROM dispatch_events)`,
      events,
    ],
  ]);
  return changes[0];
}

/** The deliveries in full (body and attempts) as one JSON file, bounded by what is stored. */
export function exportDeliveries(
  db: Db,
  queries: DeliveryQueries,
  targets: Target[],
  now: number,
): { filename: string; mimeType: string; content: string; count: number } {
  let bytes = 0;
  const size = db.prepare(
    `SELECT (SELECT COALESCE(length(d.body), 0) + COALESCE((SELECT length(payload) FROM dispatch_events WHERE id = d.event_id), 0))
       + COALESCE((SELECT SUM(COALESCE(length(a.res_body), 0)) FROM dispatch_attempts a WHERE a.delivery_seq = d.seq), 0)
     FROM dispatch_deliveries d WHERE d.seq = ?`,
  );
  for (const t of targets) bytes += (size.pluck().get(t.seq) as number | null) ?? 0;
  if (bytes > MAX_EXPORT_BYTES)
    throw new HookbenchError(
      'payload_too_large',
      `These ${targets.length.toLocaleString()} deliveries hold ${Math.round(bytes / 1024 / 1024)} MiB of bodies and answers; an export carries at most ${MAX_EXPORT_BYTES / 1024 / 1024} MiB. Export fewer deliveries (a narrower filter or selection).`,
    );
  const items: DeliveryDetail[] = targets.map((t) => queries.detail(t.id));
  const stamp = new Date(now).toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return {
    filename: `hookbench-deliveries-${stamp}.json`,
    mimeType: 'application/json',
    content: JSON.stringify({ format: 'hookbench.deliveries', version: 1, exportedAt: now, items }, null, 2),
    count: items.length,
  };
}
