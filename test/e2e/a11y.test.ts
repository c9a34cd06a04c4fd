import type { BrowserContext, Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from './helpers/axe';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 14: axe-core over every screen the sidebar lists and their dialogs, light and dark, at
 * 960×600 and 1320×860, with data (an endpoint, a captured request selected, a delivery) and form
 * errors shown. Fails on any serious or critical violation (and on a skipped heading level).
 * One server and one browser for the whole file; one context per theme × size.
 */

/** The screens that must exist; areas added later are audited too, as the sidebar lists them. */
const REQUIRED = ['Inbox', 'Endpoints', 'Send event', 'Deliveries', 'Signature lab', 'Settings'];

const env = useServedBrowser();
const { ok } = env;

beforeAll(async () => {
  const base = (await ok('receiver.status')).http.baseUrl;
  await ok('inboxes.create', { slug: 'orders', name: 'Orders' });
  const orders = await ok('endpoints.create', {
    name: 'Orders service',
    url: `${base}/orders/hooks`,
    topics: ['transfer.*'],
  });
  await ok('inboxes.update', {
    slug: 'orders',
    verify: { scheme: 'standard-webhooks', secrets: [orders.secret] },
  });
  // A second endpoint that fails, so Deliveries shows a failed/retrying row next to a success.
  await ok('endpoints.create', {
    name: 'Billing webhook',
    url: `${base}/billing/in`,
    topics: ['transfer.completed'],
    retry: { delays: [1, 900] },
  });
  await ok('inboxes.create', { slug: 'billing', name: 'Billing', response: { status: 503, body: 'down' } });
  await ok('events.send', { topic: 'transfer.completed' });
  // The send reaches the Orders inbox as a captured request with a valid signature.
  for (let i = 0; (await ok('requests.list', { inbox: 'orders' })).items.length === 0; i++) {
    if (i > 100) throw new Error('the sent event never reached the Orders inbox');
    await new Promise((r) => setTimeout(r, 100));
  }
});
/** Extra states per screen: each leaves the screen as it found it (dialogs closed). */
const STATES: Record<string, (page: Page, check: (where: string) => Promise<void>) => Promise<void>> = {
  async Inbox(page, check) {
    const list = page.getByRole('listbox', { name: 'Captured requests' });
    await list.getByRole('option').first().click();
    await page.getByRole('region', { name: 'Request detail' }).waitFor();
    await check('Inbox, request selected');
    await page.getByRole('tab', { name: /Signature/ }).click();
    await check('Inbox, signature tab');
    await page.getByRole('button', { name: /Forward/ }).click();
    await page.getByRole('dialog').waitFor();
    await check('Inbox, forward dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Inbox settings' }).click();
    await page.getByRole('dialog').waitFor();
    await check('Inbox, settings dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'New inbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'New inbox' });
    await dialog.getByLabel('Slug').fill('Bad Slug!');
    await dialog.locator('.field-error').first().waitFor();
    await check('Inbox, new inbox dialog with an error');
    // Esc on a filled form asks before throwing the typing away (issue 9): audit that too.
    await page.keyboard.press('Escape');
    const ask = page.getByRole('alertdialog', { name: 'Discard changes?' });
    await ask.waitFor();
    await check('Inbox, discard changes?');
    await ask.getByRole('button', { name: 'Discard' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // The switcher's menu, then an inbox with nothing captured yet (its empty state).
    await page.getByRole('button', { name: /switch inbox/ }).click();
    await page.getByRole('menuitem', { name: /Default/ }).waitFor();
    await check('Inbox, switcher menu');
    await page.getByRole('menuitem', { name: /Default/ }).click();
    await page.getByText('Send your first request').waitFor();
    await check('Inbox, empty inbox');
    await page.getByRole('button', { name: /switch inbox/ }).click();
    await page.getByRole('menuitem', { name: /Orders/ }).click();
    await list.getByRole('option').first().waitFor();
  },
  async Endpoints(page, check) {
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('URL').fill('not a url');
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.locator('.field-error').first().waitFor();
    await check('Endpoints, add dialog with errors');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'More actions for Orders service' }).click();
    await check('Endpoints, row menu');
    await page.getByRole('menuitem', { name: /Send test event/ }).click();
    await page.getByRole('dialog').waitFor();
    await check('Endpoints, test event dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
  },
  async 'Send event'(page, check) {
    await page
      .getByRole('option', { name: /transfer\.completed/ })
      .first()
      .click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Preview' }).textContent(), { timeout: 10_000 })
      .toContain('webhook-signature');
    await check('Send event, with preview');
    const editor = page.getByRole('textbox', { name: 'Payload editor' });
    await editor.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' oops');
    await expect
      .poll(() => page.getByRole('status', { name: 'Payload check' }).textContent())
      .toMatch(/line/);
    await check('Send event, payload error');
    await page.getByRole('button', { name: 'Template help' }).click();
    await check('Send event, template help');
    await page.keyboard.press('Escape');
  },
  async Deliveries(page, check) {
    const list = page.getByRole('listbox', { name: 'Deliveries' });
    await list
      .getByRole('option', { name: /Orders service/ })
      .first()
      .click();
    await page.getByRole('button', { name: /Attempt 1/ }).waitFor();
    await check('Deliveries, success selected');
    await list
      .getByRole('option', { name: /Billing webhook/ })
      .first()
      .click();
    await page.waitForTimeout(300);
    await check('Deliveries, failure selected');
  },
  async 'Signature lab'(page, check) {
    await page.getByRole('button', { name: 'Load example' }).click();
    await page.getByRole('menuitem', { name: 'GitHub' }).click();
    await page.getByTestId('verdict').waitFor();
    await check('Signature lab, example verdict');
    await page.getByRole('tab', { name: 'Sign' }).click();
    await check('Signature lab, sign');
    await page.getByRole('tab', { name: 'Verify' }).click();
  },
};

