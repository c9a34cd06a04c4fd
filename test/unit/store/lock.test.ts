import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../../src/core/store/lock';
import { HookbenchError } from '../../../src/shared/errors';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) fs.rmSync(dirs.pop()!, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-lock-'));
  dirs.push(d);
  return d;
};
const lockFile = (dir: string) => path.join(dir, 'hookbench.lock');
const writeLock = (dir: string, info: object) => fs.writeFileSync(lockFile(dir), JSON.stringify(info));
/** A pid that is certainly not running: past the kernel's maximum. */
const DEAD_PID = 2 ** 22 + 12345;

describe('data-dir lock', () => {
  it('names the holder in the lock file and removes it on release (once)', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'hookbench serve');
    const held = JSON.parse(fs.readFileSync(lockFile(dir), 'utf8'));
    expect(held).toEqual(lock.info);
    expect(held).toMatchObject({ pid: process.pid, hostname: os.hostname(), app: 'hookbench serve' });
    expect(Date.parse(held.startedAt)).not.toBeNaN();
    expect((fs.statSync(lockFile(dir)).mode & 0o777).toString(8)).toBe('600');
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    // A second release does not remove a lock someone else took since.
    writeLock(dir, { pid: process.pid + 1, hostname: os.hostname(), app: 'other', startedAt: 'x' });
    lock.release();
    expect(fs.existsSync(lockFile(dir))).toBe(true);
  });

  it('refuses a lock held by a live process on this host, saying which', () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir, 'Hookbench desktop');
    expect(() => acquireDataDirLock(dir, 'hookbench serve')).toThrow(
      /in use by Hookbench desktop \(process \d+ on /,
    );
    first.release();
    expect(() => acquireDataDirLock(dir, 'hookbench serve').release()).not.toThrow();
  });

  it('does not take over a lock held by another host, even if that pid is not running here', () => {
    const dir = tempDir();
    writeLock(dir, {
      pid: DEAD_PID,
      hostname: `${os.hostname()}-other`,
      app: 'hookbench serve',
      startedAt: '2026-01-01T00:00:00Z',
    });
    const err = thrown(() => acquireDataDirLock(dir, 'Hookbench desktop'));
    expect(err).toBeInstanceOf(HookbenchError);
    expect((err as HookbenchError).code).toBe('conflict');
    expect((err as Error).message).toBe(
      `The data directory ${dir} is in use by hookbench serve (process ${DEAD_PID} on ${os.hostname()}-other, ` +
        'started 2026-01-01T00:00:00Z). Close that Hookbench first, or use another data directory (--data-dir).',
    );
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid).toBe(DEAD_PID);
  });

  it('takes over a lock left by a process that is gone on this host, or a half-written one', () => {
    const dir = tempDir();
    writeLock(dir, {
      pid: DEAD_PID,
      hostname: os.hostname(),
      app: 'hookbench serve',
      startedAt: '2026-01-01T00:00:00Z',
    });
    const a = acquireDataDirLock(dir, 'Hookbench desktop');
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).pid).toBe(process.pid);
    a.release();
    fs.writeFileSync(lockFile(dir), '{"pid":');
    const b = acquireDataDirLock(dir, 'Hookbench desktop');
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).app).toBe('Hookbench desktop');
    b.release();
  });

  it('does not release a lock that is no longer its own', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir, 'a');
    writeLock(dir, { pid: process.pid + 1, hostname: os.hostname(), app: 'b', startedAt: 'x' });
    lock.release();
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).app).toBe('b');
  });

  it('a second release does not remove the lock this process took again since', () => {
    const dir = tempDir();
    const first = acquireDataDirLock(dir, 'a');
    first.release();
    const second = acquireDataDirLock(dir, 'b');
    first.release();
    expect(JSON.parse(fs.readFileSync(lockFile(dir), 'utf8')).app).toBe('b');
    second.release();
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  });

  it('gives up with a clear error when the lock cannot be cleared, and passes on other file errors', () => {
    const dir = tempDir();
    fs.mkdirSync(lockFile(dir)); // exists, unreadable as a lock, cannot be unlinked
    const err = thrown(() => acquireDataDirLock(dir, 'a'));
    expect((err as HookbenchError).code).toBe('conflict');
    expect((err as Error).message).toBe(`Could not lock the data directory ${dir}. Try again.`);
    const missing = path.join(dir, 'missing');
    expect((thrown(() => acquireDataDirLock(missing, 'a')) as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});
