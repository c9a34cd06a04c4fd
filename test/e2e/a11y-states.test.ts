import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from './helpers/axe';
import { launchBrowser, trackErrors } from './helpers/browser';
import { startServe, type Served } from './helpers/serve';

/**
 * Issue 14, the states a11y.test.ts does not reach: every screen empty (a fresh data dir: no
 * endpoints, no requests, no deliveries), and the dialogs behind row menus and settings — Edit
 * endpoint, Health & charts, Rotate secret (one and several signatures), the new secret shown
 * once (after a rotation and after adding an endpoint), Delete endpoint, Replay (an inbox's
 * requests), Delete request and Clear inbox, every tab of Inbox settings (with a rule added,
 * secrets shown, auto-forward on, Delete inbox asked), and the custom event dialog with its
 * error. axe-core, light and dark, 960×600 and 1320×860; fails on any serious or critical
 * violation (and a skipped heading level).
 */

let browser: Browser;
/** A fresh `hookbench serve`: every screen in its empty state. */
let empty: Served;
/** One with endpoints, an inbox and a captured request. */
let full: Served;
let base = '';

async function ok(method: string, input: unknown = {}) {
  const res = await full.call(method, input);
  if (res.status !== 200) throw new Error(`${method} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

beforeAll(async () => {
  [browser, empty, full] = await Promise.all([launchBrowser(), startServe(), startServe()]);
  base = (await ok('receiver.status')).http.baseUrl;
  await ok('inboxes.create', { slug: 'orders', name: 'Orders' });
  const orders = await ok('endpoints.create', {
    name: 'Orders service',
    url: `${base}/orders/hooks`,
    topics: ['transfer.*'],
  });
  // GitHub carries one signature: its Rotate dialog warns instead of offering an overlap.
  await ok('endpoints.create', {
    name: 'GitHub app',
    url: `${base}/orders/github`,
    topics: ['push'],
    signing: { scheme: 'github' },
  });
  await ok('inboxes.update', {
    slug: 'orders',
    verify: { scheme: 'standard-webhooks', secrets: [orders.secret] },
  });
  await ok('events.send', { topic: 'transfer.completed' });
  for (let i = 0; (await ok('requests.list', { inbox: 'orders' })).items.length === 0; i++) {
    if (i > 100) throw new Error('the sent event never reached the Orders inbox');
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  await browser?.close();
  await Promise.all([empty?.stop(), full?.stop()]);
});

const SIZES = [
  { width: 960, height: 600 },
  { width: 1320, height: 860 },
];

/** Closes the top dialog with Esc; a form with changes asks first, and its changes are discarded. */
async function escape(page: Page, dialog: ReturnType<Page['getByRole']>) {
  await page.keyboard.press('Escape');
  const ask = page.getByRole('alertdialog', { name: 'Discard changes?' });
  await Promise.race([ask.waitFor(), dialog.waitFor({ state: 'hidden' })]);
  if (await ask.isVisible()) await ask.getByRole('button', { name: 'Discard' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

async function endpointDialogs(page: Page, check: (where: string) => Promise<void>, tag: string) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Endpoints', exact: true }).click();
  const row = (name: string) => page.getByRole('listitem', { name });
  await row('Orders service').waitFor();
  const menu = async (endpoint: string, item: RegExp) => {
    await page.getByRole('button', { name: `More actions for ${endpoint}` }).click();
    await page.getByRole('menuitem', { name: item }).click();
  };

  await row('Orders service').getByRole('button', { name: 'Orders service', exact: true }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Orders service”' });
  await edit.waitFor();
  await check('Endpoints, Edit endpoint');
  await escape(page, edit);

  await menu('Orders service', /Rotate secret/);
  const rotate = page.getByRole('dialog', { name: /Rotate the signing secret of “Orders service”/ });
  await rotate.waitFor();
  await check('Endpoints, Rotate secret (overlap)');
  await escape(page, rotate);

  await menu('GitHub app', /Rotate secret/);
  const rotateOne = page.getByRole('dialog', { name: /Rotate the signing secret of “GitHub app”/ });
  await rotateOne.waitFor();
  await check('Endpoints, Rotate secret (one signature)');
  await rotateOne.getByRole('button', { name: 'Rotate secret' }).click();
  const reveal = page.getByRole('dialog', { name: 'New signing secret' });
  await reveal.waitFor();
  await check('Endpoints, new secret revealed');
  await escape(page, reveal);

  await menu('Orders service', /Health & charts/);
  const health = page.getByRole('dialog', { name: 'Health of “Orders service”' });
  await health.waitFor();
  await check('Endpoints, Health & charts');
  await escape(page, health);

  await menu('Orders service', /Delete/);
  const del = page.getByRole('alertdialog', { name: 'Delete “Orders service”?' });
  await del.waitFor();
  await check('Endpoints, Delete endpoint');
  await del.getByRole('button', { name: 'Cancel' }).click();
  await del.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  const add = page.getByRole('dialog', { name: 'Add endpoint' });
  await add.getByLabel('Nickname').fill(`Warehouse ${tag}`);
  await add.getByLabel('URL').fill(`${base}/orders/warehouse`);
  await add.getByLabel('Add a topic').fill('transfer.*');
  await add.getByLabel('Add a topic').press('Enter');
  await add.getByRole('button', { name: 'Add endpoint' }).click();
  const added = page.getByRole('dialog', { name: 'Endpoint added' });
  await added.waitFor();
  await check('Endpoints, Endpoint added (secret shown once)');
  await escape(page, added);
}

async function inboxDialogs(page: Page, check: (where: string) => Promise<void>) {
  await page.goto(`${full.uiUrl}#/inbox/orders`);
  const list = page.getByRole('listbox', { name: 'Captured requests' });
  await list.getByRole('option').first().click();
  await page.getByRole('region', { name: 'Request detail' }).waitFor();

  // Replay every request of the inbox (the header's Replay…): the run's settings.
  await page.locator('.inbox-header').getByRole('button', { name: 'Replay…' }).click();
  const replay = page.getByRole('dialog', { name: /^Replay all 1 request/ });
  await replay.waitFor();
  await check('Inbox, Replay dialog');
  await escape(page, replay);

  await page.getByRole('button', { name: 'Delete request' }).click();
  let ask = page.getByRole('alertdialog', { name: 'Are you sure?' });
  await ask.waitFor();
  await check('Inbox, Delete request?');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'List actions' }).click();
  await page.getByRole('menuitem', { name: /Clear inbox/ }).click();
  await ask.waitFor();
  await check('Inbox, Clear inbox?');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'hidden' });

  await page.getByRole('button', { name: 'Inbox settings' }).click();
  const settings = page.getByRole('dialog');
  await settings.waitFor();
  const tab = (name: string) => settings.getByRole('tab', { name });
  await tab('Responses').click();
  await check('Inbox settings, Responses');
  await settings.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('menuitem').first().click();
  await settings.getByLabel('Rule 1 name').waitFor();
  await check('Inbox settings, Responses with a rule');
  await tab('Verification').click();
  await settings.getByRole('button', { name: 'Show secrets' }).click();
  await check('Inbox settings, Verification, secrets shown');
  await tab('Forwarding').click();
  await settings.getByLabel('Auto-forward every request').check();
  await check('Inbox settings, Forwarding on');
  await tab('Limits & retention').click();
  await check('Inbox settings, Limits & retention');
  await settings.getByRole('button', { name: 'Delete inbox…' }).click();
  ask = page.getByRole('alertdialog', { name: 'Are you sure?' });
  await ask.waitFor();
  await check('Inbox settings, Delete inbox?');
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'hidden' });
  await escape(page, settings);
}

