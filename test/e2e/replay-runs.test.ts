import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 8 in Chromium against the real headless host: a consumer answers differently after a
 * "fix"; the deliveries it got are selected in the Deliveries list and replayed; the run shows the
 * changed items and, for one, the side-by-side diff. A rate-limited run is cancelled from the UI.
 */

const env = useServedBrowser();
const { ok } = env;
const consumer = { version: 1, seen: [] as { headers: http.IncomingHttpHeaders; body: string }[] };
let server: http.Server;
let consumerUrl: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      consumer.seen.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: true, version: consumer.version, id: Math.random().toString(36).slice(2) }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  consumerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
});

async function settled(ids: string[]) {
  for (let i = 0; i < 200; i++) {
    const all = await Promise.all(ids.map((id) => ok('deliveries.get', { id })));
    if (all.every((d) => d.status === 'succeeded')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('deliveries did not settle');
}

describe('replay runs in the browser', () => {
  let page: Page;
  let errors: string[];
  let secret: string;
  let deliveryIds: string[];
  /** This attempt's endpoint: CI runs a failed test once more, and deliveries of an earlier attempt stay. */
  let endpointName: string;
  let attempt = 0;

  /** Shows only this attempt's deliveries (the Endpoint filter). */
  async function openDeliveriesOfThisAttempt() {
    await page.goto(env.served.uiUrl + '#/deliveries');
    await page.locator('label.dl-filter', { hasText: /^Endpoint/ }).locator('select').selectOption({ label: endpointName });
    await page.getByRole('listbox', { name: 'Deliveries' }).getByRole('option').first().waitFor();
    await expect.poll(() => page.locator('.dl-count').textContent()).toBe('3 deliveries match');
  }

  it('replays selected deliveries to a consumer that changed, and shows the changed items with the diff', async () => {
    endpointName = `Orders consumer ${++attempt}`;
    consumer.version = 1; // the answer before the "fix", also when this test runs again
    const ep = await ok('endpoints.create', { name: endpointName, url: `${consumerUrl}/hooks`, topics: ['order.created'] });
    secret = ep.secret;
    deliveryIds = [];
    for (let i = 1; i <= 3; i++) deliveryIds.push(...(await ok('events.send', { topic: 'order.created', payload: { order: i } })).deliveryIds);
    await settled(deliveryIds);
    consumer.version = 2; // the "fix" changes what the consumer answers
    const before = consumer.seen.length;

    page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    errors = trackErrors(page);
    await openDeliveriesOfThisAttempt();
    await page.getByLabel('Select all loaded deliveries').check();
    await page.getByRole('button', { name: 'Replay 3…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay 3 selected deliveries' });
    await dialog.getByLabel('Run name').fill('After the fix');
    await dialog.getByRole('button', { name: 'Start replay' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The Runs area opens on the new run; it completes with 3 changed answers.
    await page.getByRole('heading', { name: /After the fix/ }).waitFor();
    await page.getByRole('heading', { name: /After the fix completed/ }).waitFor({ timeout: 15_000 });
    const changedTab = page.getByRole('tab', { name: /Changed/ });
    await expect.poll(() => changedTab.textContent()).toBe('Changed 3');
    await changedTab.click();
    const rows = page.getByRole('listbox', { name: 'Items' }).getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    await rows.first().click();
    const diff = page.getByLabel('Comparison with the baseline');
    await diff.waitFor();
    expect(await diff.getByTestId('changed-path').allTextContents()).toEqual(['$.version changed']);
    expect(await diff.locator('.diff-removed', { hasText: '"version": 1' }).count()).toBe(1);
    expect(await diff.locator('.diff-added', { hasText: '"version": 2' }).count()).toBe(1);

    // The replays arrived re-signed with the endpoint's secret, under new delivery ids.
    const replays = consumer.seen.slice(before);
    expect(replays).toHaveLength(3);
    for (const r of replays) {
      const h = { 'webhook-id': String(r.headers['webhook-id']), 'webhook-timestamp': String(r.headers['webhook-timestamp']), 'webhook-signature': String(r.headers['webhook-signature']) };
      expect(new Webhook(secret).verify(r.body, h)).toBeTruthy();
      expect(deliveryIds).not.toContain(h['webhook-id']);
    }
    expect(errors).toEqual([]);
  });

  it('cancels a rate-limited run from the run view; the rest is reported as not sent', async () => {
    await openDeliveriesOfThisAttempt();
    await page.getByRole('button', { name: 'Select all 3 matching' }).click();
    await page.getByRole('button', { name: 'Replay 3…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay all 3 matching deliveries' });
    await dialog.getByLabel('Delivery id').selectOption('keep');
    await dialog.getByLabel('Concurrency').fill('1');
    // One item every 10 s: the rest is still waiting when Cancel is clicked, however slow the machine.
    await dialog.getByLabel('Rate limit').fill('0.1');
    await dialog.getByRole('button', { name: 'Start replay' }).click();
    // The dialog has its own Cancel: click the run view's once the dialog is gone.
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: /running/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: /cancelled/ }).waitFor();
    const notSent = page.getByRole('tab', { name: /Not sent/ });
    await expect.poll(async () => Number((await notSent.textContent())!.replace(/\D/g, ''))).toBeGreaterThan(0);
    const runs = (await ok('runs.list')).items;
    expect(runs[0].status).toBe('cancelled');
    expect(runs[0].options.keepId).toBe(true);
    expect(runs[0].counts.done + runs[0].counts.notSent).toBe(3);
    expect(errors).toEqual([]);
    await page.close();
  });
});
