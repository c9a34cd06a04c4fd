import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireCheckpointer } from '../../../src/core/workers/checkpoint-owner';
import { tempDir } from '../../helpers/temp-core';
import { send, startReceiver, waitFor, type TestCore } from './helpers';

const cores: TestCore[] = [];
afterEach(async () => {
  while (cores.length) await cores.pop()!.close();
});

describe('one checkpoint owner per database file', () => {
  it('shares one checkpoint worker between the writers of a file, and stops it with the last', async () => {
    const file = path.join(tempDir(), 'hookbench.db');
    const opts = { synchronous: 'NORMAL' as const, slowMs: 0 };
    const a = acquireCheckpointer(file, opts);
    const b = acquireCheckpointer(file, opts);
    const other = acquireCheckpointer(path.join(tempDir(), 'hookbench.db'), opts);
    await Promise.all([a.ready, b.ready, other.ready]);
    expect(b.ckpt).toBe(a.ckpt);
    expect(other.ckpt).not.toBe(a.ckpt);
    await a.release();
    const c = acquireCheckpointer(file, opts);
    expect(c.ckpt).toBe(a.ckpt); // b still holds it
    await Promise.all([b.release(), c.release(), other.release()]);
    const d = acquireCheckpointer(file, opts);
    expect(d.ckpt).not.toBe(a.ckpt); // a fresh owner once the last one let go
    await d.ready;
    await d.release();
  });

  it('copies what the capture writer commits into the database file (no writer checkpoints)', async () => {
    const { core, base } = await startReceiver();
    cores.push(core);
    const file = path.join(core.dataDir, 'hookbench.db');
    const before = fs.statSync(file).size;
    const body = Buffer.alloc(16 * 1024, 'x');
    for (let i = 0; i < 100; i++) expect((await send(`${base}/default/ck-${i}`, { body })).status).toBe(200);
    // 1.6 MB of bodies: only a checkpoint moves them from the -wal file into the database file.
    const size = await waitFor(
      () => fs.statSync(file).size,
      (s) => s - before > 1_500_000,
      10_000,
    );
    expect(size - before).toBeGreaterThan(1_500_000);
  });
});
