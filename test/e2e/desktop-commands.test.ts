import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

// The app commands (src/shared/commands.ts) that the desktop menu sends, run by the UI. In the
// browser the UI reads the same shortcuts from the keyboard, except those the browser keeps.
const env = useServedBrowser();

describe('app commands in the browser', () => {
  it('finds in the list, opens Send and Settings from the keyboard, and leaves the browser its own keys', async () => {
    const page = await env.browser.newPage({ viewport: { width: 1320, height: 860 } });
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    await page.getByLabel('Search headers and body').waitFor();

    await page.keyboard.press('Control+f');
    expect(await page.evaluate("document.activeElement?.getAttribute('aria-label')")).toBe(
      'Search headers and body',
    );

    await page.keyboard.press('Control+e');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/send');
    await page.keyboard.press('Control+,');
    await expect.poll(() => page.evaluate('location.hash')).toBe('#/settings');
    // Ctrl+1…5 switch browser tabs: the page leaves them alone.
    await page.keyboard.press('Control+1');
    expect(await page.evaluate('location.hash')).toBe('#/settings');
    expect(errors).toEqual([]);
    await page.close();
  });
});
