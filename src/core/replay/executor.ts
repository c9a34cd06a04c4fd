import type { CompareSettings } from '../../shared/replay-compare';
import { compareAnswers } from '../../shared/replay-compare';
import { HookbenchError } from '../../shared/errors';
import type { RunStatus, RunTarget } from '../../shared/replay';
import type { EndpointRecord } from '../dispatcher/endpoint-store';
import type { HttpSender, SendOutcome } from '../dispatcher/http-sender';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { buildRequest, type ReplayItemRow, type SigningPlan } from './build';
import type { RunStore, StoredOptions } from './run-store';

interface ClaimedItem extends ReplayItemRow {
  base_status: number | null;
  base_headers: string | null;
  base_body: Buffer | null;
}

interface Result {
  idx: number;
  state: 'answered' | 'error';
  sentId: string | null;
  sentAt: number | null;
  reqUrl: string | null;
  reqHeaders: string | null;
  reqBody: Buffer | null;
  resStatus: number | null;
  resHeaders: string | null;
  resBody: Buffer | null;
  resSize: number | null;
  ok: number;
  error: string | null;
  durationMs: number | null;
  verdict: 'same' | 'changed' | null;
  comparison: string | null;
}

export interface ExecutorDeps {
  db: Db;
  store: RunStore;
  sender: HttpSender;
  clock: Clock;
  logger: Logger;
  version: string;
  /** Endpoints as they are now (current secrets), looked up when a batch is claimed. */
  endpoints(): Map<string, EndpointRecord>;
  receiverBase(): string | null;
  onProgress(runId: string): void;
  onFinished(runId: string): void;
}

const FLUSH_MS = 100;
const FLUSH_AT = 200;
const RATE_WINDOW_MS = 5_000;

/** The compare settings a run was stored with (defaults filled in). */
export const compareOf = (o: StoredOptions): CompareSettings => o.compare;

export function answerText(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return body.toString('base64');
  }
}

/**
 * Sends one run's items off the engine's path: its own pool of connections, bounded concurrency, an
 * optional rate, results written in batches. An item is marked 'sending' in the store before it goes
 * out, so after a crash it is reported, never sent again.
 */
export class RunExecutor {
  private state: 'running' | 'paused' | 'stopping' | 'finished' | 'closed' = 'running';
  private finalStatus: RunStatus = 'completed';
  private note: string | null = null;
  private queue: ClaimedItem[] = [];
  private inFlight = 0;
  private results: Result[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private waitTimer: NodeJS.Timeout | null = null;
  private nextSendAt = 0;
  private drained = false;
  private readonly done: number[] = [];
  private endpointMap: Map<string, EndpointRecord> = new Map();
  private claimStmt;
  private markStmt;
  private updateStmt;

  constructor(
    readonly runId: string,
    private readonly options: StoredOptions,
    private readonly signing: SigningPlan,
    private readonly target: RunTarget,
    private readonly deps: ExecutorDeps,
  ) {
    const db = deps.db;
    this.claimStmt = db.prepare(
      `SELECT run_id, idx, kind, ref, endpoint_id, event_id, topic, delivery_id, method, url, path, headers, body, content_type, sig_scheme,
         base_status, base_headers, base_body FROM replay_items WHERE run_id = ? AND state = 'pending' ORDER BY idx LIMIT ?`,
    );
    this.markStmt = db.prepare(
      "UPDATE replay_items SET state = 'sending' WHERE run_id = ? AND state = 'pending' AND idx BETWEEN ? AND ?",
    );
    this.updateStmt = db.prepare(
      `UPDATE replay_items SET state = @state, sent_id = @sentId, sent_at = @sentAt, req_url = @reqUrl, req_headers = @reqHeaders, req_body = @reqBody,
         res_status = @resStatus, res_headers = @resHeaders, res_body = @resBody, res_size = @resSize, ok = @ok, error = @error,
         duration_ms = @durationMs, verdict = @verdict, comparison = @comparison WHERE run_id = @runId AND idx = @idx`,
    );
  }

  get status(): 'running' | 'paused' | 'stopping' | 'finished' | 'closed' {
    return this.state;
  }

  /** Items per second over the last few seconds. */
  rate(): number {
    const now = Date.now();
    while (this.done.length && this.done[0] < now - RATE_WINDOW_MS) this.done.shift();
    if (!this.done.length) return 0;
    const span = Math.max(1_000, now - this.done[0]);
    return Math.round((this.done.length / span) * 10_000) / 10;
  }

  start(): void {
    this.state = 'running';
    this.pump();
  }

  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.release('pending');
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.drained = false;
    this.pump();
  }

