import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');
export const CLI = path.join(ROOT, 'out/main/cli.js');

export interface Served {
  /** The UI's base URL, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** The UI URL carrying the token, as printed. */
  uiUrl: string;
  token: string;
  dataDir: string;
  /** The receiver's base URL (no trailing slash) when the receiver runs, e.g. http://127.0.0.1:41235 */
  receiverUrl: string | null;
  output: () => string;
  process: ChildProcess;
  /** POST /api/<method> with the token; returns status and JSON body. */
  call(method: string, input?: unknown): Promise<{ status: number; body: any }>;
  stop(): Promise<number | null>;
}

/** Starts the real `hookbench serve` (the built CLI) on a temp data dir and free ports. */
export async function startServe(opts: { dataDir?: string; token?: string; args?: string[] } = {}): Promise<Served> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-e2e-'));
  const token = opts.token ?? 'e2e-token';
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dataDir, '--port', '0', '--receiver-port', '0', '--token', token, ...(opts.args ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    // A server that does not come up in time is killed, so it cannot load the machine for the
    // tests after it (it may be stuck before it handles SIGTERM).
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hookbench serve did not start:\n${out}`));
    }, 30_000);
    const check = () => {
      if (/Press Ctrl\+C/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`hookbench serve exited:\n${out}`));
    });
  });
  const uiUrl = /UI\s+(\S+)/.exec(out)![1];
  const url = uiUrl.replace(/\?.*$/, '');
  const receiverUrl = /Receiver\s+(http:\/\/[^\s/]+)/.exec(out)?.[1] ?? null;
  return {
    url,
    uiUrl,
    token,
    dataDir,
    receiverUrl,
    output: () => out,
    process: child,
    async call(method, input = {}) {
      const res = await fetch(`${url}api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: res.status, body: await res.json() };
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
