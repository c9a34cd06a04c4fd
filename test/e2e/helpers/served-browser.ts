import type { Browser } from 'playwright';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startServe, type Served } from './serve';

export interface ServedBrowser {
  /** The file's Chromium (after beforeAll). */
  readonly browser: Browser;
  /** The file's `hookbench serve` (after beforeAll). */
  readonly served: Served;
  /** Calls an API method on the served host; its output, or throws with the status and body. */
  ok(method: string, input?: unknown): Promise<any>;
}

/**
 * One Chromium and one real `hookbench serve` (fresh data dir) for the whole test file: both
 * started in a beforeAll, closed in an afterAll. Call it at the top of the file; read `browser`
 * and `served` inside hooks and tests.
 */
export function useServedBrowser(opts: Parameters<typeof startServe>[0] = {}): ServedBrowser {
  let browser: Browser | undefined;
  let served: Served | undefined;
  beforeAll(async () => {
    [browser, served] = await Promise.all([launchBrowser(), startServe(opts)]);
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });
  const started = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not started: use it inside hooks and tests`);
    return v;
  };
  return {
    get browser() {
      return started(browser, 'the browser');
    },
    get served() {
      return started(served, 'hookbench serve');
    },
    ok: async (method, input = {}) => {
      const res = await started(served, 'hookbench serve').call(method, input);
      if (res.status !== 200) throw new Error(`${method} → ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}
