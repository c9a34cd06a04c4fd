import type { Delivery } from '../../shared/dispatcher-deliveries';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { applyCompletion, type Completion } from './completion';
import type { EndpointRecord } from './endpoint-store';
import type { HttpSender } from './http-sender';
import { buildHeaders } from './request-headers';
import { RateGate } from './rate-gate';
import { prepareStatements, type DueRow, type Statements } from './statements';
import { checkEndpointUrl } from './url-rules';

/** How long a claimed delivery stays leased (beyond its timeout) before another claim may take it. */
const LEASE_MS = 10 * 60_000;
/** Cycles (one transaction each) run at most this often while work keeps arriving. */
const MIN_CYCLE_GAP_MS = 4;
const SWEEP_MS = 30_000;

export interface EngineHooks {
  endpoint(id: string): EndpointRecord | undefined;
  endpoints(): Iterable<EndpointRecord>;
  compression(): number;
  disableAfter(): number;
  /** After commit: deliveries whose state changed (the module batches them into events). */
  onDeliveries(items: Delivery[]): void;
  /** After commit: an endpoint was disabled by an answer (410) or by too many failures. */
  onDisabled(ep: EndpointRecord, reason: 'gone' | 'failures', message: string): void;
}

export interface NewDelivery {
  row: Omit<DueRow, 'seq' | 'status' | 'attempts' | 'manual_next'>;
  endpoint: EndpointRecord;
}
export interface NewEvent {
  id: string;
  topic: string;
  payload: string | null;
  createdAt: number;
}

interface Runtime {
  queue: DueRow[];
  inflight: number;
  /** The store may hold due deliveries for this endpoint that are not in memory. */
  dueMaybe: boolean;
  gate: RateGate;
  rateTimer: NodeJS.Timeout | null;
}

