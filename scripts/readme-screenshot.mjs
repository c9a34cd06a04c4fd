// Regenerates docs/screenshot.png: starts the built `hookbench serve` on a temp data dir, sends it
// realistic traffic (a signed delivery from its own dispatcher to its own inbox, a GitHub-style
// request, a tampered one) and photographs the Inbox with Chromium. Run: node scripts/readme-screenshot.mjs
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
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
const receiver = /Receiver\s+(http:\/\/[^\s/]+)/.exec(text)[1];
const call = async (method, input = {}) => {
  const res = await fetch(`${base}api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
  const body = await res.json();
  if (!res.ok) throw new Error(`${method}: ${JSON.stringify(body)}`);
  return body;
};

try {
  const ghSecret = 'gh-secret-2026';
  await call('inboxes.update', { slug: 'default', name: 'Orders service', verify: { scheme: 'github', secrets: [ghSecret] } });
  const push = JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'acme/orders' }, pusher: { name: 'octocat' }, head_commit: { id: 'c0ffee1', message: 'Ship the invoice webhooks' } });
  const sig = (body) => 'sha256=' + crypto.createHmac('sha256', ghSecret).update(body).digest('hex');
  for (const [p, body, signature] of [
    ['/github/push', push, sig(push)],
    ['/github/push', push.replace('main', 'mainx'), sig(push)],
    ['/health?probe=1', '', null],
  ]) {
    await fetch(`${receiver}/default${p}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json', 'user-agent': 'GitHub-Hookshot/7f3a2b1', 'x-github-event': 'push', 'x-github-delivery': crypto.randomUUID(), ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      body: body || undefined,
    });
  }
  const ep = await call('endpoints.create', { name: 'Local orders inbox', url: `${receiver}/default/hooks/transfers`, topics: ['transfer.*'], signing: { scheme: 'github' } });
  await call('endpoints.update', { id: ep.id, signing: { secret: ghSecret } }).catch(() => undefined);
  await call('events.send', { topic: 'transfer.completed' });
  await new Promise((r) => setTimeout(r, 1500));
  const list = await call('requests.list', { inbox: 'default' });
  const pick = list.items.find((i) => i.path.includes('transfers')) ?? list.items[0];

  const browser = await chromium.launch({
    executablePath: process.env.HOOKBENCH_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, colorScheme: theme, deviceScaleFactor: 1 });
  await page.goto(`${ui}#/inbox/default/${pick.id}`);
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
