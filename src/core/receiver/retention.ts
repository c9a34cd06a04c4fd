import type { Db } from '../store/database';
import type { CaptureWriter } from './capture-writer';
import type { InboxStore, LiveInbox } from './inbox-store';

const CHUNK = 1000;

/**
 * Retention per inbox (max requests, max age). Deletes run on the capture writer's connection, in
 * order with the captured rows, in chunks of CHUNK rows: the writer runs on the main thread, so a
 * chunk holds the event loop (and the write lock) for a few ms only.
 */
export class Retention {
  private running = new Map<string, Promise<number>>();
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
    if (max !== null && inbox.count > max + Math.floor(max / 100)) this.prune(inbox.slug).catch(() => {});
  }

  async pruneAll(): Promise<void> {
    for (const slug of this.inboxes.slugs()) await this.prune(slug);
  }

  /**
   * Applies the inbox's retention. When a prune of the inbox is already running, it makes one
   * more pass with the current settings, and this resolves when that pass is done.
   */
  prune(slug: string): Promise<number> {
    const current = this.running.get(slug);
    if (current) {
      this.again.add(slug);
      return current;
    }
    const p = this.run(slug);
    this.running.set(slug, p);
    return p;
  }

  private async run(slug: string): Promise<number> {
    let total = 0;
    await Promise.resolve(); // `running` is set before this can finish
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
        if (maxRequests !== null && inbox.count > maxRequests) total += await this.trim(slug, maxRequests);
      } while (this.again.has(slug));
    } finally {
      // In the same tick as the last look at `again`: a later prune() starts a new pass.
      this.running.delete(slug);
      this.again.delete(slug);
    }
    return total;
  }

  /**
   * Deletes the oldest requests of an inbox beyond `keep`, going by its live count (committed
   * rows): each chunk walks (inbox, id) from the oldest row and never reads the rows it keeps
   * (an OFFSET over the kept rows cost a scan of 100,000 index entries on every prune).
   */
  private async trim(slug: string, keep: number): Promise<number> {
    let deleted = 0;
    for (;;) {
      const inbox = this.inboxes.get(slug);
      if (!inbox || inbox.count <= keep) return deleted;
      const n = Math.min(CHUNK, inbox.count - keep);
      const { changes } = await this.writer.exec([
        ['DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE inbox = ? ORDER BY inbox, id LIMIT ?)', [slug, n]],
      ]);
      deleted += changes[0];
      if (changes[0] > 0) this.onPruned(this.inboxes.get(slug) ?? inbox, changes[0]);
      if (changes[0] < n) return deleted;
    }
  }

  private async loop(inbox: LiveInbox, cond: string, params: unknown[]): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { changes } = await this.writer.exec([
        [`DELETE FROM requests WHERE id IN (SELECT id FROM requests WHERE inbox = ? AND ${cond} ORDER BY inbox, id LIMIT ${CHUNK})`, [inbox.slug, ...params]],
      ]);
      deleted += changes[0];
      // The inbox object is replaced when its settings change: count on the current one.
      if (changes[0] > 0) this.onPruned(this.inboxes.get(inbox.slug) ?? inbox, changes[0]);
      if (changes[0] < CHUNK) return deleted;
    }
  }
}
