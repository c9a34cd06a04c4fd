import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/core/store/database';
import { tempDir } from '../helpers/temp-core';

const m1 = { id: 't/001', sql: 'CREATE TABLE a (x INTEGER);' };
const m2 = { id: 't/002', sql: 'CREATE TABLE b (y INTEGER);' };

describe('migrations', () => {
  it('run once and in order', () => {
    const file = path.join(tempDir(), 'x.db');
    const db = openDatabase(file, { migrations: [m1] });
    db.prepare('INSERT INTO a VALUES (1)').run();
    db.close();
    const db2 = openDatabase(file, { migrations: [m1, m2] });
    expect(db2.prepare('SELECT id FROM _migrations ORDER BY seq').all()).toEqual([{ id: 't/001' }, { id: 't/002' }]);
    expect(db2.prepare('SELECT COUNT(*) n FROM a').get()).toEqual({ n: 1 });
    expect(migrate(db2, [m1, m2]).applied).toEqual([]);
    db2.close();
  });

  it('refuse an applied migration that was edited, applying nothing', () => {
    const file = path.join(tempDir(), 'x.db');
    openDatabase(file, { migrations: [m1] }).close();
    expect(() => openDatabase(file, { migrations: [{ ...m1, sql: 'CREATE TABLE a (z TEXT);' }, m2] })).toThrow(/text has changed/);
    const raw = new Database(file);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    raw.close();
  });

  it('refuse a database written by a newer version', () => {
    const file = path.join(tempDir(), 'x.db');
    openDatabase(file, { migrations: [m1, m2] }).close();
    expect(() => openDatabase(file, { migrations: [m1] })).toThrow(/newer Hookbench/);
  });

  it('roll back a failing migration completely', () => {
    const file = path.join(tempDir(), 'x.db');
    const bad = { id: 't/003', sql: 'CREATE TABLE c (x); SELECT nonsense FROM nowhere;' };
    expect(() => openDatabase(file, { migrations: [m1, bad] })).toThrow();
    const raw = new Database(file);
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(raw.prepare('SELECT id FROM _migrations').all()).toEqual([{ id: 't/001' }]);
    raw.close();
  });
});
