import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core, type CoreOptions } from '../../src/core';
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract';
import { silentLogger } from '../../src/core/util/logger';

export const tempDir = (prefix = 'hookbench-test-'): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** A real core on a fresh temp data dir, free ports, outputs checked against the contract. */
export async function startCore(overrides: Partial<CoreOptions> = {}): Promise<Core & { call: Caller }> {
  const dataDir = overrides.dataDir ?? tempDir();
  const core = await createCore({
    dataDir,
    logger: silentLogger,
    checkOutputs: true,
    ports: { receiver: 0, receiverHttps: 0 },
    ...overrides,
  });
  return Object.assign(core, { call: makeCaller(core) });
}

export type Caller = <K extends MethodName>(method: K, input?: MethodInput<K>) => Promise<MethodOutput<K>>;

/** Calls a method through the same path the hosts use and throws the API error if it fails. */
export const makeCaller =
  (core: Core): Caller =>
  async (method, input) => {
    const res = await core.invoke(method, input ?? {});
    if (!res.ok) throw Object.assign(new Error(`${res.error.code}: ${res.error.message}`), { api: res.error });
    return res.data as never;
  };