  /** Stops sending; what was not sent is reported as not sent with `reason`. */
  stop(status: RunStatus, reason: string): void {
    if (this.state === 'finished' || this.state === 'closed' || this.state === 'stopping') return;
    this.state = 'stopping';
    this.finalStatus = status;
    this.note = status === 'stopped' ? reason.replace(/^Not sent: the run s/, 'S') : null;
    this.release('not_sent', reason);
    this.deps.store.abandon(this.runId, reason);
    this.maybeFinish();
  }

  /** Host shutdown: items in flight stay 'sending' (reported after the restart), claimed ones go back. */
  async close(): Promise<void> {
    if (this.state === 'finished') return;
    const deadline = Date.now() + 2_000;
    this.release('pending');
    this.state = 'closed';
    while (this.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    this.flush();
    this.clearTimers();
  }

  private clearTimers(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.waitTimer) clearTimeout(this.waitTimer);
    this.flushTimer = this.waitTimer = null;
  }

  /** Claimed items that were not sent go back to pending (pause) or become not sent (cancel). */
  private release(to: 'pending' | 'not_sent', reason?: string): void {
    if (!this.queue.length) return;
    const idx = this.queue.map((q) => q.idx);
    this.queue = [];
    const stmt = this.deps.db.prepare(
      `UPDATE replay_items SET state = ?, error = ? WHERE run_id = ? AND state = 'sending' AND idx = ?`,
    );
    this.deps.db.transaction(() => {
      for (const i of idx) stmt.run(to, to === 'not_sent' ? (reason ?? null) : null, this.runId, i);
    })();
  }

  private claim(): void {
    // A small claim: after a kill, every claimed item is reported as possibly sent, so at most
    // twice the concurrency is ambiguous (one claim in flight, one waiting).
    const n = this.options.concurrency;
    // Answers recorded so far go to the store first: what is 'sending' stays what may be in flight.
    this.flush();
    const rows = this.claimStmt.all(this.runId, n) as ClaimedItem[];
    if (!rows.length) {
      this.drained = true;
      return;
    }
    this.markStmt.run(this.runId, rows[0].idx, rows[rows.length - 1].idx);
    this.endpointMap = this.deps.endpoints();
    this.queue.push(...rows);
  }

  private pump(): void {
    while (this.state === 'running' && this.inFlight < this.options.concurrency) {
      if (!this.queue.length) {
        if (this.drained) break;
        this.claim();
        if (!this.queue.length) break;
      }
      if (this.options.ratePerSecond) {
        const now = Date.now();
        if (now < this.nextSendAt) {
          if (!this.waitTimer)
            this.waitTimer = setTimeout(() => ((this.waitTimer = null), this.pump()), this.nextSendAt - now);
          return;
        }
        this.nextSendAt = Math.max(now, this.nextSendAt) + 1000 / this.options.ratePerSecond;
      }
      this.send(this.queue.shift()!);
    }
    this.maybeFinish();
  }

