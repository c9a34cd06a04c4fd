/**
 * The receiver's write path alone (no HTTP): what storing a captured request costs, in CPU per
 * row, with Hookbench's design (src/core/receiver/capture-writer.ts: one transaction per turn of
 * the event loop on the main thread, the inbox rollup summed per transaction, never waiting for
 * the write lock; the checkpoint worker checkpoints) against the simple design the issue measured
 * (better-sqlite3 on the main thread, one transaction per turn of the event loop,
 * synchronous=NORMAL, SQLite's own automatic checkpoints). Same rows (1 KiB JSON body, 10
 * headers), same schema (triggers and indexes included), `--wave` rows per turn of the event
 * loop (what one turn reads under `--wave` connections), rounds alternate.
 *
 * CPU is read per thread from /proc (Linux), so it is meaningful on a shared machine where wall
 * time is not; wall time is printed too.
 *
 *   npm run bench:capture -- [--n 20000] [--wave 64] [--rounds 3] [--only hookbench|simple]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Captured } from '../src/core/receiver/capture';
import { CaptureWriter } from '../src/core/receiver/capture-writer';
import { allMigrations } from '../src/core/modules';
import { openDatabase } from '../src/core/store/database';
import { addRequestRollup, INBOX_ROLLUP_UPSERT, INBOX_VALUES } from '../src/core/monitoring/rollup-sql';
import { jsonPayload } from './lib/load';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? def : Number(process.argv[i + 1]);
};
const N = arg('n', 20_000);
const WAVE = arg('wave', 64);
const ROUNDS = arg('rounds', 3);
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : '';

const body = Buffer.from(jsonPayload(1024));
const answer = {
  kind: 'respond',
  status: 200,
  headers: ['Content-Type', 'application/json'],
  body: Buffer.from('{"ok":true}'),
  ruleId: null,
  stored: '{"status":200,"headers":[["Content-Type","application/json"]],"body":"{\\"ok\\":true}"}',
} as unknown as Captured['answer'];
const rawHeaders = [
  'Host',
  '127.0.0.1:7780',
  'User-Agent',
  'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
  'Content-Type',
  'application/json',
  'Content-Length',
  String(body.length),
  'Accept',
  '*/*',
  'Accept-Encoding',
  'gzip',
  'Stripe-Signature',
  't=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
  'X-Request-Id',
  'req_0123456789abcdef',
  'Traceparent',
  '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'Connection',
  'keep-alive',
];
const captured = (id: number): Captured => ({
  id,
  seq: id,
  inbox: 'default',
  receivedAt: Date.now(),
  method: 'POST',
  url: `/default/bench?n=${id}`,
  path: '/bench',
  query: `n=${id}`,
  httpVersion: '1.1',
  tls: false,
  remoteAddress: '127.0.0.1',
  remotePort: 40000 + (id % 20000),
  rawHeaders,
  body,
  bodyMs: 0.05,
  contentType: 'application/json',
  contentEncoding: null,
  deliveryId: null,
  sigStatus: 'unsigned',
  sigReason: null,
  sigScheme: null,
  sigReport: null,
  answer,
});

/** CPU µs of this process's threads: the main thread and all others. */
function cpu(): { main: number; others: number } {
  let main = 0;
  let others = 0;
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const us = ((Number(f[11]) + Number(f[12])) * 1e6) / 100;
      if (Number(tid) === process.pid) main = us;
      else others += us;
    } catch {
      // the thread ended
    }
  }
  return { main, others };
}

const turn = () => new Promise((r) => setImmediate(r));

function freshDb(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-bench-capture-'));
  const file = path.join(dir, 'hookbench.db');
  openDatabase(file, { migrations: allMigrations }).close();
  return { dir, file };
}

type Result = { wallMs: number; main: number; others: number };

async function measure(run: () => Promise<void>): Promise<Result> {
  const c0 = cpu();
  const t0 = performance.now();
  await run();
  const wallMs = performance.now() - t0;
  const c1 = cpu();
  return { wallMs, main: (c1.main - c0.main) / N, others: (c1.others - c0.others) / N };
}

