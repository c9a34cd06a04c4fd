import type { Db } from '../store/database';
import type { CaptureWriter } from './capture-writer';
import type { InboxStore, LiveInbox } from './inbox-store';

const CHUNK = 5000;

/**
 * Retention per inbox (max requests, max age). Deletes run on the capture worker's connection in
 * chunks, so clean-up never holds the write lock for long and never blocks the event loop.
 */
export class Retention {
  private running = new Set<string>();
  private again = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly inboxes: InboxStore,
    private readonly writer: CaptureWriter,
    private readonly now: () => number,
    private readonly onPruned: (inbox: LiveInbox, deleted: number) => void,
  ) {}

  /** Called after each stored request: prunes once an inbox is a little over its cap. */
  noteStored(inbox: LiveInbox): void {
    const max = inbox.config.retention.maxRequests;
    if (max !== null && inbox.count > max + Math.floor(max / 100)) void this.prune(inbox.slug);
  }

  async pruneAll(): Promise<void> {
    for (const slug of this.inboxes.slugs()) await this.prune(slug);
  }

  async prune(slug: string): Promise<number> {
    if (this.running.has(slug)) {
      this.again.add(slug);
      return 0;
    }
    this.running.add(slug);
    let total = 0;
    try {
      do {
        this.again.delete(slug);
        const inbox = this.inboxes.get(slug);
        if (!inbox) break;
        const { maxRequests, maxAgeHours } = inbox.config.retention;
        if (maxAgeHours !== null) {
          // Ids grow with arrival time: everything before the first request young enough to keep.
          const cutoff = this.now() - maxAgeHours * 3_600_000;
          const firstKept = this.db
            .prepare('SELECT id FROM requests WHERE inbox = ? AND received_at >= ? ORDER BY inbox, id LIMIT 1')
            .pluck()
            .get(slug, cutoff) as number | undefined;
          total += await this.loop(inbox, firstKept === undefined ? '1' : 'id < ?', firstKept === undefined ? [] : [firstKept]);
        }
        if (maxRequests !== null && inbox.count > maxRequests) {
          const keepFrom = this.keepFrom(inbox, maxRequests);
          if (keepFrom !== null) total += await this.loop(inbox, 'id < ?', [keepFrom]);
        }
      } while (this.again.has(slug));
    } finally {
      this.running.delete(slug);
    }
    return total;
  }

  private keepFrom(inbox: LiveInbox, keep: number): number | null {
    // The id of the oldest request to keep (committed rows only, like inbox.count).
    const id = this.db
      .prepare('SELECT id FROM requests WHERE inbox = ? ORDER BY inbox, id DESC LIMIT 1 OFFSET ?')
      .pluck()
      .get(inbox.slug, keep - 1) as number | undefined;
    return id ?? null;
  }

  private async loop(inbox: LiveInbox, cond: string, params: unknown[]): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { changes } = await this.writer.exec([
        [`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE inbox = ? AND ${cond} ORDER BY inbox, id LIMIT ${CHUNK})`, [inbox.slug, ...params]],
      ]);
      deleted += changes[0];
      if (changes[0] > 0) this.onPruned(inbox, changes[0]);
      if (changes[0] < CHUNK) return deleted;
    }
  }
}