  private send(item: ClaimedItem): void {
    const now = this.deps.clock.now();
    let built;
    try {
      built = buildRequest(item, {
        db: this.deps.db,
        now,
        version: this.deps.version,
        keepId: this.options.keepId,
        signing: this.signing,
        edits: this.options.edits,
        target: this.target,
        receiverBase: this.deps.receiverBase(),
        endpoint: (id) => this.endpointMap.get(id),
      });
    } catch (err) {
      const message =
        err instanceof HookbenchError
          ? err.message
          : `This item could not be prepared: ${(err as Error).message}`;
      this.record(item, {
        idx: item.idx,
        state: 'error',
        sentId: null,
        sentAt: null,
        reqUrl: null,
        reqHeaders: null,
        reqBody: null,
        resStatus: null,
        resHeaders: null,
        resBody: null,
        resSize: null,
        ok: 0,
        error: message,
        durationMs: null,
        verdict: null,
        comparison: null,
      });
      return;
    }
    this.inFlight++;
    const flat: string[] = [];
    for (const [k, v] of built.headers) flat.push(k, v);
    const hasBody = !(built.method === 'GET' || built.method === 'HEAD') || built.body.length > 0;
    this.deps.sender.send(
      {
        url: built.url,
        method: built.method,
        headers: flat,
        body: hasBody ? built.body : Buffer.alloc(0),
        timeoutMs: this.options.timeoutMs,
        connectTimeoutMs: Math.min(10_000, this.options.timeoutMs),
        allowSelfSigned: true,
      },
      { executor: this, item, built, now },
      onSent,
    );
  }

  /** Called by the sender for each answer (or failure). */
  answered(
    item: ClaimedItem,
    built: { url: URL; headers: [string, string][]; body: Buffer; sentId: string; bodyChanged: boolean },
    sentAt: number,
    out: SendOutcome,
  ): void {
    this.inFlight--;
    if (this.state === 'closed') return; // shutting down: the item stays 'sending', reported after a restart
    const res = out.response;
    let verdict: Result['verdict'] = null;
    let comparison: string | null = null;
    if (res && item.base_status !== null) {
      const cmp = compareAnswers(
        {
          status: item.base_status,
          headers: JSON.parse(item.base_headers ?? '[]') as [string, string][],
          body: answerText(item.base_body ?? Buffer.alloc(0)),
        },
        { status: res.status, headers: res.headers, body: answerText(res.body) },
        compareOf(this.options),
      );
      verdict = cmp.verdict;
      comparison = JSON.stringify(cmp);
    }
    this.record(item, {
      idx: item.idx,
      state: res ? 'answered' : 'error',
      sentId: built.sentId,
      sentAt,
      reqUrl: built.url.toString(),
      reqHeaders: JSON.stringify(built.headers),
      reqBody: built.bodyChanged ? built.body : null,
      resStatus: res?.status ?? null,
      resHeaders: res ? JSON.stringify(res.headers) : null,
      resBody: res?.body ?? null,
      resSize: res?.size ?? null,
      ok: res && res.status >= 200 && res.status < 300 ? 1 : 0,
      error: out.error?.message ?? null,
      durationMs: out.totalMs,
      verdict,
      comparison,
    });
    this.pump();
  }

  private record(item: ClaimedItem, r: Result): void {
    this.results.push(r);
    this.done.push(Date.now());
    if (r.ok === 0 && this.options.stopOnFailure && this.state === 'running') {
      this.flush();
      this.stop('stopped', `Not sent: the run stopped after the first failure (item ${item.idx + 1}).`);
      return;
    }
    if (this.results.length >= FLUSH_AT) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.results.length) return;
    const batch = this.results;
    this.results = [];
    const runId = this.runId;
    this.deps.db.transaction(() => {
      for (const r of batch) this.updateStmt.run({ ...r, runId });
    })();
    this.deps.onProgress(runId);
  }

  private maybeFinish(): void {
    if (this.inFlight > 0 || this.queue.length > 0) return;
    if (this.state === 'running' && !this.drained) return;
    if (this.state !== 'running' && this.state !== 'stopping') return;
    this.flush();
    this.clearTimers();
    const status = this.state === 'stopping' ? this.finalStatus : 'completed';
    this.state = 'finished';
    this.deps.store.setStatus(this.runId, status, this.deps.clock.now(), this.note);
    this.deps.onFinished(this.runId);
  }
}

interface SentCtx {
  executor: RunExecutor;
  item: ClaimedItem;
  built: { url: URL; headers: [string, string][]; body: Buffer; sentId: string; bodyChanged: boolean };
  now: number;
}

function onSent(ctx: SentCtx, out: SendOutcome): void {
  try {
    ctx.executor.answered(ctx.item, ctx.built, ctx.now, out);
  } catch {
    // recording failed (store closed); the item stays 'sending' and is reported after a restart
  }
}
