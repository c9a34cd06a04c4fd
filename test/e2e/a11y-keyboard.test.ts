import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 14: the send → receive → verify loop with the keyboard alone (no click, no pointer), in
 * Chromium against the real `hookbench serve`; the skip link, focus into a dialog and back, the
 * live region's announcements; and 200% zoom at 960×600 without losing the screens' controls.
 */

const env = useServedBrowser();
const { ok } = env;

interface Focused {
  tag: string;
  role: string | null;
  label: string | null;
  text: string;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = (globalThis as any).document.activeElement;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      role: el?.getAttribute('role') ?? null,
      label: el?.getAttribute('aria-label') ?? null,
      text: (el?.innerText ?? '').trim().replace(/\s+/g, ' ').slice(0, 120),
    };
  });

/** Presses Tab (or Shift+Tab) until the focused element matches; fails after `max` presses. */
async function tabTo(
  page: Page,
  match: (f: Focused) => boolean,
  what: string,
  opts: { back?: boolean; max?: number } = {},
) {
  const seen: string[] = [];
  for (let i = 0; i < (opts.max ?? 80); i++) {
    // A code editor keeps Tab for indenting; Escape first lets the next Tab leave it (CodeMirror).
    if (await page.evaluate(() => !!(globalThis as any).document.activeElement?.closest('.cm-editor')))
      await page.keyboard.press('Escape');
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (match(f)) return f;
    seen.push(`${f.tag}${f.role ? `[${f.role}]` : ''} ${f.label ?? f.text.slice(0, 30)}`);
  }
  throw new Error(`Tab never reached ${what}; focus went through:\n  ${seen.join('\n  ')}`);
}

beforeAll(async () => {
  const base = (await ok('receiver.status')).http.baseUrl;
  const ep = await ok('endpoints.create', {
    name: 'Keyboard service',
    url: `${base}/default/hooks`,
    topics: ['transfer.*'],
  });
  await ok('inboxes.update', {
    slug: 'default',
    verify: { scheme: 'standard-webhooks', secrets: [ep.secret] },
  });
});

