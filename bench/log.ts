/**
 * The delivery log at scale, and replay throughput.
 *
 *   npm run bench:log -- [--deliveries 1000000] [--replay 10000] [--concurrency 64] [--repeat 20] [--dir <data dir> [--reuse]]
 *
 * --dir keeps the store; --reuse with it times the queries on the store an earlier run left
 * (no fill; the replay figures are then not meaningful: the endpoints' secrets are not known).
 *
 * 1. Fills a store with --deliveries deliveries and twice as many attempts (realistic mix of
 *    statuses, answers, topics, endpoints and durations), written straight into SQLite after the
 *    core created the schema, then reopens it with the real core and times each filtered first
 *    page the Deliveries screen asks for (deliveries.list through core.invoke, total included):
 *    p50 and p95 over --repeat calls. Target: under 50 ms at 1,000,000 deliveries. Before the
 *    queries it waits for the text-search indexes to catch up (as after an upgrade) and says how long.
 * 2. Replays --replay of those deliveries (a replay run: keep id, re-signed with the endpoint's
 *    secret, every answer stored and compared) to a local sink in its own process, next to a bare
 *    undici Pool loop sending the same number of signed requests with the same concurrency, in
 *    the same run; prints both rates and the ratio.
 *
 * For a quick look on a small machine: --deliveries 20000 --replay 2000.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createCore } from '../src/core';
import { silentLogger } from '../src/core/util/logger';
import { bareLoop, startSink } from './lib/bare-loop';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const N = Number(arg('deliveries', '1000000'));
const REPLAY = Math.min(N, Number(arg('replay', '10000')));
const C = Number(arg('concurrency', '64'));
const REPEAT = Math.max(3, Number(arg('repeat', '20')));
const ENDPOINTS = 20;
const TOPICS = [
  'order.created',
  'order.paid',
  'order.refunded',
  'transfer.completed',
  'transfer.failed',
  'user.created',
  'user.deleted',
  'invoice.sent',
  'invoice.paid',
  'webhook.ping',
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Fills the store: deliveries (bodies stored in their event, the common case) and two attempts each. */
function fill(file: string, endpointIds: string[], secretCount: number): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const now = Date.now();
  const insEvent = db.prepare(
    'INSERT INTO dispatch_events (id, topic, payload, created_at) VALUES (?, ?, ?, ?)',
  );
  const insDelivery = db.prepare(
    `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts, max_attempts,
       next_attempt_at, last_status, last_error, duration_ms, created_at, updated_at, body_from_event)
     VALUES (?, ?, ?, ?, 'event', ?, X'', 'application/json', ?, 5, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insAttempt = db.prepare(
    `INSERT INTO dispatch_attempts (id, delivery_seq, endpoint_id, number, manual, started_at, req_method, req_url, req_headers,
       res_status, res_headers, res_body, res_size, outcome, error_code, error_message, total_ms)
     VALUES (?, ?, ?, ?, 0, ?, 'POST', ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const resHeaders = JSON.stringify([['content-type', 'application/json']]);
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const BATCH = 50_000;
  for (let start = 0; start < N; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(N, start + BATCH); i++) {
        // The newest REPLAY deliveries all succeeded (the replay source); older ones are a mix.
        const recent = i >= N - REPLAY;
        const r = rnd();
        const status =
          recent || r < 0.85 ? 'succeeded' : r < 0.95 ? 'failed' : r < 0.98 ? 'retrying' : 'pending';
        const code =
          status === 'succeeded'
            ? 200
            : status === 'failed'
              ? r < 0.9
                ? 500
                : 422
              : status === 'retrying'
                ? 503
                : null;
        const ep = endpointIds[i % endpointIds.length];
        const topic = TOPICS[i % TOPICS.length];
        const at = now - (N - i) * 1000;
        const id = `msg_bench${String(i).padStart(9, '0')}`;
        const evt = `evt_bench${String(i).padStart(9, '0')}`;
        insEvent.run(
          evt,
          topic,
          JSON.stringify({
            id: evt,
            event: topic,
            data: { order: i, customer: `cus_${i % 5000}`, amount: (i % 997) * 3 },
          }),
          at,
        );
        const duration = Math.round(5 + rnd() * 300);
        const seq = Number(
          insDelivery.run(
            id,
            evt,
            ep,
            topic,
            status,
            status === 'pending' ? 0 : 2,
            status === 'retrying' || status === 'pending' ? at + 60_000 : null,
            code,
            code && code >= 300 ? `HTTP ${code}` : null,
            status === 'pending' ? null : duration,
            at,
            at,
          ).lastInsertRowid,
        );
        if (status === 'pending') continue;
        insAttempt.run(
          `att_${i}_1`,
          seq,
          ep,
          1,
          at,
          'http://127.0.0.1/hooks',
          503,
          resHeaders,
          Buffer.from('{"error":"busy"}'),
          16,
          'failed',
          'http_status',
          'HTTP 503',
          duration,
        );
        insAttempt.run(
          `att_${i}_2`,
          seq,
          ep,
          2,
          at + 500,
          'http://127.0.0.1/hooks',
          code,
          resHeaders,
          Buffer.from(code === 200 ? `{"ok":true,"receipt":"R-${i}"}` : '{"error":"nope"}'),
          24,
          code === 200 ? 'succeeded' : 'failed',
          code === 200 ? null : 'http_status',
          code === 200 ? null : `HTTP ${code}`,
          duration,
        );
      }
    })();
  }
  db.exec('ANALYZE');
  db.close();
  void secretCount;
}

