/**
 * The UI at scale, in Chromium against the headless host (`hookbench serve`, the built CLI).
 *
 *   npm run bench:ui -- [--size 100000] [--requests N] [--deliveries N] [--rate 500] [--live-seconds 6] [--runs 3]
 *
 * Seeds one inbox with --requests captured requests (sent to the real receiver over HTTP) and the
 * delivery log with --deliveries deliveries (written into SQLite before the host starts, like
 * bench:log), then measures in Chromium at 1320x860:
 *
 * - first rows: from navigation start to the first row of the Inbox (and of Deliveries) in the
 *   page, median of --runs fresh page loads. Target under 500 ms.
 * - frames while scrolling: the list is flung a third of its height per frame through the loaded
 *   rows and into the pages fetched on the way; each frame's time is the gap between animation
 *   frames with Chromium's frame-rate limit off, so it is the work of that frame, not the 60 Hz
 *   vsync. Worst and p95. Target 16 ms.
 * - open a request: click on a row until the detail pane shows that request; median and worst.
 * - live arrivals: --rate requests per second for --live-seconds while the Inbox shows the top;
 *   latency from sending a request to its row appearing (p50, p95, max) and the worst frame.
 *
 * Every figure is printed with its target and the ratio figure/target (under 1 is within target).
 * For a quick look on a small or busy machine: --size 5000 --live-seconds 3 --runs 2.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from 'playwright';
import { Agent, request } from 'undici';
import { createCore } from '../src/core';
import { silentLogger } from '../src/core/util/logger';
import { CHROMIUM_PATH } from '../test/e2e/helpers/browser';
import { startServe, type Served } from '../test/e2e/helpers/serve';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const SIZE = Number(arg('size', '100000'));
const REQUESTS = Number(arg('requests', String(SIZE)));
const DELIVERIES = Number(arg('deliveries', String(SIZE)));
const RATE = Number(arg('rate', '500'));
const LIVE_SECONDS = Number(arg('live-seconds', '6'));
const RUNS = Math.max(1, Number(arg('runs', '3')));
const VIEWPORT = { width: 1320, height: 860 };
const FIRST_ROWS_TARGET = 500;
const FRAME_TARGET = 16;
const ENDPOINTS = 20;
const TOPICS = ['order.created', 'order.paid', 'transfer.completed', 'transfer.failed', 'invoice.paid'];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const ms = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} ms`;
const line = (what: string, figure: string, target: string, ratio: number) =>
  console.log(`${what.padEnd(30)} ${figure.padEnd(46)} target ${target.padEnd(9)} ratio ${ratio.toFixed(2)}`);

/** Endpoints through the core, then finished deliveries (one attempt each) straight into SQLite. */
async function seedDeliveries(dataDir: string): Promise<void> {
  const core = await createCore({ dataDir, logger: silentLogger, ports: { receiver: 0, receiverHttps: 0 } });
  const ids: string[] = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const ep = await core.invoke('endpoints.create', { name: `Service ${i}`, url: `https://service-${i}.example/hooks`, topics: ['*'] });
    if (!ep.ok) throw new Error(ep.error.message);
    ids.push((ep.data as { id: string }).id);
  }
  await core.close();
  const db = new Database(path.join(dataDir, 'hookbench.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insEvent = db.prepare('INSERT INTO dispatch_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)');
  const insDelivery = db.prepare(
    `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts,
       next_attempt_at, last_status, last_error, duration_ms, created_at, updated_at, body_from_event)
     VALUES (?, ?, ?, ?, 'event', ?, X'', 'application/json', 1, 5, NULL, ?, ?, ?, ?, ?, 1)`,
  );
  const insAttempt = db.prepare(
    `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
       res_status, res_headers, res_body, res_size, outcome, error_code, error_message, total_ms)
     VALUES (?, ?, ?, 1, 0, ?, 'POST', ?, '[]', ?, '[]', ?, ?, ?, ?, ?, ?)`,
  );
  const now = Date.now();
  for (let start = 0; start < DELIVERIES; start += 20_000) {
    db.transaction(() => {
      for (let i = start; i < Math.min(DELIVERIES, start + 20_000); i++) {
        const ok = i % 10 !== 0;
        const code = ok ? 200 : 500;
        const topic = TOPICS[i % TOPICS.length];
        const at = now - (DELIVERIES - i) * 1000;
        const evt = `evt_ui${String(i).padStart(9, '0')}`;
        insEvent.run(evt, topic, JSON.stringify({ id: evt, event: topic, data: { order: i, amount: (i % 997) * 3 } }), at);
        const duration = 5 + (i % 300);
        const seq = Number(
          insDelivery.run(`msg_ui${String(i).padStart(9, '0')}`, evt, ids[i % ids.length], topic, ok ? 'succeeded' : 'failed', code, ok ? null : 'HTTP 500', duration, at, at).lastInsertRowid,
        );
        const res = Buffer.from(ok ? '{"ok":true}' : '{"error":"nope"}');
        insAttempt.run(`att_${i}_1`, seq, ids[i % ids.length], at, 'https://service.example/hooks', code, res, res.length, ok ? 'succeeded' : 'failed', ok ? null : 'http_status', ok ? null : 'HTTP 500', duration);
      }
    })();
  }
  db.exec('ANALYZE');
  db.close();
}

