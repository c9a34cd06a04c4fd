import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trackErrors } from './helpers/browser';
import { useServedBrowser } from './helpers/served-browser';

/**
 * Issue 10's end-to-end check, in Chromium against the real headless host: deliveries to inbox
 * rules that fail some of them; the Overview's counts and failure list match the delivery log.
 */

const env = useServedBrowser();
const { ok } = env;

interface LoggedDelivery {
  id: string;
  status: string;
  attempts: number;
}

describe('Overview', () => {
  it('shows counts and a failure list that match the delivery log, clicks through to a delivery, exports CSV', async () => {
    const receiverUrl = env.served.receiverUrl ?? (await ok('receiver.status')).http.baseUrl;
    await ok('inboxes.update', {
      slug: 'default',
      rules: [
        { match: { bodyContains: 'FAIL' }, action: { type: 'respond', status: 503, body: 'down' } },
        { match: { bodyContains: 'NOPE' }, action: { type: 'respond', status: 404, body: 'no' } },
      ],
    });
    await ok('endpoints.create', { name: 'Orders', url: `${receiverUrl}/default/orders`, topics: ['order.*'], retry: { delays: [0] } });
    await ok('endpoints.create', { name: 'Ledger', url: `${receiverUrl}/default/ledger`, topics: ['order.paid'], retry: { delays: [] } });
    for (let i = 0; i < 18; i++) {
      const mode = i % 5 === 0 ? 'FAIL' : i % 7 === 0 ? 'NOPE' : 'fine';
      await ok('events.send', { topic: i % 2 ? 'order.paid' : 'order.created', payload: { i, mode } });
    }
    let log: LoggedDelivery[] = [];
    await expect
      .poll(
        async () => {
          log = (await ok('deliveries.list', { limit: 1000 })).items as LoggedDelivery[];
          return log.length > 0 && log.every((d) => d.status === 'succeeded' || d.status === 'failed');
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const failed = log.filter((d) => d.status === 'failed');
    const succeeded = log.filter((d) => d.status === 'succeeded');
    const attempts = log.reduce((n, d) => n + d.attempts, 0);
    expect(failed.length).toBeGreaterThan(2);
    expect(failed.length).toBeLessThanOrEqual(10);

    const context = await env.browser.newContext({ viewport: { width: 1320, height: 860 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors = trackErrors(page);
    await page.goto(env.served.uiUrl);
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await page.getByRole('radio', { name: '15 min' }).click();

    const kpi = (label: string) => page.locator(`[data-kpi="${label}"]`);
    await expect.poll(() => kpi('Attempts').textContent()).toBe(String(attempts));
    expect(await kpi('Failed for good').textContent()).toBe(String(failed.length));
    expect(await page.getByRole('group', { name: 'Attempts' }).textContent()).toContain(`${succeeded.length} succeeded`);

    // The last failures are exactly the failed deliveries of the log (newest final attempt first).
    const rows = page.locator('.ov-failures tbody tr');
    await expect.poll(() => rows.count()).toBe(failed.length);
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-delivery')));
    expect([...shown].sort()).toEqual(failed.map((d) => d.id).sort());
    const times = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('.ov-when')?.textContent ?? ''));
    expect(times).toHaveLength(failed.length);
    expect(await rows.first().textContent()).toMatch(/HTTP (503|404)/);

    // Busiest endpoints: both, with their attempt counts from the log.
    const busiest = page.getByRole('region', { name: 'Busiest endpoints' });
    expect(await busiest.textContent()).toContain('Orders');
    expect(await busiest.textContent()).toContain('Ledger');

    // Each chart exports its data as CSV.
    const chart = page.getByRole('region', { name: 'Deliveries by outcome' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByRole('button', { name: 'Export Deliveries by outcome data as CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('time,Succeeded,Retried,Failed');
    const sums = csv.slice(1).reduce(
      (acc, line) => {
        const [, s, r, f] = line.split(',').map(Number);
        return [acc[0] + s, acc[1] + r, acc[2] + f];
      },
      [0, 0, 0],
    );
    expect(sums[0]).toBe(succeeded.length);
    expect(sums[2]).toBe(failed.length);
    expect(sums[0] + sums[1] + sums[2]).toBe(attempts);
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      chart.getByRole('button', { name: 'Export Deliveries by outcome as PNG' }).click(),
    ]);
    expect(fs.readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // The inbox half counts the same requests the receiver answered.
    await page.getByRole('radio', { name: 'Inboxes' }).click();
    await expect.poll(() => kpi('Requests').textContent()).toBe(String(attempts));

    // A failure opens the delivery's timeline.
    await page.getByRole('radio', { name: 'Deliveries' }).click();
    await rows.first().click();
    await expect.poll(() => page.url()).toContain(`#/deliveries/${shown[0]}`);
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