const SIZES = [
  { width: 960, height: 600 },
  { width: 1320, height: 860 },
];

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  it('has no serious or critical violations with the OS asking for more contrast and less motion', async () => {
    const failures: string[] = [];
    for (const scheme of ['light', 'dark'] as const) {
      const context = await env.browser.newContext({
        colorScheme: scheme,
        contrast: 'more',
        reducedMotion: 'reduce',
        viewport: SIZES[1],
        bypassCSP: true,
      });
      try {
        const page = await context.newPage();
        await page.goto(`${env.served.uiUrl}#/inbox/orders`);
        await page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option').first().click();
        // The prefers-contrast rules apply: secondary text is as dark as body text.
        const text2 = await page.evaluate(() =>
          (globalThis as any)
            .getComputedStyle((globalThis as any).document.documentElement)
            .getPropertyValue('--text-2'),
        );
        expect(text2.trim()).toBe(scheme === 'light' ? '#2e2e38' : '#dcdce6');
        // prefers-reduced-motion: transitions are cut to nothing (a pane handle's highlight here).
        const motion = await page.evaluate(
          () =>
            (globalThis as any).getComputedStyle(
              (globalThis as any).document.querySelector('.pane-resizer'),
              '::after',
            ).transitionDuration,
        );
        expect(motion).toBe('1e-05s');
        const nav = page.getByRole('navigation', { name: 'Main' });
        for (const name of REQUIRED) {
          await nav.getByRole('link', { name, exact: true }).click();
          await page.getByRole('heading', { level: 1 }).first().waitFor();
          failures.push(...(await audit(page, `${scheme} contrast:more ${name}`)));
        }
      } finally {
        await context.close();
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  for (const scheme of ['light', 'dark'] as const)
    for (const size of SIZES)
      it(`has no serious or critical violations, ${scheme}, ${size.width}×${size.height}`, async () => {
        let context: BrowserContext | undefined;
        try {
          context = await env.browser.newContext({ colorScheme: scheme, viewport: size, bypassCSP: true });
          const page = await context.newPage();
          const errors = trackErrors(page);
          const failures: string[] = [];
          const check = async (where: string) => {
            failures.push(...(await audit(page, `${scheme} ${size.width}×${size.height} ${where}`)));
          };
          await page.goto(`${env.served.uiUrl}#/inbox/orders`);
          await page
            .getByRole('listbox', { name: 'Captured requests' })
            .getByRole('option')
            .first()
            .waitFor();

          const nav = page.getByRole('navigation', { name: 'Main' });
          const names = (await nav.getByRole('link').allTextContents())
            .map((t) => t.trim())
            .filter((t) => t !== 'Skip to content');
          expect(names).toEqual(expect.arrayContaining(REQUIRED));
          for (const name of names) {
            await nav.getByRole('link', { name, exact: true }).click();
            await expect
              .poll(() => nav.getByRole('link', { name, exact: true }).getAttribute('aria-current'))
              .toBe('page');
            await page.getByRole('heading', { level: 1 }).first().waitFor();
            await check(name);
            await STATES[name]?.(page, check);
          }
          await page
            .getByRole('button', { name: /About Hookbench|Hookbench/ })
            .first()
            .click();
          await page.getByRole('dialog').waitFor();
          await check('About dialog');
          await page.keyboard.press('Escape');

          expect(failures, failures.join('\n')).toEqual([]);
          expect(errors).toEqual([]);
        } finally {
          await context?.close();
        }
      }, 150_000);
});