interface Insert {
  events: NewEvent[];
  deliveries: NewDelivery[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * The delivery engine: an outbox in SQLite, worked by one loop of short transactions ("cycles")
 * that commit new deliveries, finished attempts and fresh leases together, then start attempts
 * within each endpoint's concurrency and rate limits. A delivery is done only once its 2xx is
 * committed; leased work left by a crash is reclaimed on the next start (at-least-once).
 */
export class DeliveryEngine {
  private readonly st: Statements;
  private readonly rts = new Map<string, Runtime>();
  /** Delivery ids held in memory (queued, in flight, or awaiting commit). */
  private readonly claimed = new Set<string>();
  private inserts: Insert[] = [];
  private completions: Completion[] = [];
  private releases: number[] = [];
  private cycleTimer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private lastCycleAt = 0;
  private wakeAt: number | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private inflightTotal = 0;
  private closing = false;
  private idle: (() => void) | null = null;
  private readonly urls = new WeakMap<EndpointRecord, URL | Error>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly sender: HttpSender,
    private readonly version: string,
    private readonly hooks: EngineHooks,
  ) {
    this.st = prepareStatements(db);
  }

  /** Reclaims leases left by a previous process (the data-dir lock says none is running) and starts. */
  start(): void {
    const { changes } = this.st.reclaimAll.run();
    if (changes) this.logger.info('dispatcher reclaimed deliveries leased by a previous run', { count: changes });
    this.wakeAll();
  }

  private rt(id: string): Runtime {
    let rt = this.rts.get(id);
    if (!rt) {
      rt = { queue: [], inflight: 0, dueMaybe: true, gate: new RateGate(), rateTimer: null };
      this.rts.set(id, rt);
    }
    return rt;
  }

  /** Commits new deliveries (group commit with other work); resolves once they are durable. */
  enqueue(events: NewEvent[], deliveries: NewDelivery[]): Promise<void> {
    if (this.closing) return Promise.reject(new Error('The dispatcher is shutting down.'));
    return new Promise((resolve, reject) => {
      this.inserts.push({ events, deliveries, resolve, reject });
      this.requestCycle();
    });
  }

  /** Something made deliveries of this endpoint due (resume, reactivate, manual retry). */
  poke(endpointId: string): void {
    this.rt(endpointId).dueMaybe = true;
    this.requestCycle();
  }

  wakeAll(): void {
    for (const ep of this.hooks.endpoints()) this.rt(ep.id).dueMaybe = true;
    this.requestCycle();
  }

  /** Pause / disable: queued (not in-flight) deliveries go back to the store, pings excepted. */
  hold(endpointId: string): void {
    const rt = this.rts.get(endpointId);
    if (!rt) return;
    const keep: DueRow[] = [];
    for (const row of rt.queue) {
      if (row.kind === 'ping') keep.push(row);
      else {
        this.claimed.delete(row.id);
        this.releases.push(row.seq);
      }
    }
    rt.queue = keep;
    this.requestCycle();
  }

  forget(endpointId: string): void {
    const rt = this.rts.get(endpointId);
    if (!rt) return;
    for (const row of rt.queue) this.claimed.delete(row.id);
    rt.queue = [];
    if (rt.rateTimer) clearTimeout(rt.rateTimer);
  }

  /** The endpoint's fields changed in place: parse its URL again on the next attempt. */
  invalidate(ep: EndpointRecord): void {
    this.urls.delete(ep);
  }

  /** Whether a delivery is in memory right now (queued or in flight). */
  isClaimed(id: string): boolean {
    return this.claimed.has(id);
  }

  /** Drops a queued delivery from memory (cancel); returns false when it is in flight. */
  unqueue(endpointId: string, id: string): boolean {
    const rt = this.rts.get(endpointId);
    const i = rt ? rt.queue.findIndex((r) => r.id === id) : -1;
    if (!rt || i < 0) return !this.claimed.has(id);
    rt.queue.splice(i, 1);
    this.claimed.delete(id);
    return true;
  }

  private requestCycle(): void {
    if (this.cycleTimer) return;
    const gap = this.clock.now() - this.lastCycleAt;
    const run = () => {
      this.cycleTimer = null;
      this.cycle();
    };
    this.cycleTimer = gap >= MIN_CYCLE_GAP_MS ? setImmediate(run) : setTimeout(run, MIN_CYCLE_GAP_MS - gap);
  }

  private cycle(): void {
    const now = this.clock.now();
    this.lastCycleAt = now;
    const inserts = this.inserts;
    const completions = this.completions;
    const releases = this.releases;
    this.inserts = [];
    this.completions = [];
    this.releases = [];
    const after: (() => void)[] = [];
    const emitted: Delivery[] = [];
    try {
      this.db.transaction(() => {
        for (const seq of releases) this.st.release.run(seq);
        for (const ins of inserts) this.writeInserts(ins, now, after, emitted);
        for (const c of completions) this.writeCompletion(c, now, after, emitted);
        if (!this.closing) this.claim(now, after);
      })();
    } catch (err) {
      this.logger.error('dispatcher cycle failed', { error: (err as Error).message });
      for (const ins of inserts) ins.reject(err);
      this.completions.unshift(...completions);
      this.releases.push(...releases);
      setTimeout(() => this.requestCycle(), 1000).unref();
      return;
    }
    for (const fn of after) fn();
    for (const ins of inserts) ins.resolve();
    if (emitted.length) this.hooks.onDeliveries(emitted);
    for (const ep of this.hooks.endpoints()) this.startMore(ep);
    if (this.wakeAt === null && !this.closing) this.scheduleWake(now);
    if (this.closing && this.inflightTotal === 0) this.idle?.();
  }

  private writeInserts(ins: Insert, now: number, after: (() => void)[], emitted: Delivery[]): void {
    for (const e of ins.events) this.st.insertEvent.run(e.id, e.topic, e.payload, e.createdAt);
    for (const { row, endpoint } of ins.deliveries) {
      const rt = this.rt(endpoint.id);
      // Fresh work for an endpoint that can take it goes straight to memory, leased.
      const take = (endpoint.state === 'active' || row.kind === 'ping') && rt.queue.length + rt.inflight < this.batchSize(endpoint);
      const info = this.st.insertDelivery.run(row.id, row.event_id, row.endpoint_id, row.topic, row.kind, row.body, row.content_type,
        row.max_attempts, row.created_at, take ? now + LEASE_MS : null, row.created_at, row.created_at);
      const due: DueRow = { ...row, seq: Number(info.lastInsertRowid), status: 'pending', attempts: 0, manual_next: 0 };
      if (take) after.push(() => (this.claimed.add(due.id), rt.queue.push(due)));
      else after.push(() => (rt.dueMaybe = true));
      emitted.push(toPending(due, endpoint));
    }
  }

  private writeCompletion(c: Completion, now: number, after: (() => void)[], emitted: Delivery[]): void {
    const ep = this.hooks.endpoint(c.row.endpoint_id);
    const applied = applyCompletion(this.st, c, ep, now, this.hooks.compression());
    after.push(() => this.claimed.delete(c.row.id));
    if (!applied) return;
    emitted.push(applied.delivery);
    if (applied.nextAttemptAt !== null) {
      const t = applied.nextAttemptAt;
      after.push(() => this.setWake(t));
    }
    if (!ep) return;
    // Pings test the connection: they neither reset nor add to the failure count (410 still disables).
    const counts = c.row.kind !== 'ping';
    if (!counts && !applied.gone) return;
    if (applied.status === 'succeeded' && ep.consecutiveFailures !== 0) {
      this.st.setFailures.run(0, ep.id);
      after.push(() => (ep.consecutiveFailures = 0));
    } else if (applied.status === 'failed') {
      const failures = ep.consecutiveFailures + (counts ? 1 : 0);
      if (counts) {
        this.st.setFailures.run(failures, ep.id);
        after.push(() => (ep.consecutiveFailures = failures));
      }
      const limit = this.hooks.disableAfter();
      const reason = applied.gone ? 'gone' : limit > 0 && failures >= limit ? 'failures' : null;
      if (reason && ep.state !== 'disabled') {
        const message =
          reason === 'gone'
            ? `Endpoint "${ep.fields.name}" answered 410 Gone, so Hookbench disabled it. Fix the URL, then reactivate it.`
            : `Endpoint "${ep.fields.name}" was disabled after ${failures} failed deliveries in a row. Fix the receiver, then reactivate it.`;
        this.st.setState.run('disabled', message, failures, now, ep.id);
        after.push(() => {
          ep.state = 'disabled';
          ep.disabledReason = message;
          ep.updatedAt = now;
          this.hold(ep.id);
          this.hooks.onDisabled(ep, reason, message);
        });
      }
    }
  }

  private batchSize(ep: EndpointRecord): number {
    return Math.min(1000, Math.max(64, ep.fields.maxConcurrency * 4));
  }

  /** Leases due deliveries for endpoints whose in-memory queue is running low. */
  private claim(now: number, after: (() => void)[]): void {
    for (const ep of this.hooks.endpoints()) {
      const rt = this.rt(ep.id);
      if (!rt.dueMaybe || rt.queue.length > ep.fields.maxConcurrency) continue;
      const room = this.batchSize(ep) - rt.queue.length - rt.inflight;
      if (room <= 0) continue;
      const stmt = ep.state === 'active' ? this.st.selectDue : this.st.selectDuePings;
      const rows = (stmt.all(ep.id, now, room) as DueRow[]).filter((r) => !this.claimed.has(r.id));
      if (rows.length < room) rt.dueMaybe = false;
      for (const row of rows) this.st.lease.run(now + LEASE_MS + ep.fields.timeoutSeconds * 1000, row.seq);
      if (rows.length) after.push(() => {
        for (const row of rows) this.claimed.add(row.id);
        rt.queue.push(...rows);
      });
    }
  }

  private startMore(ep: EndpointRecord): void {
    const rt = this.rts.get(ep.id);
    if (!rt || this.closing) return;
    while (rt.queue.length && rt.inflight < ep.fields.maxConcurrency) {
      const row = rt.queue[0];
      if (ep.state !== 'active' && row.kind !== 'ping') {
        this.hold(ep.id);
        continue;
      }
      const wait = rt.gate.take(ep.fields.rateLimitPerSecond, this.clock.now());
      if (wait > 0) {
        if (!rt.rateTimer) rt.rateTimer = setTimeout(() => ((rt.rateTimer = null), this.startMore(this.hooks.endpoint(ep.id) ?? ep)), wait);
        return;
      }
      rt.queue.shift();
      this.attempt(ep, rt, row);
    }
  }

  private url(ep: EndpointRecord): URL | Error {
    let u = this.urls.get(ep);
    if (!u) {
      try {
        u = checkEndpointUrl(ep.fields.url, ep.fields.allowPlainHttp);
      } catch (err) {
        u = err as Error;
      }
      this.urls.set(ep, u);
    }
    return u;
  }

  private attempt(ep: EndpointRecord, rt: Runtime, row: DueRow): void {
    rt.inflight++;
    this.inflightTotal++;
    const startedAt = this.clock.now();
    const url = this.url(ep);
    const method = ep.fields.method;
    const done = (c: Completion) => {
      rt.inflight--;
      this.inflightTotal--;
      if (this.closing && !this.idle) return;
      this.completions.push(c);
      this.requestCycle();
      const current = this.hooks.endpoint(ep.id);
      if (current) this.startMore(current);
    };
    let headers: [string, string][] = [];
    try {
      if (url instanceof Error) throw url;
      headers = buildHeaders(ep, row.id, row.body, row.content_type, startedAt, this.version).headers;
    } catch (err) {
      const code = url instanceof Error ? 'plain_http_refused' : 'network';
      const outcome = { response: null, connectMs: null, firstByteMs: null, totalMs: 0, error: { code, message: (err as Error).message } as const };
      queueMicrotask(() => done({ row, startedAt, method, url: ep.fields.url, headers, outcome }));
      return;
    }
    void this.sender
      .send({ url, method, headers, body: row.body, timeoutMs: ep.fields.timeoutSeconds * 1000,
        connectTimeoutMs: Math.min(ep.fields.connectTimeoutSeconds, ep.fields.timeoutSeconds) * 1000, allowSelfSigned: ep.fields.allowSelfSigned })
      .then((outcome) => done({ row, startedAt, method, url: url.href, headers, outcome }));
  }

  private setWake(t: number): void {
    if (this.closing || (this.wakeAt !== null && this.wakeAt <= t)) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = t;
    this.wakeTimer = setTimeout(() => {
      this.wakeAt = null;
      this.wakeTimer = null;
      this.wakeAll();
    }, Math.max(0, Math.min(t - this.clock.now(), SWEEP_MS)));
  }

  /** Finds the earliest due time of work left in the store and sets a timer for it. */
  private scheduleWake(now: number): void {
    let min = now + SWEEP_MS;
    for (const ep of this.hooks.endpoints()) {
      const rt = this.rt(ep.id);
      if (rt.dueMaybe) continue;
      const stmt = ep.state === 'active' ? this.st.nextDue : this.st.nextDuePing;
      const t = (stmt.get(ep.id) as { t: number | null }).t;
      if (t !== null && t < min) min = t;
    }
    this.setWake(min);
  }

  /** Stops starting attempts, waits briefly for those in flight and commits what finished. */
  async close(graceMs = 2000): Promise<void> {
    this.closing = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    for (const rt of this.rts.values()) if (rt.rateTimer) clearTimeout(rt.rateTimer);
    if (this.inflightTotal > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, graceMs);
        this.idle = () => (clearTimeout(t), resolve());
      });
    }
    if (this.cycleTimer) {
      clearTimeout(this.cycleTimer as NodeJS.Timeout);
      clearImmediate(this.cycleTimer as NodeJS.Immediate);
      this.cycleTimer = null;
    }
    this.cycle();
    this.idle = null;
  }
}

const toPending = (row: DueRow, ep: EndpointRecord): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  endpointId: row.endpoint_id,
  endpointName: ep.fields.name,
  topic: row.topic,
  status: 'pending',
  attempts: 0,
  maxAttempts: row.max_attempts,
  nextAttemptAt: row.created_at,
  lastStatus: null,
  lastError: null,
  durationMs: null,
  kind: row.kind,
  createdAt: row.created_at,
  updatedAt: row.created_at,
});
