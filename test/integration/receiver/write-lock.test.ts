import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { send, useReceivers } from './helpers';

const startReceiver = useReceivers();

describe('the capture writer and other writers of the database file', () => {
  it('waits for a write lock another connection holds without blocking the event loop, then stores and answers', async () => {
    const { core, base } = await startReceiver();
    const other = new Database(path.join(core.dataDir, 'hookbench.db'));
    other.exec('BEGIN IMMEDIATE'); // what the dispatcher's writer does during a long transaction
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    try {
      let answered = false;
      const pending = send(`${base}/default/locked`, { body: '{"held":true}' }).then(
        (r) => ((answered = true), r),
      );
      const t0 = Date.now();
      await new Promise((r) => setTimeout(r, 300));
      // Not answered while the lock is held (it is not stored yet), and the event loop kept running.
      expect(answered).toBe(false);
      expect(ticks).toBeGreaterThan((Date.now() - t0) / 5 / 4);
      const list = await core.call('requests.list', { inbox: 'default' });
      expect(list.total).toBe(0);
      other.exec('COMMIT');
      const res = await pending;
      expect(res.status).toBe(200);
      const after = await core.call('requests.list', { inbox: 'default' });
      expect(after.total).toBe(1);
      expect(after.items[0].path).toBe('/locked');
    } finally {
      clearInterval(ticker);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});