/** Captured requests through the real receiver, 32 connections at once. */
async function seedRequests(receiver: string, count: number, prefix: string): Promise<number> {
  const agent = new Agent({ connections: 32, pipelining: 1 });
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await request(`${receiver}/default/${prefix}/${i}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"seq":${i},"kind":"scale","customer":"cus_${i % 5000}"}`,
        dispatcher: agent,
      });
      await res.body.dump();
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await agent.close();
  return count / ((performance.now() - t0) / 1000);
}

/** tsx (esbuild keepNames) wraps named functions in __name(); functions run in the page need it too. */
const DEFINE_NAME = () => {
  (globalThis as unknown as { __name: (f: unknown) => unknown }).__name = (f: unknown) => f;
};

/** Records, in the page, when the first row of each listbox appears (ms since navigation start). */
const FIRST_ROW_SCRIPT = () => {
  const w = window as unknown as { __firstRow: Record<string, number> };
  w.__firstRow = {};
  new MutationObserver(() => {
    for (const box of Array.from(document.querySelectorAll('[role="listbox"][aria-label]'))) {
      const label = box.getAttribute('aria-label')!;
      if (w.__firstRow[label] === undefined && box.querySelector('[role="option"]')) w.__firstRow[label] = performance.now();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function newPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.addInitScript(DEFINE_NAME);
  return page;
}

/** First rows of each load, and (once) where the time went: the page's scripts, then the data. */
async function firstRows(browser: Browser, url: string, label: string): Promise<number[]> {
  const out: number[] = [];
  const phases: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    const page = await newPage(browser);
    await page.addInitScript(FIRST_ROW_SCRIPT);
    await page.goto(url);
    await page.getByRole('listbox', { name: label }).getByRole('option').first().waitFor({ timeout: 60_000 });
    out.push(await page.evaluate((l) => (window as unknown as { __firstRow: Record<string, number> }).__firstRow[l], label));
    phases.push(
      await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const api = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('/api/'))
          .sort((a, b) => a.startTime - b.startTime);
        const calls = api
          .slice(0, 6)
          .map((e) => `${e.name.replace(/^.*\/api\//, '').replace(/\?.*$/, '')} ${Math.round(e.startTime)}+${Math.round(e.duration)}`);
        return `page ready ${Math.round(nav.domContentLoadedEventEnd)} ms, API (start+ms): ${calls.join(', ')}`;
      }),
    );
    await page.close();
  }
  console.log(`  (${label}, first load: ${phases[0]})`);
  return out;
}

/** Flings the list a third of its height per frame for `frames` frames; each frame's duration. */
async function scrollFrames(page: Page, label: string, frames: number): Promise<number[]> {
  const list = page.getByRole('listbox', { name: label });
  return list.evaluate(async (el, n) => {
    const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
    const out: number[] = [];
    let last = await raf();
    for (let i = 0; i < n; i++) {
      // Down through what is loaded and the pages fetched on the way; back up now and then.
      el.scrollTop = i % 60 === 59 ? el.scrollTop / 2 : el.scrollTop + el.clientHeight / 3;
      const now = await raf();
      out.push(now - last);
      last = now;
    }
    return out;
  }, frames);
}

