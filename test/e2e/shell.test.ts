import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

const env = useServedBrowser();

describe('app shell in the browser', () => {
  it('keeps a changed setting across a reload', async () => {
    const context = await env.browser.newContext({ colorScheme: 'light' });
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl);
    // The token moves from the URL into storage and disappears from the address bar.
    await expect.poll(() => page.url()).not.toContain('token=');
    await page.getByRole('link', { name: 'Settings' }).click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('light');
    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');

    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await expect.poll(() => page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    expect(await page.getByRole('radio', { name: 'Dark' }).getAttribute('aria-checked')).toBe('true');
    // The API agrees with what the screen shows.
    expect((await env.served.call('settings.get')).body.theme).toBe('dark');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('follows a setting changed elsewhere, live', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.served.uiUrl}#/settings`);
    await page.getByRole('radio', { name: 'Relative' }).waitFor();
    await expect.poll(() => page.locator('.dot-open').count()).toBe(1);
    await env.served.call('settings.update', { timeFormat: 'utc' });
    await expect.poll(() => page.getByRole('radio', { name: 'UTC' }).getAttribute('aria-checked')).toBe('true');
    await page.close();
  });

  it('sets delivery pacing from the Settings screen', async () => {
    const page = await env.browser.newPage();
    await page.goto(`${env.served.uiUrl}#/settings`);
    await page.getByRole('radio', { name: '100×' }).click();
    await expect.poll(async () => (await env.served.call('settings.get')).body.dispatchTimeCompression).toBe(100);
    const failures = page.getByLabel('Failed deliveries before disabling');
    await failures.fill('3');
    await failures.press('Enter');
    await expect.poll(async () => (await env.served.call('settings.get')).body.dispatchDisableAfterFailures).toBe(3);
    // A value out of range is refused and springs back; nothing changes.
    await failures.fill('-4');
    await failures.press('Enter');
    await expect.poll(() => failures.inputValue()).toBe('3');
    expect((await env.served.call('settings.get')).body.dispatchDisableAfterFailures).toBe(3);
    await env.served.call('settings.update', { dispatchTimeCompression: 1 });
    await page.close();
  });

  it('shows the about dialog with the version', async () => {
    const page = await env.browser.newPage();
    await page.goto(env.served.uiUrl);
    await page.getByTitle('About Hookbench').click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.textContent()).toMatch(/Version \d+\.\d+\.\d+/);
    await expect.poll(() => dialog.textContent()).toContain(env.served.dataDir);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    await page.close();
  });

  it('asks for the token when it is missing and connects once given', async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(env.served.url);
    await page.getByRole('heading', { name: 'Connect to Hookbench' }).waitFor();
    await page.getByLabel('API token').fill('wrong');
    // Connect stores the token and reloads; with a wrong one the reloaded page asks again.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Connect' }).click()]);
    const stored = (await context.storageState()).origins.flatMap((o) => o.localStorage);
    expect(stored).toContainEqual({ name: 'hookbench.token', value: 'wrong' });
    await page.getByRole('heading', { name: 'Connect to Hookbench' }).waitFor();
    expect(await page.getByLabel('API token').inputValue()).toBe('');
    expect(await page.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
    await page.getByLabel('API token').fill(env.served.token);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await expect.poll(() => page.locator('.dot-open').count()).toBe(1);
    await context.close();
  });
});
