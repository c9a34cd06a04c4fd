import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright';
import { launchBrowser } from '../../test/e2e/helpers/browser';
import { startServe, type Served } from '../../test/e2e/helpers/serve';

/**
 * Screenshots of the Signature lab for a person to look at (not a test: it asserts nothing).
 * Needs the built app (`npm run build`). Run: `npx tsx scripts/screenshots/signature-lab.ts /tmp/shots`
 */
const DIR = process.argv[2] ?? '/tmp/hookbench-shots';

let browser: Browser;
let served: Served;

async function lab(theme: 'light' | 'dark'): Promise<Page> {
  const context = await browser.newContext({ colorScheme: theme, viewport: { width: 1440, height: 1100 } });
  const page = await context.newPage();
  await page.goto(served.uiUrl);
  await page.getByRole('link', { name: 'Signature lab' }).click();
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(DIR, `${name}.png`) });

async function shots(theme: 'light' | 'dark') {
  const page = await lab(theme);
  await shot(page, `lab-empty-${theme}`);
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByRole('menuitem', { name: 'GitHub' }).click();
  await page.locator('[data-status="valid"]').waitFor();
  await page.waitForTimeout(600);
  await shot(page, `lab-verify-valid-${theme}`);

  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const ts = Math.floor(Date.now() / 1000) - 900;
  const body = '{"type":"invoice.paid","data":{"id":"inv_1"}}';
  const wrong = createHmac('sha256', secret).update(`msg_1.${ts}.${body}`).digest('base64');
  await page.getByLabel('Scheme', { exact: true }).selectOption('standard-webhooks');
  await page.getByLabel('Secret 1', { exact: true }).fill(secret);
  await page.getByRole('textbox', { name: 'Body' }).fill(body);
  await page
    .getByLabel('Headers', { exact: true })
    .fill(`webhook-id: msg_1\nwebhook-timestamp: ${ts}\nwebhook-signature: v1,${wrong}`);
  await page.locator('.sig-callout').first().waitFor();
  await page.waitForTimeout(400);
  await shot(page, `lab-verify-invalid-${theme}`);

  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByRole('menuitem', { name: 'Custom', exact: true }).click();
  await page.locator('[data-status="valid"]').waitFor();
  await page.waitForTimeout(400);
  await shot(page, `lab-verify-custom-${theme}`);

  await page.getByRole('tab', { name: 'Sign' }).click();
  await page.getByRole('button', { name: 'Load example' }).click();
  await page.getByRole('menuitem', { name: 'Stripe' }).click();
  await page.getByTestId('curl').waitFor();
  await page.waitForTimeout(400);
  await shot(page, `lab-sign-${theme}`);
  await page.context().close();
}

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  [browser, served] = await Promise.all([launchBrowser(), startServe()]);
  try {
    for (const theme of ['light', 'dark'] as const) await shots(theme);
    console.log(`Screenshots written to ${DIR}`);
  } finally {
    await browser?.close();
    await served?.stop();
  }
}

void main();