async function hookbench(): Promise<Result> {
  const { dir, file } = freshDb();
  const w = new CaptureWriter(file);
  await w.start();
  try {
    return await measure(async () => {
      let left = N;
      let failed: Error | null = null;
      const all = new Promise<void>((resolve) => {
        const done = (err: Error | null) => {
          if (err) failed = err;
          if (--left === 0) resolve();
        };
        void (async () => {
          for (let id = 1; id <= N;) {
            for (let k = 0; k < WAVE && id <= N; k++) w.add(captured(id++), done);
            await turn();
          }
        })();
      });
      await all;
      if (failed) throw failed;
    });
  } finally {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const SIMPLE_COLS = [
  'id',
  'received_at',
  'remote_port',
  'body_ms',
  'answer_status',
  'tls',
  'inbox',
  'method',
  'url',
  'path',
  'query',
  'http_version',
  'remote_addr',
  'headers',
  'content_type',
  'content_encoding',
  'delivery_id',
  'sig_status',
  'sig_reason',
  'sig_scheme',
  'sig_report',
  'answer_kind',
  'rule_id',
  'response',
  'body',
  'body_size',
  'duplicate_of',
  'seq',
];

async function simple(): Promise<Result> {
  const { dir, file } = freshDb();
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    `INSERT INTO requests (${SIMPLE_COLS.join(',')}) VALUES (${SIMPLE_COLS.map(() => '?').join(',')})`,
  );
  // The inbox rollup row by row, as the trigger it replaced did.
  const rollup = db.prepare(INBOX_ROLLUP_UPSERT);
  const store = db.transaction((rows: Captured[]) => {
    for (const c of rows) {
      const a = c.answer;
      insert.run(
        c.id,
        c.receivedAt,
        c.remotePort,
        c.bodyMs,
        a.status,
        c.tls ? 1 : 0,
        c.inbox,
        c.method,
        c.url,
        c.path,
        c.query,
        c.httpVersion,
        c.remoteAddress,
        c.rawHeaders.join('\n'),
        c.contentType,
        c.contentEncoding,
        c.deliveryId,
        c.sigStatus,
        c.sigReason,
        c.sigScheme,
        c.sigReport,
        a.kind,
        a.ruleId,
        a.stored,
        c.body,
        c.body.length,
        null,
        c.seq,
      );
      const v = new Array<number>(INBOX_VALUES.length).fill(0);
      addRequestRollup(v, a.status, c.sigStatus, false, c.body.length);
      rollup.run(c.inbox, Math.floor(c.receivedAt / 60000), ...v);
    }
  });
  try {
    return await measure(async () => {
      let wave: Captured[] = [];
      for (let id = 1; id <= N;) {
        for (let k = 0; k < WAVE && id <= N; k++) wave.push(captured(id++));
        store(wave); // one transaction per turn of the event loop
        wave = [];
        await turn();
      }
    });
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `capture write path: ${N} rows of ${body.length} B, ${WAVE} rows per turn of the event loop, ${ROUNDS} rounds`,
  );
  const fmt = (r: Result) =>
    `CPU/row: main ${r.main.toFixed(1)} us + other threads ${r.others.toFixed(1)} us = ${(r.main + r.others).toFixed(1)} us; wall ${((r.wallMs * 1000) / N).toFixed(1)} us/row`;
  for (let i = 1; i <= ROUNDS; i++) {
    if (ONLY) {
      const r = ONLY === 'simple' ? await simple() : await hookbench();
      console.log(`  round ${i}: ${ONLY}  ${fmt(r)}   load ${os.loadavg()[0].toFixed(2)}`);
      continue;
    }
    const h = await hookbench();
    const s = await simple();
    console.log(`  round ${i}: hookbench (main thread, checkpoint owner, rollup per batch)  ${fmt(h)}`);
    console.log(
      `           simple (main thread, SQLite's checkpoints, rollup per row)    ${fmt(s)}   load ${os.loadavg()[0].toFixed(2)}`,
    );
    console.log(
      `           main-thread CPU hookbench/simple ${(h.main / s.main).toFixed(2)}, total CPU ${((h.main + h.others) / (s.main + s.others)).toFixed(2)}`,
    );
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