const bare = (url: string, n: number, secret: string): Promise<number> =>
  bareLoop({
    url,
    n,
    concurrency: C,
    secret,
    userAgent: 'Hookbench/bench',
    body: (i) => Buffer.from(JSON.stringify({ id: `evt_${i}`, event: 'order.created', data: { order: i } })),
    id: (i) => `msg_${i}`,
  });

async function main() {
  const dir = arg('dir', '') || fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-log-'));
  const sink = await startSink('/hooks', { json: true });
  try {
    // 1. Schema and endpoints through the core; rows straight into SQLite (--reuse: a store an
    //    earlier run with the same --dir left, as it is).
    const reuse = process.argv.includes('--reuse') && fs.existsSync(path.join(dir, 'hookbench.db'));
    let core = await createCore({
      dataDir: dir,
      logger: silentLogger,
      ports: { receiver: 0, receiverHttps: 0 },
    });
    const eps: { id: string; secret: string }[] = [];
    if (reuse) {
      const r = await core.invoke('endpoints.list', {});
      if (!r.ok) throw new Error(r.error.message);
      // The secrets are shown once; the replay below re-signs with the endpoint's own.
      for (const e of (r.data as { items: { id: string }[] }).items) eps.push({ id: e.id, secret: 'whsec_' + 'A'.repeat(32) });
    }
    for (let i = 0; i < (reuse ? 0 : ENDPOINTS); i++) {
      const r = await core.invoke('endpoints.create', {
        name: `Consumer ${i + 1}`,
        url: sink.url,
        topics: ['*'],
        maxConcurrency: C,
      });
      if (!r.ok) throw new Error(r.error.message);
      const d = r.data as { id: string; secret: string };
      eps.push({ id: d.id, secret: d.secret });
    }
    await core.close();
    const t0 = performance.now();
    if (!reuse)
      fill(
      path.join(dir, 'hookbench.db'),
      eps.map((e) => e.id),
      1,
    );
    const fillS = (performance.now() - t0) / 1000;
    console.log(
      `store${reuse ? ' (reused)' : ''}: ${N.toLocaleString()} deliveries, ${(2 * N).toLocaleString()} attempts (about; pending ones have none), filled in ${fillS.toFixed(1)} s`,
    );

    core = await createCore({ dataDir: dir, logger: silentLogger, ports: { receiver: 0, receiverHttps: 0 } });
    // The text-search indexes are filled in the background (as after an upgrade); wait for them.
    const search = (core.modules.dispatcher as unknown as { searchIndex: { catchUp(): Promise<number> } })
      .searchIndex;
    const ti = performance.now();
    await search.catchUp();
    console.log(`search index: caught up in ${((performance.now() - ti) / 1000).toFixed(1)} s`);
    const since = Date.now() - 3_600_000;
    const queries: [string, Record<string, unknown>][] = [
      ['newest first, no filter', {}],
      ['status = failed', { status: 'failed' }],
      ['statuses failed+retrying', { statuses: ['failed', 'retrying'] }],
      ['one endpoint', { endpointId: eps[3].id }],
      ['one topic', { topic: 'invoice.paid' }],
      ['one event', { eventId: `evt_bench${String(Math.floor(N / 2)).padStart(9, '0')}` }],
      ['answer 5xx', { responseStatus: '5xx' }],
      ['answer 422', { responseStatus: 422 }],
      ['no answer', { responseStatus: 'none' }],
      ['last hour', { since }],
      ['failed in the last hour', { status: 'failed', since }],
      // Endpoint i gets the deliveries i, i+20, …: topic TOPICS[i % 10].
      ['endpoint + topic + 5xx', { endpointId: eps[5].id, topic: TOPICS[5], responseStatus: '5xx' }],
      ['slowest first', { sort: 'duration' }],
      ['text in payload/answer', { text: 'cus_4242' }],
      ['text in an answer', { text: 'R-4242' }],
      ['text + failed', { text: 'cus_42', status: 'failed' }],
    ];
    console.log(`\nfirst page (50) of deliveries.list with its total, ${REPEAT} calls each:`);
    console.log(
      `${'filter'.padEnd(28)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'total'.padStart(12)}  under 50 ms`,
    );
    for (const [label, input] of queries) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < REPEAT; i++) {
        const t = performance.now();
        const r = await core.invoke('deliveries.list', { limit: 50, ...input });
        times.push(performance.now() - t);
        if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
        total = (r.data as { total: number }).total;
      }
      const p95 = pct(times, 95);
      console.log(
        `${label.padEnd(28)}${pct(times, 50).toFixed(1).padStart(9)}${p95.toFixed(1).padStart(9)}${total.toLocaleString().padStart(12)}  ${p95 < 50 ? 'yes' : 'NO'}`,
      );
    }

    // 2. Replay throughput next to the bare loop (not on a reused store: its newest deliveries are
    //    older than the replay's window, and the endpoints' secrets are not known).
    if (reuse) {
      console.log('\nreplay: skipped with --reuse');
      await core.close();
      return;
    }
    const secret = eps[0].secret;
    const bareMs = await bare(sink.url, REPLAY, secret);
    const t1 = performance.now();
    const created = await core.invoke('runs.create', {
      source: {
        type: 'deliveries',
        filter: { statuses: ['succeeded'], since: Date.now() - REPLAY * 1000 - 1000 },
        limit: REPLAY,
      },
      options: { keepId: true, concurrency: C },
    });
    if (!created.ok) throw new Error(created.error.message);
    const runId = (created.data as { id: string }).id;
    const createdMs = performance.now() - t1;
    let counts: { total: number; done: number; failed: number; same: number } = {
      total: 0,
      done: 0,
      failed: 0,
      same: 0,
    };
    for (;;) {
      const g = await core.invoke('runs.get', { id: runId, limit: 1 });
      if (!g.ok) throw new Error(g.error.message);
      const run = (g.data as { run: { status: string; counts: typeof counts } }).run;
      counts = run.counts;
      if (run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const runMs = performance.now() - t1;
    const bareRate = REPLAY / (bareMs / 1000);
    const runRate = counts.total / (runMs / 1000);
    console.log(`\nreplay of ${counts.total.toLocaleString()} deliveries to a local sink, concurrency ${C}:`);
    console.log(`  bare undici loop   ${bareRate.toFixed(0).padStart(8)} req/s`);
    console.log(
      `  replay run         ${runRate.toFixed(0).padStart(8)} req/s   (snapshot of the items ${createdMs.toFixed(0)} ms; ${counts.done} answered, ${counts.failed} failed, ${counts.same} same as baseline)`,
    );
    console.log(`  ratio              ${(runRate / bareRate).toFixed(2)}`);
    await core.close();
  } finally {
    sink.child.kill();
    if (!arg('dir', '')) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
