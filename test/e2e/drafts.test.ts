import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { unreachable } from './helpers/reach';
import { useServedBrowser } from './helpers/served-browser';

/** Closing a dialog never loses what was typed by surprise. */
const env = useServedBrowser();
let page: Page;

beforeAll(async () => {
  page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
});

describe('dialog drafts', () => {
  it('the endpoint dialog keeps its draft after Esc and after a click outside, until discarded', async () => {
    await page.goto(`${env.served.uiUrl}#/endpoints`);
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    let dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('Nickname').fill('Billing (staging)');
    await dialog.getByLabel('URL').fill('https://billing.example.com/hooks');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await expect.poll(() => dialog.getByLabel('Nickname').inputValue()).toBe('Billing (staging)');
    expect(await dialog.getByLabel('URL').inputValue()).toBe('https://billing.example.com/hooks');
    await dialog.getByText('Your unsaved draft is back.').waitFor();

    // A click on the overlay keeps it too.
    await dialog.getByLabel('Nickname').fill('Billing (staging) v2');
    await page.mouse.click(5, 5);
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await expect.poll(() => dialog.getByLabel('Nickname').inputValue()).toBe('Billing (staging) v2');

    // Cancel asks; "Keep editing" keeps the form open and filled.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const ask = page.getByRole('alertdialog', { name: 'Discard changes?' });
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('Nickname').inputValue()).toBe('Billing (staging) v2');
    // "Discard" empties it for good.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add endpoint' }).first().click();
    dialog = page.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('Nickname').waitFor();
    expect(await dialog.getByLabel('Nickname').inputValue()).toBe('');
    // An untouched form closes without a question.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('alertdialog').count()).toBe(0);
  });

  it('a refused save brings the field in error into view, in words a person uses', async () => {
    const small = await env.browser.newPage({ viewport: { width: 960, height: 600 } });
    await small.goto(`${env.served.uiUrl}#/endpoints`);
    await small.getByRole('button', { name: 'Add endpoint' }).first().click();
    const dialog = small.getByRole('dialog', { name: 'Add endpoint' });
    await dialog.getByLabel('Nickname').fill('No URL yet');
    await dialog.locator('.endpoint-dialog-body').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    await dialog.getByText(/fields? needs? a look/).waitFor();
    const error = dialog.locator('.field-error').first();
    await expect.poll(() => unreachable(error, { scroll: false })).toBeNull();
    expect(await error.textContent()).not.toMatch(/expected|received|Too (big|small)/);
    expect(await small.evaluate(() => (document.activeElement as HTMLInputElement | null)?.tagName)).toBe(
      'INPUT',
    );
    await small.close();

    // An inbox answer outside 100-599 is flagged next to its field, not saved.
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    await page.getByRole('button', { name: 'Inbox settings' }).click();
    const settings = page.getByRole('dialog', { name: /settings/i });
    await settings.getByLabel('Default status', { exact: true }).fill('999');
    await settings.getByText('A status is a whole number from 100 to 599.').waitFor();
    await settings.getByRole('button', { name: 'Save' }).click();
    await settings.getByText('An answer needs a look').waitFor();
    const inboxes = (await env.served.call('inboxes.list')).body.items;
    expect(inboxes.find((i: { slug: string }) => i.slug === 'default').response.status).toBe(200);
    await settings.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Discard' }).click();
  });

  it('a filled form in any other dialog asks "Discard changes?" on Esc', async () => {
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    await page.getByRole('button', { name: 'New inbox' }).click();
    const dialog = page.getByRole('dialog', { name: 'New inbox' });
    await dialog.getByLabel('Name').fill('Stripe test');
    await page.keyboard.press('Escape');
    const ask = page.getByRole('alertdialog', { name: 'Discard changes?' });
    await ask.waitFor();
    await page.keyboard.press('Escape'); // Esc on the question keeps editing
    await ask.waitFor({ state: 'detached' });
    expect(await dialog.getByLabel('Name').inputValue()).toBe('Stripe test');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await ask.getByRole('button', { name: 'Discard' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Inbox settings' }).click();
    const settings = page.getByRole('dialog', { name: /settings/i });
    await settings.getByRole('tab', { name: /Limits/ }).click();
    await settings.getByLabel('Inbox name').fill('Renamed but not saved');
    await page.keyboard.press('Escape');
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    expect(await settings.getByLabel('Inbox name').inputValue()).toBe('Renamed but not saved');
  });
});
