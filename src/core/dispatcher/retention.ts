import type { Db } from '../store/database';
import type { Logger } from '../util/logger';
import { BULK_CHUNK, deleteChunk, type Exec } from './bulk';

const DAY_MS = 86_400_000;

export interface RetentionLimits {
  /** Keep the newest this many deliveries; 0 keeps all. */
  keepCount: number;
  /** Keep none older than this many days; 0 keeps all. */
  keepDays: number;
}

/**
 * Delivery retention by count and by age. A pass finds the oldest delivery to keep, then deletes the
 * finished deliveries before it (with their attempts, and the events no delivery uses any more) in
 * batches of BULK_CHUNK on the writer connection, yielding between batches: the engine's cycles
 * run between two batches, so a trim of a million rows never holds the write lock for long.
 * Pending and retrying deliveries are never trimmed.
 */
export class DeliveryRetention {
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly exec: Exec,
    private readonly limits: () => RetentionLimits,
    private readonly now: () => number,
    private readonly logger: Logger,
    private readonly onTrimmed: (count: number) => void,
  ) {}

  /** Runs a pass (or one more after the running one); resolves with the rows deleted. */
  trim(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const p = this.loop().finally(() => {
      this.running = null;
    });
    this.running = p;
    return p;
  }

  stop(): Promise<unknown> {
    this.stopped = true;
    return this.running ?? Promise.resolve();
  }

  private async loop(): Promise<number> {
    let total = 0;
    do {
      this.again = false;
      total += await this.pass();
    } while (this.again && !this.stopped);
    return total;
  }

  /** The first seq to keep: everything before it that is finished goes. Null: nothing to trim. */
  cutoff(): number | null {
    const { keepCount, keepDays } = this.limits();
    let cut: number | null = null;
    if (keepCount > 0) {
      const s = this.db
        .prepare('SELECT seq FROM dispatch_deliveries ORDER BY seq DESC LIMIT 1 OFFSET ?')
        .pluck()
        .get(keepCount - 1) as number | undefined;
      if (s !== undefined) cut = s;
    }
    if (keepDays > 0) {
      const since = this.now() - keepDays * DAY_MS;
      const first = this.db
        .prepare('SELECT seq FROM dispatch_deliveries WHERE created_at >= ? ORDER BY created_at LIMIT 1')
        .pluck()
        .get(since) as number | undefined;
      // None young enough: every delivery is older than the limit.
      const s =
        first ??
        ((this.db.prepare('SELECT MAX(seq) FROM dispatch_deliveries').pluck().get() as number | null) ?? 0) + 1;
      cut = cut === null ? s : Math.max(cut, s);
    }
    return cut;
  }

  private async pass(): Promise<number> {
    const cut = this.cutoff();
    if (cut === null) return 0;
    const batch = this.db.prepare(
      `SELECT seq, event_id FROM dispatch_deliveries WHERE seq < ? AND seq > ?
         AND status IN ('succeeded', 'failed', 'cancelled') ORDER BY seq LIMIT ${BULK_CHUNK}`,
    );
    let deleted = 0;
    let after = 0;
    try {
      while (!this.stopped) {
        const rows = batch.all(cut, after) as { seq: number; event_id: string }[];
        if (!rows.length) break;
        deleted += await deleteChunk(rows, this.exec);
        after = rows[rows.length - 1].seq;
        // Let the event loop (and the engine's next cycle) in between two batches.
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      this.logger.warn('delivery retention stopped', { error: (err as Error).message });
    }
    if (deleted > 0) this.onTrimmed(deleted);
    return deleted;
  }
}
