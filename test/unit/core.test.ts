import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core';
import { silentLogger } from '../../src/core/util/logger';
import { startCore, tempDir } from '../helpers/temp-core';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('core', () => {
  it('opens a store in WAL mode with foreign keys, NORMAL sync and no checkpoints on the main thread', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    expect(fs.existsSync(path.join(core.dataDir, 'hookbench.db'))).toBe(true);
    expect(core.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(core.db.pragma('foreign_keys', { simple: true })).toBe(1);
    // NORMAL: a commit survives a kill of the process (see docs/architecture.md, durability).
    expect(core.db.pragma('synchronous', { simple: true })).toBe(1);
    // The checkpoint worker owns checkpoints: a write on the event loop never copies the WAL.
    expect(core.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    expect(core.db.pragma('busy_timeout', { simple: true })).toBeGreaterThanOrEqual(1000);
  });

  it('answers app.info', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    const info = await core.call('app.info');
    expect(info.name).toBe('Hookbench');
    expect(info.dataDir).toBe(core.dataDir);
    expect(info.schemaVersion).toBeGreaterThan(0);
  });

  it('keeps settings across restarts and emits a change event', async () => {
    const dataDir = tempDir();
    const core = await startCore({ dataDir });
    const seen: unknown[] = [];
    core.events.subscribe((name, payload) => name === 'settings.changed' && seen.push(payload));
    expect((await core.call('settings.get')).theme).toBe('system');
    const updated = await core.call('settings.update', { theme: 'dark' });
    expect(updated.theme).toBe('dark');
    expect(seen).toHaveLength(1);
    await core.close();

    const again = await startCore({ dataDir });
    cleanups.push(() => again.close());
    expect((await again.call('settings.get')).theme).toBe('dark');
  });

  it('rejects unknown fields and bad values without changing anything', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    const bad = await core.invoke('settings.update', { theme: 'dark', colour: 'red' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('invalid_input');
      expect(bad.error.message).toMatch(/colour|unrecognized/i);
    }
    const wrong = await core.invoke('settings.update', { theme: 'purple' });
    expect(wrong.ok).toBe(false);
    expect((await core.call('settings.get')).theme).toBe('system');
  });

  it('answers an unknown method with unknown_method', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    const res = await core.invoke('nope.nothing', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('refuses a second core on the same data dir and names the holder', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    await expect(createCore({ dataDir: core.dataDir, logger: silentLogger })).rejects.toThrow(
      new RegExp(`in use by hookbench serve \\(process ${process.pid}`),
    );
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(
      path.join(dataDir, 'hookbench.lock'),
      JSON.stringify({ pid: 2 ** 22 + 12345, hostname: (await import('node:os')).hostname(), app: 'x', startedAt: '' }),
    );
    const core = await startCore({ dataDir });
    cleanups.push(() => core.close());
    expect((await core.call('app.info')).dataDir).toBe(dataDir);
  });
});

describe('settings.update', () => {
  it('changes only the fields it is given', async () => {
    const core = await startCore();
    cleanups.push(() => core.close());
    await core.call('settings.update', { theme: 'dark', confirmDestructive: false });
    const after = await core.call('settings.update', { timeFormat: 'utc' });
    expect(after).toMatchObject({ theme: 'dark', confirmDestructive: false, timeFormat: 'utc' });
    expect(await core.call('settings.get')).toMatchObject({ theme: 'dark', confirmDestructive: false, timeFormat: 'utc' });
  });
});
