// Regenerates docs/screenshot.png: starts the built `hookbench serve` on a temp data dir, runs the
// demo loop ("Try the loop": a signed delivery fails twice at its own inbox, is retried and lands
// verified) and photographs the Inbox with Chromium. Run: node scripts/readme-screenshot.mjs
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'docs', 'screenshot.png');
const theme = process.argv[3] ?? 'light';
buildIfStale({ quiet: true });

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-shot-'));
const token = 'shot';
const child = spawn(process.execPath, [path.join(root, 'out/main/cli.js'), 'serve', '--data-dir', dataDir, '--port', '0', '--receiver-port', '0', '--token', token], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let text = '';
child.stdout.on('data', (d) => (text += d));
for (let i = 0; i < 200 && !/Press Ctrl\+C/.test(text); i++) await new Promise((r) => setTimeout(r, 50));
const ui = /UI\s+(\S+)/.exec(text)[1];
const base = ui.replace(/\?.*$/, '');
const call = async (method, input = {}) => {
  const res = await fetch(`${base}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body;
};

try {
  // The demo loop ("Try the loop"): a signed event fails twice at an inbox, is retried and lands verified.
  const browser = await chromium.launch({
    executablePath: process.env.HOOKBENCH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, colorScheme: theme, deviceScaleFactor: 1 });
  await page.goto(ui);
  await page.getByRole('button', { name: 'Try the loop' }).click();
  for (let i = 0; i < 100; i++) {
    const list = await call('requests.list', { inbox: 'try-the-loop' });
    if (list.items.length >= 3) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const list = await call('requests.list', { inbox: 'try-the-loop' });
  await page.goto(`${ui}#/inbox/try-the-loop/${list.items[0].id}`);
  await page.reload();
  await page.waitForTimeout(1200);
  await page.getByRole('tab', { name: /Body/ }).click().catch(() => undefined);
  await page.evaluate('document.activeElement && document.activeElement.blur()');
  await page.waitForTimeout(600);
  await page.screenshot({ path: out });
  await browser.close();
  console.log(`wrote ${out}`);
} finally {
  child.kill('SIGTERM');
}
