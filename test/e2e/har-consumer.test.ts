import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useServedBrowser } from './helpers/served-browser';
import { Har12 } from '../helpers/har-1.2-schema';

/**
 * Issue 9 item 10: a HAR export imported by a real HAR consumer available offline. Playwright's
 * HAR router (`browserContext.routeFromHAR`, the reader behind `playwright open --save-har` and
 * `page.routeFromHAR`) loads the file and answers the browser's requests from it; with the receiver
 * stopped, every answer the page gets comes from the exported entries. (har-validator and the
 * Chromium DevTools importer are not installed here; the schema check is test/helpers/har-1.2-schema.ts.)
 */

const env = useServedBrowser();

describe('HAR export read by a real consumer', () => {
  it('Playwright replays the exported answers for the exported requests, matching POST bodies, with the receiver stopped', async () => {
    const receiver = (await env.served.call('receiver.status')).body.baseUrls[0] as string;
    await env.served.call('inboxes.create', {
      slug: 'har',
      name: 'HAR',
      response: { status: 200, headers: [['Content-Type', 'text/html']], body: '<h1 id="page">from the HAR</h1>' },
      rules: [
        { match: { methods: ['POST'], bodyContains: 'one' }, action: { type: 'respond', status: 201, headers: [['Content-Type', 'application/json']], body: '{"answer":"one"}' } },
        { match: { methods: ['POST'], bodyContains: 'two' }, action: { type: 'respond', status: 202, headers: [['Content-Type', 'application/json']], body: '{"answer":"two"}' } },
      ],
    });
    await fetch(`${receiver}/har/page`);
    await fetch(`${receiver}/har/api?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":"one"}' });
    await fetch(`${receiver}/har/api?x=1`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":"two"}' });
    const exported = await env.served.call('requests.export', { inbox: 'har', format: 'har' });
    expect(exported.status).toBe(200);
    Har12.parse(JSON.parse(exported.body.content));
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-har-')), exported.body.filename);
    fs.writeFileSync(file, exported.body.content);
    await env.served.stop(); // nothing answers on the network any more

    const context = await env.browser.newContext();
    await context.routeFromHAR(file, { notFound: 'abort' });
    const page = await context.newPage();
    const nav = await page.goto(`${receiver}/har/page`);
    expect(nav?.status()).toBe(200);
    expect(await page.locator('#page').innerText()).toBe('from the HAR');
    const answers = await page.evaluate(async () => {
      const post = async (n: string) => {
        const r = await fetch('/har/api?x=1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ n }) });
        return `${r.status} ${await r.text()}`;
      };
      const missing = await fetch('/har/unknown').then(
        () => 'answered',
        () => 'aborted',
      );
      return [await post('two'), await post('one'), missing];
    });
    expect(answers).toEqual(['202 {"answer":"two"}', '201 {"answer":"one"}', 'aborted']);
    await context.close();
  });
});
