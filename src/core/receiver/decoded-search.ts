import type { Db } from '../store/database';
import { decodePreview } from './body-view';

/** How much of each compressed body search looks at once decoded (a bomb inflates no further). */
export const DECODED_SEARCH_BYTES = 1024 * 1024;
/** The newest compressed requests of an inbox one search decodes, at most. */
export const DECODED_SEARCH_ROWS = 2000;
/** Time one search may spend decoding bodies it has not decoded before. */
export const DECODED_SEARCH_MS = 1500;
/** Decoded text kept between searches (typing a query searches again on every key). */
const CACHE_CHARS = 32 * 1024 * 1024;

export interface DecodedMatches {
  /** Compressed requests whose decoded body (its first DECODED_SEARCH_BYTES) holds the text. */
  ids: number[];
  /** How many compressed requests were looked inside. */
  searched: number;
  /** False when the inbox holds more compressed requests than were searched (row or time budget). */
  complete: boolean;
}

/**
 * Text search inside compressed (gzip, br, deflate) bodies. SQL only sees the stored bytes, so
 * the newest compressed requests of the inbox are decoded (on zlib's thread pool, each to at most
 * DECODED_SEARCH_BYTES, within a row and time budget) and their ids given to the query. Decoded
 * text is cached by request id, lower-cased, in a bounded LRU.
 */
export class DecodedSearch {
  private cache = new Map<number, string>();
  private cached = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async matches(inbox: string, text: string): Promise<DecodedMatches> {
    const needle = text.toLowerCase();
    const rows = this.db
      .prepare('SELECT id FROM requests WHERE inbox = ? AND content_encoding IS NOT NULL ORDER BY inbox, id DESC LIMIT ?')
      .pluck()
      .all(inbox, DECODED_SEARCH_ROWS + 1) as number[];
    const ids: number[] = [];
    const deadline = this.clock() + DECODED_SEARCH_MS;
    const read = this.db.prepare('SELECT body, content_encoding FROM requests WHERE id = ?');
    let searched = 0;
    let complete = rows.length <= DECODED_SEARCH_ROWS;
    for (const id of rows.slice(0, DECODED_SEARCH_ROWS)) {
      let decoded = this.cache.get(id);
      if (decoded === undefined) {
        if (this.clock() > deadline) {
          complete = false;
          continue; // cached ones are still searched
        }
        const r = read.get(id) as { body: Buffer | string; content_encoding: string | null } | undefined;
        if (!r) continue; // deleted meanwhile
        const bytes = Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
        const d = await decodePreview(bytes, r.content_encoding, DECODED_SEARCH_BYTES).catch(() => null);
        decoded = d?.decoded ? d.decoded.toString('utf8').toLowerCase() : '';
        this.remember(id, decoded);
      } else {
        // Most recently used last.
        this.cache.delete(id);
        this.cache.set(id, decoded);
      }
      searched++;
      if (decoded.includes(needle)) ids.push(id);
    }
    return { ids, searched, complete };
  }

  /** Requests are deleted: their decoded text goes too (ids are never reused, so this only frees memory). */
  forget(ids: number[] | null): void {
    if (ids === null) {
      this.cache.clear();
      this.cached = 0;
      return;
    }
    for (const id of ids) {
      const t = this.cache.get(id);
      if (t === undefined) continue;
      this.cached -= t.length;
      this.cache.delete(id);
    }
  }

  private remember(id: number, text: string): void {
    if (text.length > CACHE_CHARS) return;
    this.cache.set(id, text);
    this.cached += text.length;
    for (const [old, t] of this.cache) {
      if (this.cached <= CACHE_CHARS) break;
      this.cache.delete(old);
      this.cached -= t.length;
    }
  }
}
