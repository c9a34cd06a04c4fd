import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HookbenchError } from '../../shared/errors';

export interface LockInfo {
  pid: number;
  hostname: string;
  app: string;
  startedAt: string;
}

// Stryker disable all: EPERM means a live process of another user, which the tests cannot make (they run as one
// user, often root, where kill(pid, 0) never says EPERM); without EPERM every mutant of the catch is equivalent.
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};
// Stryker restore all

/**
 * One writer per data directory. The lock file names the process that holds it, so a second
 * Hookbench gets an error that says which one to close. A lock left by a process that is gone is
 * taken over.
 */
export function acquireDataDirLock(dataDir: string, app: string): { release(): void; info: LockInfo } {
  const file = path.join(dataDir, 'hookbench.lock');
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), app, startedAt: new Date().toISOString() };
  // Stryker disable next-line EqualityOperator: a fourth try at clearing a lock that would not clear is invisible.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      let released = false;
      return {
        info,
        release() {
          if (released) return;
          released = true;
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (current.pid === info.pid) fs.unlinkSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let holder: LockInfo | null = null;
    try {
      holder = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    } catch {
      // Half-written or unreadable: treat as stale.
    }
    const sameHost = holder?.hostname === os.hostname();
    if (holder && (!sameHost || isAlive(holder.pid))) {
      throw new HookbenchError(
        'conflict',
        `The data directory ${dataDir} is in use by ${holder.app} (process ${holder.pid} on ${holder.hostname}, ` +
          `started ${holder.startedAt}). Close that Hookbench first, or use another data directory (--data-dir).`,
      );
    }
    try {
      fs.unlinkSync(file);
    } catch {
      // Someone else removed it first; try again.
    }
  }
  throw new HookbenchError('conflict', `Could not lock the data directory ${dataDir}. Try again.`);
}
