import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** What a test undoes after it, last first; registers the afterEach that runs them. */
export function useCleanups(): (() => Promise<void> | void)[] {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return cleanups;
}

/**
 * Runs a TypeScript fixture (through tsx, from the repo root) as a child process that a test can
 * kill mid-way: its stdout and stderr so far, and how it exited (the signal, else the code).
 * The child is killed (SIGKILL) at cleanup if the test did not.
 */
export function spawnFixture(fixture: string, args: string[], cleanups: (() => Promise<void> | void)[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    child,
    /** stdout so far */
    out: () => out,
    /** stderr so far */
    err: () => err,
    exited,
  };
}
