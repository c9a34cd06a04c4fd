import fs from 'node:fs';
import path from 'node:path';
import pkg from '../../package.json';
import { methodNames } from '../shared/contract';
import { HookbenchError, type Envelope } from '../shared/errors';
import type { CoreContext, CoreModule, CoreOptions } from './context';
import { EventBus } from './events';
import { invokeMethod, type Handlers } from './invoke';
import { allMigrations, moduleFactories } from './modules';
import { SettingsService } from './settings/settings-service';
import { openDatabase, type Db } from './store/database';
import { acquireDataDirLock } from './store/lock';
import { systemClock } from './util/clock';
import { createConsoleLogger } from './util/logger';

export type { CoreOptions, CoreContext, CoreModule, SecretCipher } from './context';
export type { Handlers } from './invoke';

export interface Core {
  readonly dataDir: string;
  readonly db: Db;
  readonly events: EventBus;
  readonly handlers: Handlers;
  readonly modules: Readonly<Record<string, CoreModule>>;
  readonly context: CoreContext;
  /** Parse, run and wrap one contract call, as both hosts do. */
  invoke(method: string, input: unknown): Promise<Envelope<unknown>>;
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const dataDir = path.resolve(options.dataDir);
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new HookbenchError('unavailable', `Cannot create the data directory ${dataDir}: ${(err as Error).message}`);
  }
  const logger = options.logger ?? createConsoleLogger();
  const clock = options.clock ?? systemClock;
  const lock = acquireDataDirLock(dataDir, options.host === 'electron' ? 'the Hookbench desktop app' : 'hookbench serve');
  let db: Db;
  try {
    db = openDatabase(path.join(dataDir, 'hookbench.db'), { migrations: allMigrations, nativeBinding: options.nativeBinding });
    // The file's one checkpoint owner (src/core/workers/checkpoint-worker.ts) checkpoints, and the
    // main thread's commits run NORMAL like the writers': a FULL commit fsyncs every frame the
    // writers left in the WAL, and an automatic checkpoint copies them, on the event loop
    // (measured: one small settings write took 240-417 ms with 14,000 frames in the WAL, 0.1-0.2 ms
    // with NORMAL and no automatic checkpoint). HOOKBENCH_CAPTURE_SYNC / HOOKBENCH_DISPATCH_SYNC=FULL
    // keep FULL here too.
    const full = process.env.HOOKBENCH_CAPTURE_SYNC === 'FULL' || process.env.HOOKBENCH_DISPATCH_SYNC === 'FULL';
    db.pragma(`synchronous = ${full ? 'FULL' : 'NORMAL'}`);
    db.pragma('wal_autocheckpoint = 0');
  } catch (err) {
    lock.release();
    throw err;
  }

  const events = new EventBus();
  const ctx: CoreContext = {
    db,
    dataDir,
    clock,
    logger,
    events,
    settings: new SettingsService(db, clock),
    options,
    version: options.version ?? pkg.version,
    startedAt: clock.now(),
  };

  const modules: Record<string, CoreModule> = {};
  const handlers: Partial<Handlers> = {};
  const closeAll = async () => {
    for (const m of Object.values(modules).reverse()) {
      try {
        await m.close?.();
      } catch (err) {
        logger.error('module failed to close', { error: (err as Error).message });
      }
    }
    db.close();
    lock.release();
  };

  try {
    for (const [name, factory] of moduleFactories) {
      const mod = factory(ctx, modules);
      modules[name] = mod;
      Object.assign(handlers, mod.handlers);
    }
    const missing = methodNames.filter((n) => !handlers[n]);
    if (missing.length) throw new Error(`No handler for contract methods: ${missing.join(', ')}`);
    for (const mod of Object.values(modules)) await mod.start?.();
  } catch (err) {
    await closeAll();
    throw err;
  }

  let closed: Promise<void> | null = null;
  const full = handlers as Handlers;
  return {
    dataDir,
    db,
    events,
    handlers: full,
    modules,
    context: ctx,
    invoke: (method, input) =>
      closed
        ? Promise.resolve({ ok: false, error: { code: 'unavailable', message: 'Hookbench is shutting down.' } })
        : invokeMethod(full, method, input, logger, options.checkOutputs ?? false),
    close: () => (closed ??= closeAll()),
  };
}
