import type { Db } from '../store/database';
import type { Logger } from '../util/logger';
import type { Exec } from './bulk';

/** Rows of each kind indexed per transaction on the writer connection (a few ms of write lock). */
export const SEARCH_BATCH = 1000;
/** The leading characters of a payload, body or answer that are indexed and searched. */
export const SEARCH_TEXT_CHARS = 65_536;

/** What is indexed: the source rows in rowid order, the text of each, and its FTS table. */
const KINDS = [
  {
    name: 'payload',
    table: 'dispatch_search_payload',
    source: 'dispatch_events',
    key: 'rowid',
    text: `substr(CAST(payload AS TEXT), 1, ${SEARCH_TEXT_CHARS})`,
    only: '',
  },
  {
    name: 'body',
    table: 'dispatch_search_body',
    source: 'dispatch_deliveries',
    key: 'seq',
    text: `substr(CAST(body AS TEXT), 1, ${SEARCH_TEXT_CHARS})`,
    only: 'AND body_from_event = 0',
  },
  {
    name: 'answer',
    table: 'dispatch_search_answer',
    source: 'dispatch_attempts',
    key: 'seq',
    text: `substr(CAST(res_body AS TEXT), 1, ${SEARCH_TEXT_CHARS})`,
    only: 'AND res_body IS NOT NULL',
  },
] as const;

/**
 * Fills the delivery log's FTS5 indexes (migration dispatcher/005) in the background: each batch
 * indexes the next rows after a watermark and moves the watermark, in one transaction on the
 * writer connection, in order with the engine's cycles. The engine's own inserts are untouched;
 * the rows past the watermarks (a second's worth, or more while a large store catches up after an
 * upgrade) are searched with LIKE (delivery-filter.ts).
 */
export class SearchIndexer {
  private running: Promise<number> | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Db,
    private readonly exec: Exec,
    private readonly logger: Logger,
  ) {}

  start(intervalMs = 1000): void {
    void this.catchUp();
    this.timer = setInterval(() => void this.catchUp(), intervalMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  /** How many rows of each kind wait to be indexed. */
  behind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const k of KINDS) {
      const upto = this.db.prepare('SELECT upto FROM dispatch_search_state WHERE name = ?').pluck().get(k.name) as number;
      const max = (this.db.prepare(`SELECT MAX(${k.key}) FROM ${k.source}`).pluck().get() as number | null) ?? 0;
      out[k.name] = Math.max(0, max - upto);
    }
    return out;
  }

  /** Indexes every row there is now; resolves with how many rows were looked at. */
  catchUp(): Promise<number> {
    if (this.running) return this.running;
    const p = this.loop().finally(() => {
      this.running = null;
    });
    this.running = p;
    return p;
  }

  private async loop(): Promise<number> {
    let total = 0;
    try {
      while (!this.stopped) {
        const todo = KINDS.filter((k) => this.behindOf(k));
        if (!todo.length) break;
        const stmts: [string, unknown[]][] = [];
        for (const k of todo) {
          // The next batch of source rows after the watermark: index those with text, then move
          // the watermark to the last of them (all in one transaction, so the two always agree).
          const next = `SELECT ${k.key} AS k FROM ${k.source} WHERE ${k.key} > (SELECT upto FROM dispatch_search_state WHERE name = '${k.name}') ORDER BY ${k.key} LIMIT ${SEARCH_BATCH}`;
          stmts.push(
            [
              `INSERT INTO ${k.table} (rowid, content) SELECT ${k.key}, ${k.text} FROM ${k.source}
                 WHERE ${k.key} IN (${next}) ${k.only}`,
              [],
            ],
            [
              `UPDATE dispatch_search_state SET upto = COALESCE((SELECT MAX(k) FROM (${next})), upto) WHERE name = '${k.name}'`,
              [],
            ],
          );
        }
        const { changes } = await this.exec(stmts);
        total += changes.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0);
        await new Promise((r) => setImmediate(r));
      }
    } catch (err) {
      if (!this.stopped) this.logger.warn('delivery search index paused', { error: (err as Error).message });
    }
    return total;
  }

  private behindOf(k: (typeof KINDS)[number]): boolean {
    const upto = this.db.prepare('SELECT upto FROM dispatch_search_state WHERE name = ?').pluck().get(k.name) as number;
    return this.db.prepare(`SELECT 1 FROM ${k.source} WHERE ${k.key} > ? LIMIT 1`).pluck().get(upto) !== undefined;
  }
}