describe('keyboard only', () => {
  it('sends an event, receives it and verifies its signature without a pointer', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1320, height: 860 } });
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(`${env.served.uiUrl}#/send`);
    await page.getByRole('heading', { name: 'Send event' }).waitFor();
    await page
      .getByRole('option', { name: /transfer\.completed/ })
      .first()
      .waitFor();

    // The first Tab stop is the skip link, shown when focused; it moves focus to the screen.
    await page.keyboard.press('Tab');
    expect((await focused(page)).text).toBe('Skip to content');
    const skip = await page.getByRole('link', { name: 'Skip to content' }).boundingBox();
    expect(skip!.y).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect((await focused(page)).tag).toBe('main');

    // Send: search the catalog, pick the event, send it.
    await tabTo(page, (f) => f.label === 'Search events', 'the catalog search');
    await page.keyboard.type('transfer.completed');
    await tabTo(
      page,
      (f) => f.role === 'option' && f.text.startsWith('transfer.completed'),
      'the transfer.completed event',
    );
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('region', { name: 'Preview' }).textContent(), { timeout: 10_000 })
      .toContain('webhook-signature');
    await tabTo(page, (f) => f.tag === 'button' && f.text === 'Send', 'the Send button');
    await page.keyboard.press('Enter');
    await page.getByText('Queued 1 delivery').first().waitFor();

    // The live region says what arrived and how the delivery went, without moving focus.
    const live = page.getByTestId('live-announcer');
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toMatch(/1 new request in default\./);
    await expect.poll(() => live.textContent(), { timeout: 10_000 }).toMatch(/1 delivery succeeded\./);

    // Receive: back to the sidebar, open the Inbox.
    await tabTo(page, (f) => f.tag === 'a' && f.text === 'Inbox', 'the Inbox link', { back: true });
    await page.keyboard.press('Enter');
    const list = page.getByRole('listbox', { name: 'Captured requests' });
    await list.getByRole('option').first().waitFor();
    await tabTo(page, (f) => f.role === 'listbox' && f.label === 'Captured requests', 'the request list');
    await page.keyboard.press('Home');
    const first = list.getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    // The selected row is the list's active descendant, so a screen reader reads it.
    expect(await list.getAttribute('aria-activedescendant')).toBe(await first.getAttribute('id'));
    expect(await first.textContent()).toContain('/hooks');

    // Verify: the detail's tabs, by arrow keys, to the Signature tab.
    await tabTo(page, (f) => f.role === 'tab', 'the request tabs');
    // End goes to the last tab (Forwards); the one before it is Signature.
    await page.keyboard.press('End');
    await expect.poll(async () => (await focused(page)).text).toMatch(/Forwards/);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(async () => (await focused(page)).text).toMatch(/Signature/);
    await expect
      .poll(() => page.getByRole('tabpanel').getByRole('status').first().textContent())
      .toContain('Valid signature');

    // A dialog takes focus when it opens and gives it back to its button when it closes.
    const fwd = await tabTo(
      page,
      (f) => f.tag === 'button' && f.text.startsWith('Forward'),
      'the Forward button',
      {
        back: true,
      },
    );
    expect(fwd.text).toMatch(/Forward/);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((d) => d.contains((globalThis as any).document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await focused(page)).text).toMatch(/^Forward/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a keyboard user leave a code editor: Tab indents, Esc then Tab moves on, Ctrl+M switches, and the hint says so', async () => {
    const context = await env.browser.newContext({ viewport: { width: 1320, height: 860 } });
    const page = await context.newPage();
    const errors = trackErrors(page);
    const inEditor = () =>
      page.evaluate(() => !!(globalThis as any).document.activeElement?.closest('.cm-editor'));
    await page.goto(`${env.served.uiUrl}#/send`);
    await page
      .getByRole('option', { name: /transfer\.completed/ })
      .first()
      .click();
    const editor = page.getByRole('textbox', { name: 'Payload editor' });
    await editor.focus();
    const hint = page.locator('.send-code .code-editor-hint');
    // Off focus the hint stays in the page as the description, clipped to a pixel.
    const hintShown = async () => ((await hint.boundingBox())?.width ?? 0) > 40;
    // The way out is written next to the editor while it has focus, and is its description.
    await expect.poll(hintShown).toBe(true);
    expect(await hint.textContent()).toBe('Tab indents. To leave: Esc, then Tab (Ctrl+M: Tab moves focus).');
    const describedBy = await editor.getAttribute('aria-describedby');
    expect(describedBy).toBe(await hint.getAttribute('id'));

    // Tab indents the line and keeps focus in the editor.
    await page.keyboard.press('Home');
    const before = await editor.textContent();
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(true);
    await expect.poll(() => editor.textContent()).not.toBe(before);
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => editor.textContent()).toBe(before);
    expect(await inEditor()).toBe(true);

    // Esc, then Tab: focus moves on to the next control, and the text is left as it was.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(false);
    expect(await editor.textContent()).toBe(before);
    // Shift+Tab comes back in; the hint hides again once focus has gone elsewhere.
    await page.keyboard.press('Shift+Tab');
    expect(await inEditor()).toBe(true);

    // Ctrl+M: Tab moves focus, both ways, until Ctrl+M again.
    await page.keyboard.press('Control+m');
    await expect.poll(() => hint.textContent()).toBe('Tab moves focus. Ctrl+M: Tab indents.');
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(false);
    expect(await hintShown()).toBe(false);
    await page.keyboard.press('Shift+Tab');
    expect(await inEditor()).toBe(true);
    await page.keyboard.press('Shift+Tab');
    expect(await inEditor()).toBe(false);
    await editor.focus();
    await page.keyboard.press('Control+m');
    await expect.poll(() => hint.textContent()).toMatch(/^Tab indents\./);
    await page.keyboard.press('Tab');
    expect(await inEditor()).toBe(true);

    // In a dialog, Esc would close the dialog: the first Esc in its editor only opens the way
    // out (Tab then stays in the dialog), a second Esc closes the dialog as usual.
    await page
      .getByRole('complementary', { name: 'Event catalog' })
      .getByRole('button', { name: 'New' })
      .click();
    const dialog = page.getByRole('dialog', { name: 'New event type' });
    const sample = dialog.getByRole('textbox', { name: 'Sample payload' });
    await sample.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await dialog.isVisible()).toBe(true);
    expect(await inEditor()).toBe(false);
    expect(await dialog.evaluate((d) => d.contains((globalThis as any).document.activeElement))).toBe(true);
    await sample.focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // A read-only viewer does not take Tab at all, and carries no hint.
    expect(await page.locator('.code-editor-hint').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows focus, the selected request and the current screen in forced colours (Windows High Contrast)', async () => {
    const context = await env.browser.newContext({
      viewport: { width: 1320, height: 860 },
      forcedColors: 'active',
    });
    const page = await context.newPage();
    await fetch(`${env.served.receiverUrl}/default/forced-colours`, { method: 'POST', body: '{}' });
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    const list = page.getByRole('listbox', { name: 'Captured requests' });
    await list.getByRole('option').first().waitFor();
    const style = (el: ReturnType<Page['locator']>) =>
      el.evaluate((node) => {
        const cs = (globalThis as any).getComputedStyle(node);
        return {
          outline: `${cs.outlineStyle} ${cs.outlineWidth}`,
          background: cs.backgroundColor,
          color: cs.color,
        };
      });
    // The system's highlight colours, as this browser resolves them.
    const system = await page.evaluate(() => {
      const d = (globalThis as any).document.createElement('div');
      d.style.cssText = 'forced-color-adjust:none;background:Highlight;color:HighlightText';
      (globalThis as any).document.body.append(d);
      const cs = (globalThis as any).getComputedStyle(d);
      const r = { highlight: cs.backgroundColor, text: cs.color };
      d.remove();
      return r;
    });
    expect(await page.evaluate(() => (globalThis as any).matchMedia('(forced-colors: active)').matches)).toBe(
      true,
    );

    await tabTo(page, (f) => f.role === 'listbox' && f.label === 'Captured requests', 'the request list');
    expect((await style(list)).outline).toBe('solid 2px');
    await page.keyboard.press('Home');
    const first = list.getByRole('option').first();
    await expect.poll(() => first.getAttribute('aria-selected')).toBe('true');
    expect(await style(first)).toMatchObject({ background: system.highlight, color: system.text });
    const current = page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Inbox', exact: true });
    expect(await style(current)).toMatchObject({ background: system.highlight, color: system.text });
    // A text field keeps a visible ring (its own is a box-shadow, which forced colours drop).
    await page.getByRole('link', { name: 'Send event', exact: true }).click();
    const search = page.getByRole('textbox', { name: 'Search events' });
    await search.focus();
    expect((await style(search)).outline).toBe('solid 2px');
    await context.close();
  });

  it('keeps every screen’s title and header actions reachable at 200% zoom in a 960×600 window', async () => {
    // 200% zoom of a 960×600 window is a 480×300 CSS-pixel viewport.
    const context = await env.browser.newContext({ viewport: { width: 480, height: 300 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(`${env.served.uiUrl}#/inbox/default`);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const names = (await nav.getByRole('link').allTextContents())
      .map((t) => t.trim())
      .filter((t) => t !== 'Skip to content');
    const lost: string[] = [];
    for (const name of names) {
      await nav.getByRole('link', { name, exact: true }).focus();
      await page.keyboard.press('Enter');
      const h1 = page.getByRole('heading', { level: 1 }).first();
      await h1.waitFor();
      // Every control in the screen's header can be scrolled to and is not clipped away.
      const controls = page
        .locator('main .area-header')
        .first()
        .locator('button, a, input, select, [role="tab"]');
      for (const el of [h1, ...(await controls.all())]) {
        if (!(await el.isVisible())) continue;
        await el.scrollIntoViewIfNeeded();
        const box = await el.boundingBox();
        const clipped = await el.evaluate((node) => {
          const r = node.getBoundingClientRect();
          const cx = Math.min(Math.max(r.left + r.width / 2, 0), (globalThis as any).innerWidth - 1);
          const cy = Math.min(Math.max(r.top + r.height / 2, 0), (globalThis as any).innerHeight - 1);
          const hit = (globalThis as any).document.elementFromPoint(cx, cy);
          return !(hit && (node.contains(hit) || hit.contains(node)));
        });
        if (!box || box.width < 1 || clipped)
          lost.push(
            `${name}: ${(await el.textContent())?.trim().slice(0, 40) || (await el.getAttribute('aria-label'))}`,
          );
      }
    }
    expect(lost, lost.join('\n')).toEqual([]);
    await context.close();
  });
});
