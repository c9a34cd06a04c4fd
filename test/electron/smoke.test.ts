import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { methodNames } from '../../src/shared/contract';
import { call, findElectron, launchApp, type LaunchedApp } from './helpers';

// The desktop app itself, driven by Playwright's _electron. Needs the Electron binary (node_modules
// or ELECTRON_OVERRIDE_DIST_PATH), a display and better-sqlite3 built for Electron (`npm start`
// once); elsewhere every test reports itself skipped with the reason.
const electronApp = findElectron();
if (!electronApp.exe) console.log(`Electron smoke tests skipped: ${electronApp.reason}.`);

let launched: LaunchedApp | null = null;
afterEach(async () => {
  await launched?.close();
  launched = null;
});
const launch = async () => (launched = await launchApp(electronApp.exe!));

describe.skipIf(!electronApp.exe)(
  `Electron app${electronApp.exe ? '' : ` (skipped: ${electronApp.reason})`}`,
  () => {
    it('opens on app://, with exactly the contract on window.api and no Node in the page', async () => {
      const { page, userData } = await launch();
      expect(page.url()).toMatch(/^app:\/\/hookbench\/(index\.html)?(#.*)?$/);
      const api = (await page.evaluate(`(() => {
      const out = [];
      for (const [domain, group] of Object.entries(window.api)) {
        if (typeof group === 'function') { out.push(domain); continue; }
        for (const verb of Object.keys(group)) out.push(domain + '.' + verb);
      }
      return out;
    })()`)) as string[];
      expect(api.sort()).toEqual([...methodNames, 'on'].sort());
      expect(await page.evaluate('typeof require')).toBe('undefined');
      expect(await page.evaluate('typeof process')).toBe('undefined');
      expect(await page.evaluate('typeof window.api.on')).toBe('function');
      // A setting round-trips through IPC into the SQLite file in this test's own data folder.
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByRole('radio', { name: 'Dark' }).click();
      await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
      expect(fs.existsSync(path.join(userData, 'hookbench.db'))).toBe(true);
    });

    it('blocks navigation to another origin and new windows', async () => {
      const { app, page } = await launch();
      await page.evaluate(`location.href = 'http://127.0.0.1:9/elsewhere'`).catch(() => {});
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/hookbench\//);
      expect(await page.evaluate(`window.open('http://127.0.0.1:9/popup') === null`)).toBe(true);
      expect(app.windows()).toHaveLength(1);
      // The page cannot fetch files outside the renderer folder through app://.
      const status = await page.evaluate(
        `fetch('app://hookbench/..%2f..%2fpackage.json').then(r => r.status, () => 0)`,
      );
      expect([0, 400, 403, 404]).toContain(status);
    });

    it('shows a request sent to the receiver in the inbox, and a delivery reaches it', async () => {
      const { page } = await launch();
      const status = await call<{ running: boolean; baseUrls: string[] }>(page, 'receiver.status');
      expect(status.running).toBe(true);
      const base = status.baseUrls[0]!;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await call(page, 'inboxes.create', { slug: 'smoke', name: 'Smoke' });
      await page.getByRole('link', { name: 'Inbox' }).click();

      // A request from outside (loopback) appears in the inbox list.
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          `${base}/smoke/from-outside`,
          { method: 'POST', headers: { 'content-type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        );
        req.on('error', reject);
        req.end('{"hello":"desktop"}');
      });
      await page.getByText('/from-outside').first().waitFor({ timeout: 10_000 });

      // A delivery from the dispatcher reaches the same inbox.
      await call(page, 'endpoints.create', {
        name: 'Smoke inbox',
        url: `${base}/smoke/delivered`,
        topics: ['webhook.ping'],
      });
      await call(page, 'events.send', { topic: 'webhook.ping' });
      await expect
        .poll(
          async () =>
            (await call<{ items: Array<{ status: string }> }>(page, 'deliveries.list', {})).items.map(
              (d) => d.status,
            ),
          { timeout: 15_000 },
        )
        .toEqual(['succeeded']);
      await page.getByText('/delivered').first().waitFor({ timeout: 10_000 });
    });

    it('has the menu roles and the app commands on this OS', async () => {
      const { app, page } = await launch();
      const menu = (await app.evaluate(({ Menu }) => {
        const walk = (
          items: Electron.MenuItem[],
        ): Array<{ label: string; role: string | undefined; id: string; accelerator: string | undefined }> =>
          items.flatMap((i) => [
            { label: i.label, role: i.role, id: i.id, accelerator: i.accelerator ?? undefined },
            ...(i.submenu ? walk(i.submenu.items) : []),
          ]);
        return walk(Menu.getApplicationMenu()!.items);
      })) as Array<{ label: string; role: string | undefined; id: string; accelerator: string | undefined }>;
      const roles = new Set(menu.map((m) => m.role?.toLowerCase()));
      for (const r of [
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectall',
        'reload',
        'zoomin',
        'zoomout',
        'resetzoom',
        'togglefullscreen',
        'quit',
      ]) {
        expect(roles.has(r), r).toBe(true);
      }
      expect(menu.find((m) => m.id === 'cmd:area.deliveries')?.accelerator).toBe('CmdOrCtrl+4');
      expect(
        menu.some((m) => m.id === 'help:readme') &&
          menu.some((m) => m.id === 'help:data') &&
          menu.some((m) => m.id === 'help:api'),
      ).toBe(true);
      // Clicking "Deliveries" in the Go menu switches the window's area.
      await app.evaluate(({ Menu, BrowserWindow }) => {
        const item = Menu.getApplicationMenu()!.getMenuItemById('cmd:area.deliveries')!;
        item.click(undefined, BrowserWindow.getAllWindows()[0]);
      });
      await expect.poll(() => page.evaluate('location.hash')).toBe('#/deliveries');
    });
  },
);
