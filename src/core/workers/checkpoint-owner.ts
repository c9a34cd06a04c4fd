import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { CK, type CheckpointWorkerData } from './protocol';
import { spawnWorker } from './spawn';

/** One checkpoint worker per database file, shared by every writer of that file (refcounted). */
export interface CheckpointLease {
  /** The control array the writers pass to their workers. */
  ckpt: Int32Array;
  ready: Promise<void>;
  /** The last writer to release it stops the checkpoint worker (after a final checkpoint). */
  release(): Promise<void>;
}

interface Owner {
  ckpt: Int32Array;
  worker: Worker;
  ready: Promise<void>;
  users: number;
  closing: boolean;
}

const owners = new Map<string, Owner>();

export function acquireCheckpointer(
  file: string,
  opts: { nativeBinding?: string; synchronous: 'FULL' | 'NORMAL'; slowMs: number },
): CheckpointLease {
  const key = path.resolve(file);
  let owner = owners.get(key);
  if (!owner) {
    const ckpt = new Int32Array(new SharedArrayBuffer(CK.SIZE * 4));
    const data: CheckpointWorkerData = { file, nativeBinding: opts.nativeBinding, synchronous: opts.synchronous, ckpt, slowMs: opts.slowMs };
    const { worker, ready } = spawnWorker('checkpoint-worker', data);
    const o: Owner = { ckpt, worker, ready, users: 0, closing: false };
    // Without the owner the writers checkpoint again themselves, so the WAL cannot grow unbounded.
    const gone = () => {
      if (o.closing) return;
      Atomics.store(ckpt, CK.GONE, 1);
      if (owners.get(key) === o) owners.delete(key);
    };
    worker.on('error', gone);
    worker.on('exit', gone);
    ready.catch(() => {});
    owners.set(key, (owner = o));
  }
  const o = owner;
  o.users++;
  let released = false;
  return {
    ckpt: o.ckpt,
    ready: o.ready,
    async release() {
      if (released) return;
      released = true;
      if (--o.users > 0) return;
      o.closing = true;
      if (owners.get(key) === o) owners.delete(key);
      const exited = new Promise((r) => o.worker.once('exit', r));
      Atomics.store(o.ckpt, CK.CLOSE, 1);
      Atomics.notify(o.ckpt, CK.COMMITTED);
      Atomics.notify(o.ckpt, CK.CLOSE);
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      await o.worker.terminate();
    },
  };
}
