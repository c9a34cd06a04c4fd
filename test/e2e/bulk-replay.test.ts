import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';
import { startServe, type Served } from './helpers/serve';

/**
 * Issue 8 in Chromium against the real headless host: the deliveries that failed since a time are
 * selected in the log ("all matching", server-side) and replayed into a local inbox, which shows
 * them with valid signatures; requests captured by an inbox are ticked, exported as a collection,
 * imported into a fresh data directory and replayed into another inbox there.
 */

const env = useServedBrowser();
let fresh: Served | null = null;
let server: http.Server;
let consumerUrl: string;
const seen: string[] = [];

beforeAll(async () => {
  // A consumer that fails every delivery except the ones marked ok.
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push(body);
      res.writeHead(body.includes('"ok":true') ? 200 : 500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: body.includes('"ok":true') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  consumerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  await fresh?.stop();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function ok(s: Served, method: string, input: unknown = {}) {
  const res = await s.call(method, input);
  if (res.status !== 200) throw new Error(`${method} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function settled(ids: string[]) {
  for (let i = 0; i < 300; i++) {
    const all = await Promise.all(ids.map((id) => ok(env.served, 'deliveries.get', { id })));
    if (all.every((d) => d.status === 'succeeded' || d.status === 'failed')) return all;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('deliveries did not settle');
}

/** A time as a datetime-local field takes it (local time, to the second). */
const localValue = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 19);

const send = async (payloads: Record<string, unknown>[]) => {
  const ids: string[] = [];
  for (const payload of payloads) ids.push(...(await ok(env.served, 'events.send', { topic: 'order.created', payload })).deliveryIds);
  return settled(ids);
};

describe('bulk replay in the browser', () => {
  let page: Page;
  let errors: string[];

  it('replays the deliveries that failed since a time into a local inbox, which shows them with valid signatures', async () => {
    // Five failures in a row would disable the endpoint; this consumer fails on purpose.
    await ok(env.served, 'settings.update', { dispatchDisableAfterFailures: 0 });
    const ep = await ok(env.served, 'endpoints.create', { name: 'Orders', url: consumerUrl, topics: ['order.created'], retry: { delays: [] } });
    await ok(env.served, 'inboxes.create', { slug: 'qa', verify: { scheme: 'standard-webhooks', secrets: [ep.secret] } });
    // Failed before the time, then failed (3) and succeeded (1) after it.
    const early = await send([{ order: 1 }, { order: 2 }]);
    expect(early.map((d) => d.status)).toEqual(['failed', 'failed']);
    const since = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await new Promise((r) => setTimeout(r, since - Date.now() + 20));
    const late = await send([{ order: 3 }, { order: 4 }, { order: 5 }, { order: 6, ok: true }]);
    expect(late.map((d) => d.status)).toEqual(['failed', 'failed', 'failed', 'succeeded']);
    const sentBefore = seen.length;

    page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    errors = trackErrors(page);
    await page.goto(env.served.uiUrl + '#/deliveries');
    const log = page.getByRole('listbox', { name: 'Deliveries' });
    await log.getByRole('option').first().waitFor();
    await page.locator('label.dl-filter', { hasText: /^Status/ }).locator('select').selectOption('failed');
    await page.getByLabel('Since', { exact: true }).selectOption({ label: 'A time…' });
    await page.getByLabel('Since the time').fill(localValue(since));
    await expect.poll(() => page.locator('.dl-count').textContent()).toBe('3 deliveries match');
    await expect.poll(() => log.getByRole('option').count()).toBe(3);

    await page.getByRole('button', { name: 'Select all 3 matching' }).click();
    await expect.poll(() => page.getByTestId('delivery-selection').textContent()).toBe('3 selected');
    await page.getByRole('button', { name: 'Replay 3…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay all 3 matching deliveries' });
    await dialog.getByRole('radio', { name: 'Local inbox' }).click();
    await dialog.getByLabel('Inbox', { exact: true }).selectOption('qa');
    await dialog.getByLabel('Run name').fill('Failed since the outage');
    await dialog.getByRole('button', { name: 'Start replay' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /Failed since the outage completed/ }).waitFor({ timeout: 20_000 });
    const run = (await ok(env.served, 'runs.list')).items[0];
    expect(run.counts).toMatchObject({ total: 3, done: 3, failed: 0 });

    // Nothing went to the consumer; the inbox got the three, re-signed, under new ids.
    expect(seen.length).toBe(sentBefore);
    await page.goto(env.served.uiUrl + '#/inbox/qa');
    const rows = page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.locator('.badge', { hasText: /valid/ }).count()).toBe(3);
    const captured = (await ok(env.served, 'requests.list', { inbox: 'qa' })).items;
    expect(captured.map((r: { signature: { status: string } }) => r.signature.status)).toEqual(['valid', 'valid', 'valid']);
    const orders: number[] = [];
    for (const r of captured) orders.push(JSON.parse((await ok(env.served, 'requests.get', { id: r.id })).body.text).order);
    expect(orders.sort()).toEqual([3, 4, 5]);
    expect(captured.map((r: { deliveryId: string }) => r.deliveryId)).not.toContain(late[0].id);
    expect(errors).toEqual([]);
  });

  it('exports ticked inbox requests as a collection, imports it in a fresh data dir and replays it into an inbox there', async () => {
    await ok(env.served, 'inboxes.create', { slug: 'src' });
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${env.served.receiverUrl}/src/orders/${i}?n=${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shop': 'demo' },
        body: JSON.stringify({ order: i, note: 'from src' }),
      });
      expect(res.status).toBeLessThan(300);
    }
    await page.goto(env.served.uiUrl + '#/inbox/src');
    const rows = page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByLabel('Select all loaded requests').check();
    await expect.poll(() => page.getByTestId('request-selection').textContent()).toBe('3 selected');
    await page.getByRole('region', { name: 'Selected requests' }).getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'As a collection (.hookbench.json)' }).click(),
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-e2e-col-')), download.suggestedFilename());
    await download.saveAs(file);
    expect(file).toMatch(/\.hookbench\.json$/);
    const collection = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(collection.format).toBe('hookbench.collection');
    expect(collection.items).toHaveLength(3);

    // A fresh data directory: nothing but an inbox to replay into.
    fresh = await startServe();
    await ok(fresh, 'inboxes.create', { slug: 'dest' });
    const page2 = await env.browser.newPage({ viewport: { width: 960, height: 600 } });
    const errors2 = trackErrors(page2);
    await page2.goto(fresh.uiUrl + '#/runs');
    await page2.getByRole('heading', { name: 'Replay runs', exact: true }).waitFor();
    await page2.getByLabel('Collection file').setInputFiles(file);
    const dialog = page2.getByRole('dialog', { name: /^Replay collection/ });
    await dialog.getByRole('radio', { name: 'Local inbox' }).click();
    await dialog.getByLabel('Inbox', { exact: true }).selectOption('dest');
    await dialog.getByLabel('Run name').fill('Imported from src');
    await dialog.getByRole('button', { name: 'Start replay' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page2.getByRole('heading', { name: /Imported from src completed/ }).waitFor({ timeout: 20_000 });

    const got = (await ok(fresh, 'requests.list', { inbox: 'dest' })).items;
    expect(got.map((r: { path: string; query: string }) => `${r.path}?${r.query}`).sort()).toEqual([
      '/orders/0?n=0',
      '/orders/1?n=1',
      '/orders/2?n=2',
    ]);
    const one = await ok(fresh, 'requests.get', { id: got[0].id });
    expect(JSON.parse(one.body.text)).toMatchObject({ note: 'from src' });
    expect(one.headers.find(([k]: [string]) => k.toLowerCase() === 'x-shop')?.[1]).toBe('demo');
    await page2.goto(fresh.uiUrl + '#/inbox/dest');
    await expect.poll(() => page2.getByRole('listbox', { name: 'Captured requests' }).getByRole('option').count()).toBe(3);
    expect(errors2).toEqual([]);
    expect(errors).toEqual([]);
    await page2.close();
    await page.close();
  });
  it('Delete in the list with rows ticked deletes the ticked ones (after saying how many), never the row under focus', async () => {
    await ok(env.served, 'inboxes.create', { slug: 'del' });
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${env.served.receiverUrl}/del/r${i}`, { method: 'POST', body: `{"i":${i}}` });
      expect(res.status).toBeLessThan(300);
    }
    const page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl + '#/inbox/del');
    const rows = page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(4);
    // Newest first: /r3 is focused; /r1 and /r0 are ticked.
    await rows.filter({ hasText: '/r3' }).click();
    await rows.filter({ hasText: '/r1' }).click({ modifiers: ['Control'] });
    await rows.filter({ hasText: '/r0' }).click({ modifiers: ['Control'] });
    await expect.poll(() => page.getByTestId('request-selection').textContent()).toBe('2 selected');
    await page.getByRole('listbox', { name: 'Captured requests' }).focus();
    await page.keyboard.press('Delete');
    const ask = page.getByRole('alertdialog');
    await ask.getByText('Delete the 2 requests selected?', { exact: false }).waitFor();
    await ask.getByRole('button', { name: 'Delete 2' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    const left = (await ok(env.served, 'requests.list', { inbox: 'del' })).items.map((r: { path: string }) => r.path).sort();
    expect(left).toEqual(['/r2', '/r3']);
    expect(errors).toEqual([]);
    await page.close();
  });
});
