import type { Handlers } from './invoke';
import type { EventBus } from './events';
import type { SettingsService } from './settings/settings-service';
import type { Db } from './store/database';
import type { Clock } from './util/clock';
import type { Logger } from './util/logger';

/** Encrypts secrets at rest. The Electron host passes one backed by safeStorage. */
export interface SecretCipher {
  /** 'os' when the operating system's keychain protects the key, 'file' for a key file. */
  readonly kind: 'os' | 'file' | 'none';
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export interface CoreOptions {
  dataDir: string;
  host?: 'electron' | 'headless';
  /** Shown in app.info and sent as User-Agent: Hookbench/<version>. */
  version?: string;
  clock?: Clock;
  logger?: Logger;
  /** better-sqlite3 native addon to load instead of Node's build (the Electron host's). */
  nativeBinding?: string;
  secretCipher?: SecretCipher;
  /** Overrides for listening ports; 0 picks a free one (tests). Absent: the user's settings. */
  ports?: { receiver?: number; receiverHttps?: number };
  /** Validate every handler's output against the contract (tests turn this on). */
  checkOutputs?: boolean;
}

/** What every area of the core gets when it is created. */
export interface CoreContext {
  db: Db;
  dataDir: string;
  clock: Clock;
  logger: Logger;
  events: EventBus;
  settings: SettingsService;
  options: CoreOptions;
  version: string;
  startedAt: number;
}

/** An area of the core (settings, receiver, dispatcher…): the methods it serves and its lifecycle. */
export interface CoreModule {
  handlers: Partial<Handlers>;
  /** Runs after every module is created (servers listen, workers start). */
  start?(): Promise<void> | void;
  /** Stops timers, servers and workers; the store closes after every module has closed. */
  close?(): Promise<void> | void;
}

export type ModuleFactory = (ctx: CoreContext, modules: Readonly<Record<string, CoreModule>>) => CoreModule;
