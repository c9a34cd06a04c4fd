import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { ReadyMessage } from './protocol';

export type WorkerName = 'writer-worker' | 'checkpoint-worker';

const NAMES: WorkerName[] = ['writer-worker', 'checkpoint-worker'];

/** The few esbuild options used here (esbuild comes with tsx, a dev dependency). */
interface Esbuild {
  buildSync(opts: {
    entryPoints: string[];
    outdir: string;
    bundle: true;
    platform: 'node';
    format: 'cjs';
    target: string;
    logLevel: 'silent';
    alias: Record<string, string>;
    external: string[];
    write: false;
  }): { outputFiles: { path: string; contents: Uint8Array }[] };
}

let sourceBuild: string | null = null;
/**
 * From the TypeScript source (vitest, tsx: the tests and the benchmarks), the worker modules are
 * bundled once per process with esbuild, tsx's own compiler, into a temporary folder named after
 * the build's hash (shared by every process running the same source): a worker
 * started through tsx's require hook took 1.0-1.5 s to start on 2 busy cores (it loads the
 * compiler into every thread), a bundled one 0.3 s, as before.
 */
function buildFromSource(): string {
  if (sourceBuild) return sourceBuild;
  const here = createRequire(__filename);
  const esbuild = createRequire(here.resolve('tsx/package.json'))('esbuild') as Esbuild;
  const sqlite = here.resolve('better-sqlite3');
  const { outputFiles } = esbuild.buildSync({
    entryPoints: NAMES.map((n) => path.join(__dirname, `${n}.ts`)),
    outdir: '/',
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    // The bundle lives in a temporary folder: better-sqlite3 (a native addon) stays where it is.
    alias: { 'better-sqlite3': sqlite },
    external: [sqlite],
    write: false,
  });
  // One folder per distinct build, shared by every test process (written once, renamed into place).
  const hash = crypto.createHash('sha256');
  for (const f of outputFiles) hash.update(f.path).update(f.contents);
  const outdir = path.join(os.tmpdir(), `hookbench-workers-${hash.digest('hex').slice(0, 16)}`);
  if (!fs.existsSync(outdir)) {
    const staging = fs.mkdtempSync(`${outdir}.tmp-`);
    for (const f of outputFiles) fs.writeFileSync(path.join(staging, path.basename(f.path)), f.contents);
    try {
      fs.renameSync(staging, outdir);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process was first
    }
  }
  return (sourceBuild = outdir);
}

/**
 * Where a worker module is: in the build (electron-vite: each worker is its own entry,
 * `out/main/workers/<name>.js`, loaded by the Electron main process — also from inside app.asar,
 * which Electron's worker threads read like its main thread — and by `hookbench serve`; this
 * module is then bundled into out/main/ or out/main/chunks/), or built from the source next to
 * this file.
 */
function locate(name: WorkerName): string {
  for (const dir of [path.join(__dirname, 'workers'), path.join(__dirname, '..', 'workers')]) {
    const file = path.join(dir, `${name}.js`);
    if (fs.existsSync(file)) return file;
  }
  if (fs.existsSync(path.join(__dirname, `${name}.ts`))) return path.join(buildFromSource(), `${name}.js`);
  throw new Error(`The ${name} module is missing next to ${__dirname}: rebuild Hookbench (npm run build).`);
}

const located = new Map<WorkerName, string>();

/** Starts a worker module; `ready` settles when it has posted { t: 'ready' } (or failed first). */
export function spawnWorker(
  name: WorkerName,
  workerData: unknown,
  transferList: TransferListItem[] = [],
): { worker: Worker; ready: Promise<void> } {
  let where = located.get(name);
  if (!where) located.set(name, (where = locate(name)));
  // execArgv: none of the parent's loader flags (tsx's, under the benchmarks): plain JavaScript.
  const worker = new Worker(where, { workerData, transferList, execArgv: [] });
  worker.unref();
  const ready = new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    const onExit = (code: number) => reject(new Error(`the ${name} exited (${code}) before it started`));
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.once('message', (m: ReadyMessage) => {
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (m.t === 'ready') resolve();
      else reject(new Error(`the ${name} did not start`));
    });
  });
  return { worker, ready };
}
