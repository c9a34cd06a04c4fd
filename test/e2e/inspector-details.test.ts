import zlib from 'node:zlib';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 9 item 9, in Chromium against the real `hookbench serve` at the smallest window: the End
 * key reaches the oldest request past the loaded pages, per-inbox numbers, the Query tab, search
 * inside a gzip body, and the refused-requests list.
 */

const env = useServedBrowser();
let receiver: string;
let page: Page;
let errors: string[];

const list = () => page.getByRole('listbox', { name: 'Captured requests' });

beforeAll(async () => {
  receiver = (await env.served.call('receiver.status')).body.baseUrls[0];
  const context = await env.browser.newContext({ viewport: { width: 960, height: 600 } });
  page = await context.newPage();
  errors = trackErrors(page);
});

describe('inspector details', () => {
  it('End selects the real oldest request (#1) of a 450-request inbox, past the first page', async () => {
    expect((await env.served.call('inboxes.create', { slug: 'many', name: 'Many' })).status).toBe(200);
    await env.served.call('inboxes.create', { slug: 'noise', name: 'Noise' });
    await fetch(`${receiver}/noise/first`, { method: 'POST', body: 'n' }); // ids and numbers differ
    for (let i = 0; i < 450; i += 50)
      await Promise.all(Array.from({ length: 50 }, (_, k) => fetch(`${receiver}/many/r${i + k}`, { method: 'POST', body: String(i + k) })));
    const oldest = await env.served.call('requests.list', { inbox: 'many', limit: 1000 });
    expect(oldest.body.total).toBe(450);
    const first = oldest.body.items[449];
    expect(first.number).toBe(1);
    await page.goto(`${env.served.uiUrl}#/inbox/many`);
    await expect.poll(() => page.getByTestId('request-count').innerText()).toMatch(/450 requests · 200 loaded/);
    await list().focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('.detail-sub').innerText(), { timeout: 15_000 }).toMatch(/^#1\b/);
    expect(await page.locator('.detail-head h2').innerText()).toBe(first.path);
    await expect.poll(() => page.getByTestId('request-count').innerText()).toBe('450 requests');
    // The selected row is in view and shows the same number.
    const row = page.locator(`#req-${first.id}`);
    expect(await row.isVisible()).toBe(true);
    expect(await row.innerText()).toMatch(/#1$/);
  });

  it('shows the query as a table, searches inside a gzip body, and lists refused requests live', async () => {
    await env.served.call('inboxes.create', { slug: 'details', name: 'Details' });
    await fetch(`${receiver}/details/hook?tag=a&tag=b+c&name=J%C3%B6rg`, { method: 'POST', body: '{}' });
    await fetch(`${receiver}/details/zipped`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
      body: zlib.gzipSync(JSON.stringify({ fruit: 'pineapple' })),
    });
    const items = (await env.served.call('requests.list', { inbox: 'details' })).body.items;
    const hook = items.find((i: { path: string }) => i.path === '/hook');
    await page.goto(`${env.served.uiUrl}#/inbox/details/${hook.id}`);
    await page.getByRole('tab', { name: /Query/ }).click();
    const table = page.getByRole('table', { name: 'Query parameters' });
    await expect.poll(() => table.getByRole('row').count()).toBe(4);
    expect(await table.getByRole('row').nth(2).innerText()).toMatch(/tag\s*2 of 2\s*b c/);
    expect(await table.getByRole('row').nth(3).innerText()).toMatch(/name\s*Jörg/);

    await page.getByRole('searchbox', { name: 'Search headers and body' }).fill('pineapple');
    await expect.poll(() => page.getByTestId('request-count').innerText()).toBe('1 matching');
    expect(await list().getByRole('option').first().innerText()).toMatch(/\/zipped/);
    expect((await env.served.call('requests.list', { inbox: 'details', query: 'pineapple' })).body.decodedSearch).toEqual({ searched: 1, complete: true });

    // A refused request shows up without a reload, with its reason.
    expect(await page.getByRole('button', { name: /refused/ }).count()).toBe(0);
    expect((await fetch(`${receiver}/missing-inbox/x`, { method: 'POST', body: 'x' })).status).toBe(404);
    await page.getByRole('button', { name: '1 refused' }).click();
    const dialog = page.getByRole('dialog', { name: 'Refused requests' });
    await expect.poll(() => dialog.innerText()).toMatch(/404[\s\S]*POST \/missing-inbox\/x[\s\S]*There is no inbox "missing-inbox"/);
    const rejected = await env.served.call('requests.rejected', { inbox: 'details' });
    expect(rejected.body.total).toBe(1);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});
