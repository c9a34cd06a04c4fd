import type { Statement } from 'better-sqlite3';
import { getMeta, setMeta, type Db } from '../store/database';
import { compactSql, ROLLUPS, TIERS, tierTable, type Tier } from './rollup-sql';
import type { Row } from './stats-sums';
import { MINUTE, type ResolvedWindow } from './stats-window';

/** Minutes folded into a tier lag this far behind now, so attempts written late still land in minutes. */
const FOLD_LAG_MIN = 15;
/** At most this many minutes (6 hours: whole blocks of every tier) are folded per call. */
const MAX_FOLD_MIN = 360;
export type RollupName = 'stats_endpoint_minute' | 'stats_topic_minute' | 'stats_inbox_minute';

/**
 * Reads the rollup tables for a window: folds the minute rollups into the larger tiers as they
 * finish, and runs one aggregate over the parts of a window each tier answers.
 */
export class RollupReader {
  private readonly cache = new Map<string, Statement>();
  constructor(
    protected readonly db: Db,
    protected readonly now: () => number = Date.now,
  ) {}

  protected stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      if (this.cache.size > 200) this.cache.clear();
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }

  /**
   * Folds the finished blocks of a tier (10 minutes, hours) of the minute rollups into its tables
   * (everything the first time; later calls only add the blocks finished since). Returns the first
   * minute not folded yet.
   */
  compact(tier: Tier): number {
    const size = tier.minutes;
    const until = Math.floor((Math.floor(this.now() / MINUTE) - FOLD_LAG_MIN) / size) * size;
    let done = Number(getMeta(this.db, tier.meta) ?? 0);
    if (until <= done) return done;
    let to = until;
    this.db
      .transaction(() => {
        if (done === 0) {
          const first = this.db.prepare('SELECT MIN(minute) AS m FROM stats_endpoint_minute').get() as { m: number | null };
          const firstIn = this.db.prepare('SELECT MIN(minute) AS m FROM stats_inbox_minute').get() as { m: number | null };
          const m = Math.min(first.m ?? until, firstIn.m ?? until);
          done = Math.floor(m / size) * size;
        }
        // A bounded step per call, so a store with days of unfolded minutes (new tier, first
        // start after an upgrade) never holds the thread for seconds: the rest is read from the
        // smaller tiers meanwhile, and folded by the next calls.
        to = Math.min(until, done + MAX_FOLD_MIN);
        for (const r of ROLLUPS) this.stmt(compactSql(r, tier)).run(done, to);
        setMeta(this.db, tier.meta, String(to));
      })
      .immediate();
    return to;
  }

  /**
   * What to read for a window, as ranges of minutes per table: the largest tier's whole blocks
   * inside the window (folded so far), then the ends around them from the smaller tiers, down to
   * the minute table. Short windows (under 6 hours) read minutes only. For a `series`, only tiers
   * whose blocks fall in one bucket each (the bucket size is a multiple of the block).
   */
  private parts(table: RollupName, w: ResolvedWindow, series: boolean): [string, number, number][] {
    const span = w.toMin - w.fromMin + 1;
    if (span < 6 * 60) return [[table, w.fromMin, w.toMin]];
    const tiers = TIERS.filter((t) => !series || w.bucketMin % t.minutes === 0);
    const out: [string, number, number][] = [];
    const cover = (lo: number, hi: number, level: number): void => {
      if (lo > hi) return;
      if (level < 0) {
        out.push([table, lo, hi]);
        return;
      }
      const tier = tiers[level];
      const size = tier.minutes;
      const a = Math.ceil(lo / size) * size;
      const b = Math.min(Math.floor((hi + 1) / size) * size, this.compact(tier));
      if (b <= a) return cover(lo, hi, level - 1);
      cover(lo, a - 1, level - 1);
      out.push([tierTable(table, tier), a, b - 1]);
      cover(b, hi, level - 1);
    };
    cover(w.fromMin, w.toMin, tiers.length - 1);
    return out;
  }

  /**
   * One aggregate over a window: run on each part's table on its own (a UNION ALL of the parts
   * measured 6x slower: SQLite copies every column of every row through the compound subquery),
   * then the groups of the parts merged by their first `keys` columns, summing the values (or
   * taking the max at the `maxAt` columns). `sql` gets the table; its WHERE ends with
   * `minute BETWEEN ? AND ?`, bound after `params`.
   */
  protected aggregate(
    table: RollupName,
    w: ResolvedWindow,
    series: boolean,
    sql: (from: string) => string,
    params: unknown[],
    keys: number,
    maxAt: number[] = [],
  ): Row[] {
    const parts = this.parts(table, w, series);
    const results = parts.map(([t, lo, hi]) => this.stmt(sql(t)).raw(true).all(...params, lo, hi) as Row[]);
    if (results.length === 1) return results[0];
    const merged = new Map<string, Row>();
    for (const rows of results) {
      for (const r of rows) {
        const key = keys === 1 ? String(r[0]) : JSON.stringify(r.slice(0, keys));
        const have = merged.get(key);
        if (!have) {
          merged.set(key, [...r]);
          continue;
        }
        for (let i = keys; i < r.length; i++) {
          have[i] = maxAt.includes(i) ? Math.max(have[i] ?? 0, r[i] ?? 0) : (have[i] ?? 0) + (r[i] ?? 0);
        }
      }
    }
    return [...merged.values()];
  }
}
