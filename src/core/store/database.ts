import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { HookbenchError } from '../../shared/errors';

export type Db = Database.Database;

/** A schema change. Ids are unique and never reused; an applied migration must never be edited. */
export interface Migration {
  id: string;
  sql: string;
}

export interface OpenOptions {
  migrations: Migration[];
  /** Path of the better-sqlite3 native addon to load (the Electron build); default: Node's. */
  nativeBinding?: string;
}

const checksum = (sql: string) => crypto.createHash('sha256').update(sql.trim()).digest('hex');

/**
 * The database holds captured requests and sealed secrets: only the user may read it. Created
 * 0600 (SQLite gives its -wal and -shm files the database file's mode), and tightened when an
 * earlier version left it readable by others.
 */
export function restrictDatabaseFiles(file: string): void {
  if (file === ':memory:') return;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: Windows has no mode bits (the `true` and `!==` mutants would be caught, but share this line).
  if (process.platform === 'win32') return;
  // Stryker disable next-line BooleanLiteral,ConditionalExpression: creating the file 0600 up front only closes the moment between SQLite creating it (umask mode) and the pass after opening; no test can see that moment.
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      // Stryker disable next-line ConditionalExpression: chmod 0600 of a file that is already 0600 changes nothing.
      if ((fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
    } catch {
      // Not there (yet): SQLite creates it with the database file's mode.
    }
  }
}

export function openDatabase(file: string, opts: OpenOptions): Db {
  restrictDatabaseFiles(file);
  // Stryker disable next-line ObjectLiteral: the Electron build's addon; Node's tests load Node's own either way.
  const db = new Database(file, opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    restrictDatabaseFiles(file);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, opts.migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/**
 * Applies the migrations that have not run yet, each once, in list order, each in its own
 * transaction. An applied migration whose text changed, or one this version does not know (a
 * database written by a newer Hookbench), is an error: nothing is applied then.
 */
export function migrate(db: Db, migrations: Migration[]): { applied: string[]; total: number } {
  const seen = new Set<string>();
  for (const m of migrations) {
    if (seen.has(m.id)) throw new Error(`Duplicate migration id ${m.id}`);
    seen.add(m.id);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS _migrations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const rows = db.prepare('SELECT id, checksum FROM _migrations ORDER BY seq').all() as { id: string; checksum: string }[];
  const known = new Map(migrations.map((m) => [m.id, m]));
  for (const row of rows) {
    const m = known.get(row.id);
    if (!m) {
      throw new HookbenchError(
        'conflict',
        `The database has a migration this version does not know (${row.id}): it was written by a newer Hookbench. Update Hookbench or use another data directory.`,
      );
    }
    if (checksum(m.sql) !== row.checksum) {
      throw new HookbenchError(
        'conflict',
        `Migration ${row.id} was already applied to this database but its text has changed since. Applied migrations must never be edited; add a new migration instead.`,
      );
    }
  }
  const done = new Set(rows.map((r) => r.id));
  const applied: string[] = [];
  const record = db.prepare('INSERT INTO _migrations (id, checksum, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.id, checksum(m.sql), Date.now());
    })();
    applied.push(m.id);
  }
  return { applied, total: rows.length + applied.length };
}

export const coreMigrations: Migration[] = [
  {
    id: 'core/001-settings-and-meta',
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
];

/** Internal key/value values that are not user settings (the serve token, for instance). */
export function getMeta(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