/** Click on the row `index` rows down from the top, until the detail shows its id. */
async function openRequest(page: Page, index: number): Promise<number> {
  return page.getByRole('listbox', { name: 'Captured requests' }).evaluate(async (el, i) => {
    const rows = Array.from(el.querySelectorAll<HTMLElement>('[role="option"]'));
    const row = rows[Math.min(i, rows.length - 1)];
    const id = row.id.replace(/^req-/, '');
    const t0 = performance.now();
    row.click();
    for (;;) {
      const sub = document.querySelector('[aria-label="Request detail"] .detail-sub');
      if (sub?.textContent?.includes(`#${id}`)) return performance.now() - t0;
      await new Promise((r) => setTimeout(r, 0));
      if (performance.now() - t0 > 10_000) return Infinity;
    }
  }, index);
}

async function main() {
  console.log(`bench:ui — ${REQUESTS.toLocaleString('en-US')} requests, ${DELIVERIES.toLocaleString('en-US')} deliveries, Chromium at ${VIEWPORT.width}x${VIEWPORT.height}`);
  const built = spawnSync(process.execPath, [path.join(import.meta.dirname, '..', 'scripts', 'build-if-stale.mjs')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('The build failed.');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-ui-'));
  let served: Served | null = null;
  let browser: Browser | null = null;
  try {
    let t = performance.now();
    await seedDeliveries(dataDir);
    console.log(`seeded ${DELIVERIES.toLocaleString('en-US')} deliveries in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    served = await startServe({ dataDir, token: 'bench-ui' });
    const receiver = (await served.call('receiver.status')).body.baseUrls[0] as string;
    t = performance.now();
    const rate = await seedRequests(receiver, REQUESTS, 'events');
    console.log(`seeded ${REQUESTS.toLocaleString('en-US')} requests over HTTP in ${((performance.now() - t) / 1000).toFixed(1)} s (${Math.round(rate)}/s)`);

    // Frame-rate limit off: a frame's time is its work, not the 60 Hz vsync.
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-frame-rate-limit', '--disable-gpu-vsync'],
    });
    const base = served.uiUrl;
    console.log(`Chromium ${browser.version()}; ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}`);
    console.log('');

    const inboxFirst = await firstRows(browser, `${base}#/inbox/default`, 'Captured requests');
    line('inbox: first rows', `median ${ms(pct(inboxFirst, 50))} (runs ${inboxFirst.map(Math.round).join(', ')})`, '500 ms', pct(inboxFirst, 50) / FIRST_ROWS_TARGET);

    const page = await newPage(browser);
    await page.goto(`${base}#/inbox/default`);
    await page.getByRole('listbox', { name: 'Captured requests' }).getByRole('option').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('request-count').filter({ hasText: `${REQUESTS.toLocaleString('en-US')} requests` }).waitFor({ timeout: 60_000 });
    const idle = await scrollFrames(page, 'Captured requests', 0).then(() =>
      page.evaluate(async () => {
        const raf = () => new Promise<number>((r) => requestAnimationFrame(r));
        let last = await raf();
        const out: number[] = [];
        for (let i = 0; i < 30; i++) {
          const now = await raf();
          out.push(now - last);
          last = now;
        }
        return out;
      }),
    );
    const frames = await scrollFrames(page, 'Captured requests', 240);
    line('inbox: scroll frames, worst', `${ms(Math.max(...frames))} (p95 ${ms(pct(frames, 95))}, median ${ms(pct(frames, 50))}, ${frames.length} frames)`, '16 ms', Math.max(...frames) / FRAME_TARGET);
    line('inbox: scroll frames, p95', ms(pct(frames, 95)), '16 ms', pct(frames, 95) / FRAME_TARGET);
    const loaded = (await page.getByTestId('request-count').textContent()) ?? '';

    await page.getByRole('listbox', { name: 'Captured requests' }).evaluate((el) => (el.scrollTop = 0));
    await page.waitForTimeout(300);
    const opens: number[] = [];
    for (const i of [2, 5, 9, 14, 20]) opens.push(await openRequest(page, i));
    line('open a request', `median ${ms(pct(opens, 50))}, worst ${ms(Math.max(...opens))}`, '100 ms', pct(opens, 50) / 100);

    // Live: RATE requests per second for LIVE_SECONDS, rows watched from the top of the list.
    await page.getByRole('listbox', { name: 'Captured requests' }).evaluate((el) => {
      el.scrollTop = 0;
      const w = window as unknown as { __seen: Record<string, number>; __frames: number[]; __live: boolean };
      w.__seen = {};
      w.__frames = [];
      w.__live = true;
      new MutationObserver(() => {
        for (const row of Array.from(el.querySelectorAll('[role="option"]'))) {
          const m = /\/live\/(\d+)$/.exec(row.querySelector('.req-path')?.textContent ?? '');
          if (m && w.__seen[m[1]] === undefined) w.__seen[m[1]] = Date.now();
        }
      }).observe(el, { childList: true, subtree: true });
      let last = performance.now();
      const tick = (now: number) => {
        w.__frames.push(now - last);
        last = now;
        if (w.__live) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const sentAt = new Map<number, number>();
    const agent = new Agent({ connections: 16, pipelining: 1 });
    const total = Math.round(RATE * LIVE_SECONDS);
    const tLive = Date.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = tLive + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sentAt.set(i, Date.now());
      inflight.push(
        request(`${receiver}/default/live/${i}`, { method: 'POST', body: `{"live":${i}}`, headers: { 'content-type': 'application/json' }, dispatcher: agent }).then((r) => r.body.dump()),
      );
    }
    await Promise.all(inflight);
    const achieved = total / ((Date.now() - tLive) / 1000); // answered by the receiver
    await agent.close();
    await page.waitForTimeout(1500);
    const { seen, liveFrames } = await page.evaluate(() => {
      const w = window as unknown as { __seen: Record<string, number>; __frames: number[]; __live: boolean };
      w.__live = false;
      return { seen: w.__seen, liveFrames: w.__frames };
    });
    const lat = Object.entries(seen).map(([i, at]) => at - sentAt.get(Number(i))!);
    line(
      `live arrivals at ${RATE}/s`,
      `p50 ${ms(pct(lat, 50))}, p95 ${ms(pct(lat, 95))}, max ${ms(Math.max(...lat))} (${lat.length} of ${total} rows seen, answered at ${Math.round(achieved)}/s)`,
      '500 ms',
      pct(lat, 95) / 500,
    );
    line('live arrivals: worst frame', `${ms(Math.max(...liveFrames))} (p95 ${ms(pct(liveFrames, 95))})`, '16 ms', Math.max(...liveFrames) / FRAME_TARGET);
    await page.close();

    const delFirst = await firstRows(browser, `${base}#/deliveries`, 'Deliveries');
    line('deliveries: first rows', `median ${ms(pct(delFirst, 50))} (runs ${delFirst.map(Math.round).join(', ')})`, '500 ms', pct(delFirst, 50) / FIRST_ROWS_TARGET);
    const dpage = await newPage(browser);
    await dpage.goto(`${base}#/deliveries`);
    await dpage.getByRole('listbox', { name: 'Deliveries' }).getByRole('option').first().waitFor({ timeout: 60_000 });
    await dpage.waitForTimeout(500);
    const dframes = await scrollFrames(dpage, 'Deliveries', 240);
    line('deliveries: scroll frames, worst', `${ms(Math.max(...dframes))} (p95 ${ms(pct(dframes, 95))}, median ${ms(pct(dframes, 50))})`, '16 ms', Math.max(...dframes) / FRAME_TARGET);
    line('deliveries: scroll frames, p95', ms(pct(dframes, 95)), '16 ms', pct(dframes, 95) / FRAME_TARGET);
    await dpage.close();
    console.log('');
    console.log(`(idle frame with the limit off: median ${ms(pct(idle, 50))}; inbox list after scrolling: ${loaded.trim()}; open-a-request target is this bench's own)`);
  } finally {
    await browser?.close();
    await served?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
