import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Page } from 'playwright';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 7, item 3 in the browser UI against the real `hookbench serve`: a body larger than what
 * requests.get inlines, and a compressed body whose decoded form is larger than its preview, are
 * downloaded whole from the Body tab's banner (streamed by the host with the token).
 */
const MiB = 1024 * 1024;
const env = useServedBrowser();
let page: Page;
let errors: string[];
const raw = crypto.randomBytes(3 * MiB + 7);
const decoded = Buffer.alloc(6 * MiB, 'hookbench ');

beforeAll(async () => {
  const receiver = (await env.served.call('receiver.status')).body.baseUrls[0] as string;
  expect((await fetch(`${receiver}/default/raw`, { method: 'POST', body: raw })).status).toBe(200);
  const gz = zlib.gzipSync(decoded);
  expect(
    (
      await fetch(`${receiver}/default/gz`, {
        method: 'POST',
        headers: { 'content-encoding': 'gzip', 'content-type': 'text/plain' },
        body: gz,
      })
    ).status,
  ).toBe(200);
  const context = await env.browser.newContext({ viewport: { width: 1320, height: 860 }, acceptDownloads: true });
  page = await context.newPage();
  errors = trackErrors(page);
  await page.goto(`${env.served.uiUrl}#/inbox/default`);
});
const bytesOf = async (click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: download.suggestedFilename(), bytes: fs.readFileSync((await download.path())!) };
};

describe('downloading whole bodies from the Body tab', () => {
  it('the decoded body of a compressed request, past its preview', async () => {
    await page.getByRole('option').filter({ hasText: '/gz' }).click();
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.getByText('Showing the first 1.0 MiB of the decoded body', { exact: false }).waitFor();
    const got = await bytesOf(() => page.getByRole('button', { name: 'Download decoded body' }).click());
    expect(got.name).toMatch(/body-decoded\.bin$/);
    expect(got.bytes.equals(decoded)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('the whole raw body when only its first bytes are inlined', async () => {
    await page.getByRole('option').filter({ hasText: '/raw' }).click();
    await page.getByRole('tab', { name: 'Body' }).click();
    await page.getByRole('button', { name: 'Download the whole body' }).waitFor();
    const got = await bytesOf(() => page.getByRole('button', { name: 'Download the whole body' }).click());
    expect(got.bytes.length).toBe(raw.length);
    expect(got.bytes.equals(raw)).toBe(true);
    // The toolbar button gives the same whole body.
    const again = await bytesOf(() => page.getByRole('button', { name: 'Download body' }).click());
    expect(again.bytes.equals(raw)).toBe(true);
    expect(errors).toEqual([]);
  });
});
