import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { CaptureWriter } from '../../../src/core/receiver/capture-writer';
import type { InboxStore, LiveInbox } from '../../../src/core/receiver/inbox-store';
import { Retention } from '../../../src/core/receiver/retention';

/**
 * Retention per inbox (issue 15): which requests go (the oldest beyond the cap; everything older
 * than the age, the one received exactly at the cut-off kept), in chunks of 5,000, with the live
 * count kept right and one "deleted" notice per chunk, and when pruning starts by itself (a
 * little over the cap). Real SQLite; the capture writer runs each statement on the same database,
 * as the worker does on its own connection.
 */

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 0, 1, 12);

function setup(
  inboxes: { slug: string; maxRequests: number | null; maxAgeHours: number | null; ages?: number[] }[],
) {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE requests (id INTEGER PRIMARY KEY AUTOINCREMENT, inbox TEXT NOT NULL, received_at INTEGER NOT NULL)',
  );
  const live = new Map<string, LiveInbox>();
  const insert = db.prepare('INSERT INTO requests (inbox, received_at) VALUES (?, ?)');
  for (const i of inboxes) {
    db.transaction(() => {
      for (const age of i.ages ?? []) insert.run(i.slug, NOW - age);
    })();
    live.set(i.slug, {
      slug: i.slug,
      config: { retention: { maxRequests: i.maxRequests, maxAgeHours: i.maxAgeHours } },
      count: i.ages?.length ?? 0,
    } as unknown as LiveInbox);
  }
  const store = {
    get: (slug: string) => live.get(slug),
    slugs: () => [...live.keys()],
  } as unknown as InboxStore;
  let execs = 0;
  /** Runs once, before the next statement batch: lets a test change things mid-prune. */
  const during: { next?: () => void } = {};
  const writer = {
    exec: async (statements: [string, unknown[]][]) => {
      execs++;
      const f = during.next;
      during.next = undefined;
      f?.();
      await Promise.resolve();
      return { changes: statements.map(([sql, params]) => db.prepare(sql).run(...params).changes) };
    },
  } as unknown as CaptureWriter;
  const pruned: [string, number][] = [];
  const retention = new Retention(
    db,
    store,
    writer,
    () => NOW,
    (inbox, deleted) => {
      // As the receiver module does: the live count follows, and the UI is told.
      inbox.count = Math.max(0, inbox.count - deleted);
      pruned.push([inbox.slug, deleted]);
    },
  );
  const ids = (slug: string) =>
    db.prepare('SELECT id FROM requests WHERE inbox = ? ORDER BY id').pluck().all(slug) as number[];
  return { db, live, retention, pruned, ids, execs: () => execs, during };
}

/** `n` requests, oldest first, one minute apart, the newest received now. */
const minutes = (n: number) => Array.from({ length: n }, (_, i) => (n - 1 - i) * 60_000);

