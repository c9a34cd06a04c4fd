import crypto from 'node:crypto';
import fs from 'node:fs';
import type { BrowserContext, Page } from 'playwright';
import { request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 3 "Done when", driven through the real UI in Chromium against the real `hookbench serve`:
 * live capture, byte-exact headers and body, signature verdicts, a rule's 500-500-200 sequence,
 * HAR export.
 */

const env = useServedBrowser();
let receiver: string;
let context: BrowserContext;
let page: Page;
let errors: string[];

const list = () => page.getByRole('listbox', { name: 'Captured requests' });
const rows = () => list().getByRole('option');

async function openInbox(slug: string) {
  await page.goto(`${env.served.uiUrl}#/inbox/${slug}`);
  await page.getByRole('button', { name: 'Switch inbox' }).waitFor();
  await expect.poll(() => page.locator('.dot-open').count()).toBe(1);
}

async function createInbox(slug: string) {
  const res = await env.served.call('inboxes.create', { slug, name: slug });
  expect(res.status).toBe(200);
}

/** The bytes shown by the Body tab's hex view, parsed back from the dump. */
async function hexViewBytes(): Promise<Buffer> {
  await page.getByRole('radio', { name: 'Hex' }).click();
  const dump = await page.getByRole('textbox', { name: 'Request body' }).innerText();
  const bytes: number[] = [];
  for (const line of dump.split('\n')) {
    const m = /^[0-9a-f]{8} {2}(.{48})/.exec(line);
    if (m) for (const h of m[1].trim().split(/\s+/)) if (h) bytes.push(parseInt(h, 16));
  }
  return Buffer.from(bytes);
}

beforeAll(async () => {
  const status = await env.served.call('receiver.status');
  receiver = status.body.baseUrls[0];
  expect(receiver).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  context = await env.browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await context.newPage();
  errors = trackErrors(page);
});

describe('inspector in the browser', () => {
  it('shows a request live, with its headers and body exactly as sent', async () => {
    await createInbox('live');
    await openInbox('live');
    await page.getByText('Waiting for the first request…').waitFor();
    // The empty state offers a ready-to-copy command with this inbox's URL.
    await expect.poll(() => page.locator('.empty-inbox').textContent()).toContain(`${receiver}/live/`);

    const body = Buffer.from(
      '{"event":"order.paid",  "amount": 12.5,\n "note":"caf\u00e9 \u{1F600}"}\n',
      'utf8',
    );
    const sentAt = Date.now();
    const res = await request(`${receiver}/live/orders/42?source=e2e&x=%20y`, {
      method: 'POST',
      // A flat list keeps the order, the case, and the repeated header as two lines.
      headers: [
        'Content-Type',
        'application/json',
        'X-Dup',
        'first',
        'x-MiXeD-CaSe',
        'Value  With  Spaces',
        'X-Dup',
        'second',
      ],
      body,
    });
    expect(res.statusCode).toBe(200);
    await res.body.text();

    // Appears without a reload.
    const row = rows().filter({ hasText: '/orders/42' });
    await row.waitFor({ timeout: 3000 });
    console.log(`live request shown ${Date.now() - sentAt} ms after it was answered`);
    await expect.poll(() => page.getByTestId('request-count').textContent()).toContain('1 request');

    await row.click();
    await page.getByRole('tab', { name: /^Headers/ }).click();
    const table = page.getByRole('table', { name: 'Headers' });
    const shown = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = tr.querySelectorAll('td');
        return [cells[1].childNodes[0].textContent, cells[2].textContent] as [string, string];
      }),
    );
    const mine = shown.filter(([k]) => ['content-type', 'x-dup', 'x-mixed-case'].includes(k!.toLowerCase()));
    expect(mine).toEqual([
      ['Content-Type', 'application/json'],
      ['X-Dup', 'first'],
      ['x-MiXeD-CaSe', 'Value  With  Spaces'],
      ['X-Dup', 'second'],
    ]);
    // The repeated header is marked as such.
    expect(await table.getByTitle('This header appears more than once').count()).toBe(2);

    await page.getByRole('tab', { name: 'Body' }).click();
    expect((await hexViewBytes()).equals(body)).toBe(true);
    await page.getByRole('radio', { name: 'Text' }).click();
    await page.getByRole('button', { name: 'Copy body' }).click();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(body.toString('utf8'));

    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect
      .poll(() => page.locator('.overview').textContent())
      .toContain(`${receiver}/live/orders/42?source=e2e&x=%20y`);
    expect(errors).toEqual([]);
  });

  it('shows a signed request as valid and a tampered one as invalid, with the reason', async () => {
    await createInbox('signed');
    await openInbox('signed');
    const secret = 'It\u2019s a Secret to Everybody';
    // Set up verification through the inbox settings.
    await page.getByRole('button', { name: 'Inbox settings' }).click();
    await page.getByRole('tab', { name: 'Verification' }).click();
    await page.getByRole('switch', { name: 'Verify signatures' }).click();
    await page.getByLabel('Scheme').selectOption('github');
    await page.getByLabel('Secret 1', { exact: true }).fill(secret);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const inbox = (await env.served.call('inboxes.list')).body.items.find(
      (i: { slug: string }) => i.slug === 'signed',
    );
    expect(inbox.verify).toMatchObject({ scheme: 'github', secrets: [secret] });

    const payload = '{"action":"opened","number":1}';
    const signature = `sha256=${crypto.createHmac('sha256', secret).update(payload).digest('hex')}`;
    const send = (path: string, b: string) =>
      fetch(`${receiver}/signed${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signature },
        body: b,
      });
    expect((await send('/good', payload)).status).toBe(200);
    expect((await send('/tampered', payload.replace('1}', '2}'))).status).toBe(200);

    const good = rows().filter({ hasText: '/good' });
    const bad = rows().filter({ hasText: '/tampered' });
    await good.waitFor();
    await bad.waitFor();
    await expect.poll(() => good.textContent()).toContain('valid');
    expect(await good.textContent()).not.toContain('invalid');
    await expect.poll(() => bad.textContent()).toContain('invalid');

    await bad.click();
    await page.getByRole('tab', { name: /^Signature/ }).click();
    const verdict = page.getByRole('status').filter({ hasText: 'Invalid signature' });
    await verdict.waitFor();
    const items = (await env.served.call('requests.list', { inbox: 'signed' })).body.items;
    const tampered = items.find((i: { path: string }) => i.path === '/tampered');
    expect(tampered.signature.status).toBe('invalid');
    expect(tampered.signature.reason).toBeTruthy();
    expect(await verdict.textContent()).toContain(tampered.signature.reason);
    // What was received against what the secret gives, and the exact signed string.
    const expected = `sha256=${crypto.createHmac('sha256', secret).update(payload.replace('1}', '2}')).digest('hex')}`;
    await expect.poll(() => page.locator('.sig-facts').textContent()).toContain(expected);
    expect(await page.locator('.sig-facts').textContent()).toContain(signature);
    expect(await page.getByLabel('Signed content', { exact: true }).textContent()).toBe(
      payload.replace('1}', '2}'),
    );

    await good.click();
    await page.getByRole('status').filter({ hasText: 'Valid signature' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('answers 500, 500, then 200 with a sequence rule set up in the UI', async () => {
    await createInbox('flaky');
    await openInbox('flaky');
    await page.getByRole('button', { name: 'Inbox settings' }).click();
    await page.getByRole('tab', { name: 'Responses' }).click();
    await page.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('menuitem', { name: '500, 500, then 200 (retry test)' }).click();
    await page.getByTestId('rule').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${receiver}/flaky/hook`, { method: 'POST', body: `{"attempt":${i + 1}}` });
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([500, 500, 200, 200]);
    // The list shows what each attempt got, newest first.
    await expect.poll(() => rows().count()).toBe(4);
    const shown = await rows().locator('.badge.status').allTextContents();
    expect(shown.map((s) => s.trim())).toEqual(['200', '200', '500', '500']);
    expect(errors).toEqual([]);
  });

  it('exports the inbox as a HAR file that parses and holds the request', async () => {
    await openInbox('live');
    await rows().first().waitFor();
    await page.getByRole('button', { name: 'List actions' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Export all as HAR' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.har$/);
    const har = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(1);
    const entry = har.log.entries[0];
    expect(entry.request.method).toBe('POST');
    expect(entry.request.url).toBe(`${receiver}/live/orders/42?source=e2e&x=%20y`);
    expect(entry.request.postData.text).toContain('"note":"caf\u00e9 \u{1F600}"');
    const names = entry.request.headers.map((h: { name: string }) => h.name);
    expect(names).toContain('x-MiXeD-CaSe');
    expect(errors).toEqual([]);
  });
});
