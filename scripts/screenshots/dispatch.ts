import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchBrowser } from '../../test/e2e/helpers/browser';
import { startServe, type Served } from '../../test/e2e/helpers/serve';

/**
 * Screenshots of the sending areas with realistic data, light and dark, for a person to look at
 * (not a test: it asserts nothing). Needs the built app (`npm run build`).
 * Run: `npx tsx scripts/screenshots/dispatch.ts /tmp/shots`
 */
const OUT = process.argv[2] ?? '/tmp/hookbench-shots';

let browser: Browser;
let served: Served;

async function ok(method: string, input: unknown = {}) {
  const res = await served.call(method, input);
  if (res.status !== 200) throw new Error(`${method} → ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function seed() {
  const base = (await ok('receiver.status')).http.baseUrl;
  await ok('inboxes.create', { slug: 'orders', name: 'Orders', response: { status: 200, delayMs: 120 } });
  await ok('inboxes.create', {
    slug: 'billing',
    name: 'Billing',
    response: { status: 503, body: '{"error":"maintenance"}', delayMs: 30 },
  });
  const orders = await ok('endpoints.create', {
    name: 'Orders service (local)',
    url: `${base}/orders/hooks`,
    topics: ['transfer.*', 'file.created'],
  });
  await ok('inboxes.update', {
    slug: 'orders',
    verify: { scheme: 'standard-webhooks', secrets: [orders.secret] },
  });
  await ok('endpoints.create', {
    name: 'Billing webhook',
    url: `${base}/billing/in`,
    topics: ['transfer.completed', 'job.*'],
    retry: { delays: [1, 2, 900] },
    signing: { scheme: 'mftplus' },
    auth: { type: 'bearer', token: 'sk_live_51H8' },
  });
  await ok('endpoints.create', {
    name: 'Team Slack',
    url: 'http://127.0.0.1:9/services/T000/B000/XXXX',
    type: 'slack',
    topics: ['transfer.failed', 'agent.disconnected'],
  });
  const legacy = await ok('endpoints.create', {
    name: 'Legacy FTP bridge',
    url: 'https://bridge.internal.example/hooks/sftptogo',
    topics: ['file.created', 'file.deleted'],
    signing: { scheme: 'sftptogo' },
  });
  await ok('endpoints.pause', { id: legacy.id });
  for (const topic of [
    'transfer.completed',
    'transfer.completed',
    'file.created',
    'transfer.failed',
    'job.completed',
    'transfer.completed',
  ])
    await ok('events.send', { topic });
  await ok('endpoints.ping', { id: orders.id });
  // Let the first retries of the failing endpoints happen.
  await new Promise((r) => setTimeout(r, 4500));
}

const shoot = async (page: Page, name: string) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
};

async function screens(scheme: 'light' | 'dark') {
  const context = await browser.newContext({
    colorScheme: scheme,
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${served.uiUrl}#/endpoints`);
  await page.getByRole('listitem', { name: 'Billing webhook' }).waitFor();
  await shoot(page, `${scheme}-endpoints`);

  await page.getByRole('button', { name: 'Add endpoint' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Add endpoint' });
  await dialog.getByLabel('Nickname').fill('Warehouse events');
  await dialog.getByLabel('URL').fill('http://warehouse.example.com/webhooks');
  await dialog.getByLabel('Add a topic').fill('transfer.*');
  await dialog.getByLabel('Add a topic').press('Enter');
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await shoot(page, `${scheme}-endpoint-dialog-errors`);
  await dialog.getByLabel('URL').fill('https://warehouse.example.com/webhooks');
  await dialog.getByLabel('Authentication').selectOption('apiKey');
  await dialog.getByLabel('API key', { exact: true }).fill('wh_9f8e7d');
  await dialog.getByLabel('Signature scheme').selectOption('custom');
  await dialog.getByRole('radio', { name: 'Custom' }).click();
  await dialog.locator('.endpoint-dialog-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await shoot(page, `${scheme}-endpoint-dialog-bottom`);
  await dialog.getByRole('button', { name: 'Add endpoint' }).click();
  await page.getByRole('dialog', { name: 'Endpoint added' }).waitFor();
  await shoot(page, `${scheme}-secret-reveal`);
  await page.keyboard.press('Escape');
  await ok('endpoints.delete', {
    id: (await ok('endpoints.list')).items.find((e: { name: string }) => e.name === 'Warehouse events').id,
  });

  await page.getByRole('link', { name: 'Send event' }).click();
  await page
    .getByRole('option', { name: /transfer\.completed/ })
    .first()
    .click();
  await page
    .getByRole('region', { name: 'Preview' })
    .getByText('webhook-signature')
    .first()
    .waitFor({ timeout: 10_000 });
  await shoot(page, `${scheme}-send`);
  await page.getByRole('button', { name: 'Template help' }).click();
  await page.getByRole('button', { name: 'Use GoMFT’s example template' }).click();
  await page.waitForTimeout(800);
  await shoot(page, `${scheme}-send-template`);

  await page.getByRole('link', { name: 'Deliveries' }).click();
  const list = page.getByRole('listbox', { name: 'Deliveries' });
  await list
    .getByRole('option', { name: /Billing webhook.*Retrying/ })
    .first()
    .click();
  await page.getByRole('button', { name: /Attempt 3/ }).waitFor();
  await shoot(page, `${scheme}-deliveries-retrying`);
  await list
    .getByRole('option', { name: /Orders service \(local\).*Succeeded/ })
    .first()
    .click();
  await page.waitForTimeout(300);
  await shoot(page, `${scheme}-deliveries-succeeded`);
  await list
    .getByRole('option', { name: /Team Slack/ })
    .first()
    .click();
  await page.waitForTimeout(300);
  await shoot(page, `${scheme}-deliveries-error`);
  await context.close();
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  [browser, served] = await Promise.all([launchBrowser(), startServe()]);
  try {
    await seed();
    for (const scheme of ['light', 'dark'] as const) await screens(scheme);
    console.log(`Screenshots written to ${OUT}`);
  } finally {
    await browser?.close();
    await served?.stop();
  }
}

void main();
