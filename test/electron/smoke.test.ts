import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron } from 'playwright';
import { describe, expect, it } from 'vitest';

/** Finds the Electron binary without triggering electron's download-on-require. */
function electronBinary(): { path: string | null; reason: string } {
  const dir = path.resolve(import.meta.dirname, '../../node_modules/electron');
  const txt = path.join(dir, 'path.txt');
  if (!fs.existsSync(txt)) return { path: null, reason: 'the Electron binary is not installed here (its download is outside the package registries)' };
  const exe = path.join(dir, 'dist', fs.readFileSync(txt, 'utf8').trim());
  if (!fs.existsSync(exe)) return { path: null, reason: `the Electron binary is missing at ${exe}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { path: null, reason: 'no display (run under xvfb-run)' };
  return { path: exe, reason: '' };
}

const bin = electronBinary();
const native = path.resolve(import.meta.dirname, '../../.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node');
const skipReason = !bin.path ? bin.reason : !fs.existsSync(native) ? 'better-sqlite3 is not built for Electron (run npm start once)' : '';
if (skipReason) console.log(`Electron smoke test skipped: ${skipReason}.`);

describe.skipIf(!!skipReason)(`Electron app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('opens the window, talks to the core over IPC and keeps a setting', async () => {
    const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-electron-'));
    const app = await electron.launch({
      executablePath: bin.path!,
      args: [path.resolve(import.meta.dirname, '../..')],
      env: { ...process.env, HOOKBENCH_USER_DATA: userData },
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      // The renderer has window.api from the preload, and no Node.
      expect(await page.evaluate('typeof window.api.settings.update')).toBe('function');
      expect(await page.evaluate('typeof require')).toBe('undefined');
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('radio', { name: 'Dark' }).click();
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
      // Sandboxed, isolated renderer: no Node globals leak into the page.
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate('typeof window.api.on')).toBe('function');
    } finally {
      await app.close();
    }
    expect(fs.existsSync(path.join(userData, 'hookbench.db'))).toBe(true);
  });
});
