import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allMigrations } from '../../../src/core/modules';
import { getMeta, migrate, openDatabase, setMeta } from '../../../src/core/store/database';
import { tempDir } from '../../helpers/temp-core';

/**
 * The store's database and its migrations (issue 15): the schema every module reads is what the
 * migrations build, the migration ids of released versions never change (an existing database
 * would apply them again, or refuse to open), the pragmas that keep data safe are set, and only
 * the user may read the files.
 */

const m1 = { id: 't/001', sql: 'CREATE TABLE a (x INTEGER);' };
const m2 = { id: 't/002', sql: 'CREATE TABLE b (y INTEGER);' };

describe('the store database', () => {
  it('builds the schema the modules use, from migrations whose ids never change', () => {
    const db = openDatabase(':memory:', { migrations: allMigrations });
    expect(
      db
        .prepare('SELECT id FROM _migrations ORDER BY seq')
        .all()
        .map((r: any) => r.id),
    ).toEqual([
      'core/001-settings-and-meta',
      'catalog/001-custom-events',
      'catalog/002-custom-event-identity',
      'receiver/001-inboxes-requests-forwards',
      'receiver/002-drop-received-index',
      'receiver/003-request-numbers',
      'receiver/004-forward-records',
      'dispatcher/001-endpoints-deliveries-attempts',
      'dispatcher/002-delivery-body-from-event',
      'dispatcher/003-delivery-identity',
      'dispatcher/004-delivery-log-filters',
      'dispatcher/005-delivery-log-search',
      'dispatcher/006-delivery-log-endpoint-topic-answer',
      'monitoring/001-rollups',
      'monitoring/002-alerts',
      'monitoring/003-ten-minute-rollups',
      'monitoring/004-request-rollup-by-batch',
      'monitoring/005-attempt-rollups-batched',
      'replay/001-runs-items-collections',
    ]);
    const objects = (table: string) =>
      db
        .prepare(
          "SELECT type, name FROM sqlite_master WHERE tbl_name = ? AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
        )
        .all(table)
        .map((r: any) => `${r.type} ${r.name}`);
    expect(objects('settings')).toEqual(['table settings']);
    expect(objects('meta')).toEqual(['table meta']);
    expect(objects('inboxes')).toEqual(['table inboxes']);
    // receiver/002 dropped the (inbox, received_at) index: retention walks (inbox, id).
    expect(objects('requests')).toEqual([
      'index requests_delivery',
      'index requests_encoded',
      'index requests_inbox_id',
      'table requests',
    ]);
    expect(objects('forwards')).toEqual(['index forwards_captured', 'index forwards_request', 'table forwards']);
    expect(objects('dispatch_endpoints')).toEqual(['table dispatch_endpoints']);
    expect(objects('dispatch_events')).toEqual(['table dispatch_events', 'trigger dispatch_search_event_gone']);
    expect(objects('dispatch_deliveries')).toEqual([
      'index dispatch_deliveries_created',
      'index dispatch_deliveries_due',
      'index dispatch_deliveries_duration',
      'index dispatch_deliveries_endpoint',
      'index dispatch_deliveries_endpoint_topic_status',
      'index dispatch_deliveries_event',
      'index dispatch_deliveries_last_status',
      'index dispatch_deliveries_status',
      'index dispatch_deliveries_topic',
      'table dispatch_deliveries',
      'trigger dispatch_search_delivery_gone',
    ]);
    expect(objects('dispatch_attempts')).toEqual([
      'index dispatch_attempts_delivery',
      'index dispatch_attempts_endpoint',
      'table dispatch_attempts',
      'trigger dispatch_search_attempt_gone',
    ]);
    const columns = (table: string) =>
      db
        .prepare(`PRAGMA table_info(${table})`)
        .all()
        .map((c: any) => c.name);
    expect(columns('dispatch_deliveries')).toEqual(expect.arrayContaining(['body_from_event', 'identity']));
    db.close();
  });

  it('runs with WAL, full sync, foreign keys and a 5-second busy wait', () => {
    const db = openDatabase(path.join(tempDir(), 'x.db'), { migrations: [m1] });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.close();
  });

  it.skipIf(process.platform === 'win32')('keeps the database files readable by the user alone', () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.db');
    const mode = (f: string) => fs.statSync(f).mode & 0o777;
    const db = openDatabase(file, { migrations: [m1] });
    db.prepare('INSERT INTO a VALUES (1)').run();
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    db.close();
    // A database an earlier version left readable by others is tightened when opened.
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(`${file}-wal`, '');
    fs.chmodSync(`${file}-wal`, 0o664);
    fs.writeFileSync(`${file}-shm`, '');
    fs.chmodSync(`${file}-shm`, 0o664);
    const again = openDatabase(file, { migrations: [m1] });
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    again.close();
    // An in-memory database touches no file.
    openDatabase(':memory:', { migrations: [m1] }).close();
    expect(fs.existsSync(path.join(dir, ':memory:'))).toBe(false);
    expect(fs.existsSync(':memory:')).toBe(false);
  });

  it('refuses a list with the same id twice, before touching the database', () => {
    const file = path.join(tempDir(), 'x.db');
    expect(() => openDatabase(file, { migrations: [m1, { ...m2, id: 't/001' }] })).toThrow(
      'Duplicate migration id t/001',
    );
    const db = openDatabase(file, { migrations: [] });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'a'").get()).toBeUndefined();
    db.close();
  });

  it('counts applied migrations, and reads a migration re-indented at its ends as unchanged', () => {
    const file = path.join(tempDir(), 'x.db');
    const db = openDatabase(file, { migrations: [] });
    expect(migrate(db, [m1])).toEqual({ applied: ['t/001'], total: 1 });
    expect(migrate(db, [{ ...m1, sql: `\n   ${m1.sql}\n  ` }, m2])).toEqual({ applied: ['t/002'], total: 2 });
    expect(migrate(db, [m1, m2])).toEqual({ applied: [], total: 2 });
    db.close();
  });

  it('refuses edited and unknown migrations as a conflict, with what to do', () => {
    const file = path.join(tempDir(), 'x.db');
    openDatabase(file, { migrations: [m1, m2] }).close();
    expect(() => openDatabase(file, { migrations: [m1] })).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message:
          'The database has a migration this version does not know (t/002): it was written by a newer Hookbench. Update Hookbench or use another data directory.',
      }),
    );
    expect(() =>
      openDatabase(file, { migrations: [m1, { ...m2, sql: 'CREATE TABLE b (z INTEGER);' }] }),
    ).toThrow(
      expect.objectContaining({
        code: 'conflict',
        message:
          'Migration t/002 was already applied to this database but its text has changed since. Applied migrations must never be edited; add a new migration instead.',
      }),
    );
  });

  it('keeps one value per meta key', () => {
    const db = openDatabase(':memory:', { migrations: allMigrations });
    expect(getMeta(db, 'token')).toBeUndefined();
    setMeta(db, 'token', 'a');
    setMeta(db, 'token', 'b');
    expect(getMeta(db, 'token')).toBe('b');
    expect(db.prepare("SELECT COUNT(*) n FROM meta WHERE key = 'token'").get()).toEqual({ n: 1 });
    db.close();
  });
});