describe('retention', () => {
  it('keeps the newest requests up to the cap and says how many went', async () => {
    const s = setup([
      { slug: 'a', maxRequests: 3, maxAgeHours: null, ages: minutes(10) },
      { slug: 'b', maxRequests: 3, maxAgeHours: null, ages: minutes(2) },
    ]);
    expect(await s.retention.prune('a')).toBe(7);
    expect(s.ids('a')).toEqual([8, 9, 10]);
    expect(s.live.get('a')!.count).toBe(3);
    expect(s.pruned).toEqual([['a', 7]]);
    // At or under the cap, nothing happens.
    expect(await s.retention.prune('a')).toBe(0);
    expect(await s.retention.prune('b')).toBe(0);
    expect(s.ids('b')).toEqual([11, 12]);
    expect(s.pruned).toEqual([['a', 7]]);
  });

  it('deletes everything older than the age, keeping the request received exactly at the cut-off', async () => {
    const s = setup([
      { slug: 'a', maxRequests: null, maxAgeHours: 2, ages: [5 * HOUR, 2 * HOUR + 1, 2 * HOUR, HOUR, 0] },
    ]);
    expect(await s.retention.prune('a')).toBe(2);
    expect(s.ids('a')).toEqual([3, 4, 5]);
    expect(s.live.get('a')!.count).toBe(3);
    expect(s.pruned).toEqual([['a', 2]]);
    // All too old: all go.
    const old = setup([{ slug: 'a', maxRequests: null, maxAgeHours: 1, ages: [3 * HOUR, 2 * HOUR] }]);
    expect(await old.retention.prune('a')).toBe(2);
    expect(old.ids('a')).toEqual([]);
    // None too old: nothing goes, nobody is told.
    const young = setup([{ slug: 'a', maxRequests: null, maxAgeHours: 1, ages: [HOUR - 1, 0] }]);
    expect(await young.retention.prune('a')).toBe(0);
    expect(young.pruned).toEqual([]);
  });

  it('applies the age, then the cap, and counts both', async () => {
    const s = setup([
      {
        slug: 'a',
        maxRequests: 2,
        maxAgeHours: 1,
        ages: [3 * HOUR, 2 * HOUR, 30 * 60_000, 20 * 60_000, 10 * 60_000, 0],
      },
    ]);
    expect(await s.retention.prune('a')).toBe(4);
    expect(s.ids('a')).toEqual([5, 6]);
    expect(s.pruned).toEqual([
      ['a', 2],
      ['a', 2],
    ]);
  });

  it('deletes in chunks of 1,000, telling after each', async () => {
    const s = setup([
      { slug: 'cap', maxRequests: 1000, maxAgeHours: null, ages: minutes(11_000) },
      {
        slug: 'age',
        maxRequests: null,
        maxAgeHours: 1,
        ages: [...Array.from({ length: 10_500 }, () => 2 * HOUR), 0],
      },
    ]);
    expect(await s.retention.prune('cap')).toBe(10_000);
    expect(s.pruned).toEqual(Array.from({ length: 10 }, () => ['cap', 1000]));
    expect(s.ids('cap')).toHaveLength(1000);
    s.pruned.length = 0;
    expect(await s.retention.prune('age')).toBe(10_500);
    expect(s.pruned).toEqual([...Array.from({ length: 10 }, () => ['age', 1000]), ['age', 500]]);
    expect(s.ids('age')).toHaveLength(1);
  });

  it('starts by itself only once an inbox is over its cap by more than 1 %', async () => {
    const s = setup([{ slug: 'a', maxRequests: 200, maxAgeHours: null, ages: minutes(203) }]);
    const inbox = s.live.get('a')!;
    inbox.count = 202;
    s.retention.noteStored(inbox);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.execs()).toBe(0);
    inbox.count = 203;
    s.retention.noteStored(inbox);
    await new Promise((r) => setTimeout(r, 20));
    expect(s.ids('a')).toHaveLength(200);
    // An inbox without a cap never starts a prune on its own.
    const none = setup([{ slug: 'b', maxRequests: null, maxAgeHours: 1, ages: [5 * HOUR] }]);
    none.retention.noteStored(none.live.get('b')!);
    await new Promise((r) => setTimeout(r, 20));
    expect(none.execs()).toBe(0);
  });

  it('runs one more pass with the new settings when asked again while pruning, and prunes every inbox', async () => {
    const s = setup([
      { slug: 'a', maxRequests: 5, maxAgeHours: null, ages: minutes(10) },
      { slug: 'b', maxRequests: 1, maxAgeHours: null, ages: minutes(3) },
    ]);
    const first = s.retention.prune('a');
    // The cap is lowered while the first pass runs: the same promise, and a second pass.
    s.live.get('a')!.config.retention.maxRequests = 2;
    const second = s.retention.prune('a');
    expect(second).toBe(first);
    expect(await first).toBe(8);
    expect(s.ids('a')).toEqual([9, 10]);
    // A later prune starts afresh.
    expect(await s.retention.prune('a')).toBe(0);
    await s.retention.pruneAll();
    expect(s.ids('b')).toEqual([13]);
    // An inbox deleted meanwhile: nothing to do.
    expect(await s.retention.prune('gone')).toBe(0);
  });

  it('makes the extra pass with settings changed during the first one, and counts on the inbox as it is now', async () => {
    const s = setup([{ slug: 'a', maxRequests: 8, maxAgeHours: null, ages: minutes(10) }]);
    const old = s.live.get('a')!;
    const first = s.retention.prune('a');
    s.during.next = () => {
      // Mid-prune, the settings change: the inbox object is replaced (as the store does), and
      // another prune is asked for.
      const now = { ...old, config: { retention: { maxRequests: 3, maxAgeHours: null } } } as LiveInbox;
      s.live.set('a', now);
      void s.retention.prune('a');
    };
    expect(await first).toBe(7);
    expect(s.ids('a')).toEqual([8, 9, 10]);
    expect(s.live.get('a')!.count).toBe(3);
    expect(s.pruned).toEqual([
      ['a', 2],
      ['a', 5],
    ]);
  });

  it('stops, and tells nobody, when the live count is ahead of what is stored', async () => {
    const s = setup([{ slug: 'a', maxRequests: 1, maxAgeHours: null, ages: [] }]);
    s.live.get('a')!.count = 5;
    expect(await s.retention.prune('a')).toBe(0);
    expect(s.pruned).toEqual([]);
  });
});
