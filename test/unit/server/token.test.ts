import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coreMigrations, getMeta, openDatabase, type Db } from '../../../src/core/store/database';
import { resolveToken } from '../../../src/server/token';

const open: { db: Db; dir: string }[] = [];
afterEach(() => {
  while (open.length) {
    const { db, dir } = open.pop()!;
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
const tempDb = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-token-'));
  const db = openDatabase(path.join(dir, 'hookbench.db'), { migrations: coreMigrations });
  open.push({ db, dir });
  return db;
};

describe('API token of hookbench serve', () => {
  it('generates a long random token once and keeps it', () => {
    const db = tempDb();
    const a = resolveToken(db);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/); // 24 random bytes, base64url
    expect(getMeta(db, 'serve.token')).toBe(a);
    expect(resolveToken(db)).toBe(a);
    expect(resolveToken(tempDb())).not.toBe(a);
  });

  it('uses a given token for this run without replacing the kept one', () => {
    const db = tempDb();
    const kept = resolveToken(db);
    expect(resolveToken(db, 'given-token')).toBe('given-token');
    expect(getMeta(db, 'serve.token')).toBe(kept);
    const fresh = tempDb();
    expect(resolveToken(fresh, 'given-token')).toBe('given-token');
    expect(getMeta(fresh, 'serve.token')).toBeUndefined();
  });
});