async function customEventDialog(page: Page, check: (where: string) => Promise<void>) {
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Send event', exact: true }).click();
  await page
    .getByRole('complementary', { name: 'Event catalog' })
    .getByRole('button', { name: 'New' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'New event type' });
  await dialog.waitFor();
  await check('Send event, New event type');
  await dialog.getByRole('button', { name: 'Add event' }).click();
  await dialog.getByText('Enter a topic').first().waitFor();
  await check('Send event, New event type with an error');
  await escape(page, dialog);
}

describe('accessibility of empty screens and secondary dialogs (axe-core, WCAG 2.2 AA)', () => {
  for (const scheme of ['light', 'dark'] as const)
    for (const size of SIZES)
      it(`has no serious or critical violations, ${scheme}, ${size.width}×${size.height}`, async () => {
        const context = await browser.newContext({ colorScheme: scheme, viewport: size, bypassCSP: true });
        try {
          const page = await context.newPage();
          const errors = trackErrors(page);
          const failures: string[] = [];
          const check = async (where: string) => {
            failures.push(...(await audit(page, `${scheme} ${size.width}×${size.height} ${where}`)));
          };

          // Empty: a fresh data dir, every screen the sidebar lists.
          await page.goto(`${empty.uiUrl}#/inbox/default`);
          await page.getByText('Send your first request').waitFor();
          const nav = page.getByRole('navigation', { name: 'Main' });
          const names = (await nav.getByRole('link').allTextContents())
            .map((t) => t.trim())
            .filter((t) => t !== 'Skip to content');
          const emptyText: Record<string, string> = {
            Inbox: 'Send your first request',
            Endpoints: 'No endpoints yet',
            Deliveries: 'No deliveries yet',
          };
          for (const name of names) {
            await nav.getByRole('link', { name, exact: true }).click();
            await page.getByRole('heading', { level: 1 }).first().waitFor();
            if (emptyText[name]) await page.getByText(emptyText[name]).first().waitFor();
            await check(`${name}, empty`);
          }
          expect(names).toEqual(expect.arrayContaining(Object.keys(emptyText)));

          await page.goto(`${full.uiUrl}#/endpoints`);
          await endpointDialogs(page, check, `${scheme} ${size.width}`);
          await inboxDialogs(page, check);
          await customEventDialog(page, check);

          expect(failures, failures.join('\n')).toEqual([]);
          expect(errors).toEqual([]);
        } finally {
          await context.close();
        }
      }, 180_000);
});
