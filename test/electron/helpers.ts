import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The Electron binary, found the way scripts/electron-binary.mjs does (never through electron's
 * index.js, which downloads on require): ELECTRON_OVERRIDE_DIST_PATH first, then node_modules.
 * With the reason when there is none, so the tests report themselves skipped with it.
 */
export function findElectron(): { exe: string | null; reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name =
    process.platform === 'win32'
      ? 'electron.exe'
      : process.platform === 'darwin'
        ? 'Electron.app/Contents/MacOS/Electron'
        : 'electron';
  let exe: string;
  if (override) {
    exe = path.join(override, name);
    if (!fs.existsSync(exe)) return { exe: null, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${name}` };
  } else {
    const dir = path.join(root, 'node_modules/electron');
    const txt = path.join(dir, 'path.txt');
    if (!fs.existsSync(txt))
      return {
        exe: null,
        reason:
          'no Electron binary here (it is downloaded from GitHub, not the npm registry; set ELECTRON_OVERRIDE_DIST_PATH)',
      };
    exe = path.join(dir, 'dist', fs.readFileSync(txt, 'utf8').trim());
    if (!fs.existsSync(exe)) return { exe: null, reason: `the Electron binary is missing at ${exe}` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { exe: null, reason: 'no display (run under xvfb-run)' };
  const addon = path.join(
    root,
    '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  );
  if (!fs.existsSync(addon))
    return { exe: null, reason: 'better-sqlite3 is not built for Electron (run npm start once)' };
  return { exe, reason: '' };
}

export interface LaunchedApp {
  app: ElectronApplication;
  page: Page;
  userData: string;
  close(): Promise<void>;
}

/** Launches the built app with its own user-data folder and a receiver on a free port. */
export async function launchApp(exe: string): Promise<LaunchedApp> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-electron-'));
  const env = { ...process.env, HOOKBENCH_USER_DATA: userData, HOOKBENCH_RECEIVER_PORT: '0' } as Record<
    string,
    string
  >;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await electron.launch({ executablePath: exe, args: [root], env, timeout: 30_000 });
  const page = await app.firstWindow();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return {
    app,
    page,
    userData,
    async close() {
      await app.close().catch(() => {});
      fs.rmSync(userData, { recursive: true, force: true });
    },
  };
}

/** Calls the core through the window's own API (the preload's IPC), unwrapping the envelope. */
export async function call<T = unknown>(page: Page, method: string, input: unknown = {}): Promise<T> {
  const env = (await page.evaluate(
    ([m, i]) => {
      const [domain, verb] = [m.slice(0, m.indexOf('.')), m.slice(m.indexOf('.') + 1)];
      const api = (
        globalThis as unknown as { api: Record<string, Record<string, (x: unknown) => Promise<unknown>>> }
      ).api;
      return api[domain]![verb]!(i);
    },
    [method, input] as const,
  )) as { ok: boolean; data?: T; error?: { message: string } };
  if (!env.ok) throw new Error(`${method}: ${env.error?.message}`);
  return env.data as T;
}
