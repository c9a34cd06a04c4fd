import type { Delivery } from '../../shared/dispatcher-deliveries';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { AttemptRunner } from './attempt-runner';
import { planCompletion, type Completion } from './completion';
import { countFailures } from './failure-count';
import { CycleBatch, toPending, type NewDelivery, type NewEvent } from './cycle-batch';
import type { DispatchWriter } from './dispatch-writer';
import type { EndpointRecord } from './endpoint-store';
import type { HttpSender } from './http-sender';
import { LatencySamples } from './latency-samples';
import { RateGate } from './rate-gate';
import { prepareMain, type DueRow } from './statements';

/** How long a claimed delivery stays leased (beyond its timeout); leases are reclaimed at every start. */
const LEASE_MS = 10 * 60_000;
const SWEEP_MS = 30_000;
/**
 * New deliveries committed per cycle. A cycle is one transaction on the writer, and an attempt
 * that finishes while it runs is stored by the next one, so the rows of a cycle bound how long a
 * finished attempt waits to be stored: while attempts are in flight a burst goes in small
 * slices; with nothing in flight (an import, a paused endpoint) in large ones.
 */
const MAX_INSERTS_PER_CYCLE = 2000;
const MAX_INSERTS_WHILE_SENDING = 256;

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

export type { NewDelivery, NewEvent } from './cycle-batch';

interface Runtime {
  queue: DueRow[];
  inflight: number;
  /** The store may hold due deliveries for this endpoint that are not in memory. */
  dueMaybe: boolean;
  /** Bumped whenever dueMaybe is set, so a claim answered later does not clear a newer hint. */
  dueGen: number;
  gate: RateGate;
  rateTimer: NodeJS.Timeout | null;
}

interface Insert {
  events: NewEvent[];
  deliveries: NewDelivery[];
  /** What the promise resolves with once committed. */
  result: unknown;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * The delivery engine: an outbox in SQLite worked by a loop of "cycles". Each cycle commits new
 * deliveries, finished attempts and fresh leases in one transaction on the writer worker while
 * the event loop keeps driving HTTP; once it is acknowledged, attempts start within each
 * endpoint's concurrency and rate limits. A delivery is done only once its 2xx is committed;
 * leased work left by a crash or kill is reclaimed on the next start (at-least-once).
 */
export class DeliveryEngine {
  private readonly main: ReturnType<typeof prepareMain>;
  private readonly rts = new Map<string, Runtime>();
  /** Delivery ids held in memory (queued, in flight, or awaiting commit). */
  private readonly claimed = new Set<string>();
  private readonly cancelled = new Set<string>();
  private inserts: Insert[] = [];
  private completions: Completion[] = [];
  /** performance.now() when each queued completion finished (parallel to `completions`). */
  private completionTimes: number[] = [];
  /** Attempt-to-stored latencies (ms) of recent completions, for the benchmark. */
  readonly storedLatency = new LatencySamples();
  private releases: number[] = [];
  private cycleTimer: NodeJS.Immediate | null = null;
  private cycleRunning: Promise<void> | null = null;
  private again = false;
  private wakeAt: number | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;
  private inflightTotal = 0;
  private closing = false;
  private idle: (() => void) | null = null;
  private readonly runner: AttemptRunner;

  constructor(
    db: Db,
    private readonly writer: DispatchWriter,
    private readonly clock: Clock,
    private readonly logger: Logger,
    sender: HttpSender,
    version: string,
    private readonly hooks: EngineHooks,
  ) {
    this.main = prepareMain(db);
    this.runner = new AttemptRunner(clock, sender, version, (c) => this.attemptDone(c));
  }

  /** Reclaims leases left by a previous process (the data-dir lock says none is running) and starts. */
  async start(): Promise<void> {
    await this.writer.start();
    const { changes } = this.main.reclaimAll.run();
    if (changes)
      this.logger.info('dispatcher reclaimed deliveries leased by a previous run', { count: changes });
    this.wakeAll();
  }

  private rt(id: string): Runtime {
    let rt = this.rts.get(id);
    if (!rt) {
      rt = { queue: [], inflight: 0, dueMaybe: true, dueGen: 0, gate: new RateGate(), rateTimer: null };
      this.rts.set(id, rt);
    }
    return rt;
  }

  private hint(rt: Runtime): void {
    rt.dueMaybe = true;
    rt.dueGen++;
  }

  /**
   * Commits new deliveries (group commit with other work); resolves with `result` once they are
   * durable (the caller needs no async frame of its own kept alive meanwhile).
   */
  enqueue<T>(events: NewEvent[], deliveries: NewDelivery[], result: T): Promise<T> {
    if (this.closing) return Promise.reject(new Error('The dispatcher is shutting down.'));
    return new Promise<T>((resolve, reject) => {
      this.inserts.push({ events, deliveries, result, resolve: resolve as (r: unknown) => void, reject });
      this.requestCycle();
    });
  }

  /** Something made deliveries of this endpoint due (resume, reactivate, manual retry). */
  poke(endpointId: string): void {
    this.hint(this.rt(endpointId));
    this.requestCycle();
  }

  wakeAll(): void {
    for (const ep of this.hooks.endpoints()) this.hint(this.rt(ep.id));
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

  /** Statements run on the writer connection, in order with the cycles (cancel, resend, delete). */
  exec(stmts: [sql: string, params: unknown[]][]): Promise<{ changes: number[]; ids: number[] }> {
    return this.writer.exec(stmts);
  }

  /** The endpoint's fields changed in place: parse its URL again on the next attempt. */
  invalidate(ep: EndpointRecord): void {
    this.runner.invalidate(ep);
  }

  /** Resolves once the cycle in flight, if any, is committed and applied (not the ones after it). */
  async settled(): Promise<void> {
    await this.cycleRunning;
  }

  /** Whether a delivery is in memory right now (queued or in flight). */
  isClaimed(id: string): boolean {
    return this.claimed.has(id);
  }

  /** Drops a queued delivery from memory (cancel); a claim still on its way will not start it. */
  unqueue(endpointId: string, id: string): void {
    if (this.cancelled.size > 10_000) this.cancelled.clear();
    this.cancelled.add(id);
    const rt = this.rts.get(endpointId);
    const i = rt ? rt.queue.findIndex((r) => r.id === id) : -1;
    if (!rt || i < 0) return;
    rt.queue.splice(i, 1);
    this.claimed.delete(id);
  }

  private requestCycle(): void {
    if (this.cycleRunning) {
      this.again = true;
      return;
    }
    if (this.cycleTimer) return;
    this.cycleTimer = setImmediate(() => {
      this.cycleTimer = null;
      this.cycleRunning = this.cycle().finally(() => {
        this.cycleRunning = null;
        if (this.again) {
          this.again = false;
          this.requestCycle();
        }
      });
    });
  }

  private batchSize(ep: EndpointRecord): number {
    return Math.min(10_000, Math.max(256, ep.fields.maxConcurrency * 64));
  }

  private async cycle(): Promise<void> {
    const now = this.clock.now();
    // A burst of events is committed in slices so the first attempts start while the rest is written.
    let take = 0;
    let rows = 0;
    const cap =
      this.inflightTotal > 0 || this.completions.length > 0 ? MAX_INSERTS_WHILE_SENDING : MAX_INSERTS_PER_CYCLE;
    while (take < this.inserts.length && (take === 0 || rows + this.inserts[take].deliveries.length <= cap)) {
      rows += this.inserts[take].deliveries.length;
      take++;
    }
    const inserts = take === this.inserts.length ? this.inserts : this.inserts.slice(0, take);
    const completions = this.completions;
    const completionTimes = this.completionTimes;
    this.inserts = take === this.inserts.length ? [] : this.inserts.slice(take);
    if (this.inserts.length) this.again = true;
    this.completions = [];
    this.completionTimes = [];
    const batch = new CycleBatch();
    batch.releases = this.releases;
    this.releases = [];
    const incoming = new Map<string, number>();
    // Per new delivery: leased at insert (queued here at once), or left for a later claim.
    const { fresh, taken } = batch.addInserts(inserts, now + LEASE_MS, ({ row, endpoint }) => {
      if (this.hooks.endpoint(endpoint.id) !== endpoint) return null; // deleted meanwhile
      const rt = this.rt(endpoint.id);
      const held = (incoming.get(endpoint.id) ?? 0) + rt.queue.length + rt.inflight;
      const take =
        !this.closing && (endpoint.state === 'active' || row.kind === 'ping') && held < this.batchSize(endpoint);
      if (take) incoming.set(endpoint.id, (incoming.get(endpoint.id) ?? 0) + 1);
      return take;
    });
    const compression = this.hooks.compression();
    const plans = completions.map((c) =>
      planCompletion(c, this.hooks.endpoint(c.row.endpoint_id), now, compression, batch),
    );
    const disables = countFailures(completions, plans, now, batch, this.hooks, (id) => this.hold(id));
    const claimGens: Runtime[] = [];
    const gens: number[] = [];
    if (!this.closing) {
      for (const ep of this.hooks.endpoints()) {
        const rt = this.rt(ep.id);
        if (!rt.dueMaybe || rt.queue.length > ep.fields.maxConcurrency) continue;
        const room = this.batchSize(ep) - rt.queue.length - rt.inflight - (incoming.get(ep.id) ?? 0);
        if (room <= 0) continue;
        batch.claims.push([
          ep.id,
          ep.state !== 'active',
          room,
          now,
          now + LEASE_MS + ep.fields.timeoutSeconds * 1000,
        ]);
        claimGens.push(rt);
        gens.push(rt.dueGen);
      }
    }
    const releases = batch.releases;
    const claims = batch.claims;
    let result;
    try {
      result = await this.writer.cycle(batch);
    } catch (err) {
      this.logger.error('dispatcher cycle failed', { error: (err as Error).message });
      for (const ins of inserts) ins.reject(err);
      this.completions.unshift(...completions);
      this.completionTimes.unshift(...completionTimes);
      this.releases.push(...releases);
      if (!this.closing) setTimeout(() => this.requestCycle(), 1000).unref();
      return;
    }
    const emitted: Delivery[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const { row, endpoint } = fresh[i];
      row.seq = result.inserted[i];
      const rt = this.rt(endpoint.id);
      if (taken[i]) {
        this.claimed.add(row.id);
        rt.queue.push(row);
      } else this.hint(rt);
      emitted.push(toPending(row, endpoint));
    }
    const storedAt = performance.now();
    for (let i = 0; i < plans.length; i++) {
      const p = plans[i];
      this.storedLatency.add(storedAt - completionTimes[i]);
      this.claimed.delete(completions[i].row.id);
      const path = result.paths[i];
      if (path === 0) continue;
      if (path === 2) Object.assign(p.delivery, { status: 'cancelled', nextAttemptAt: null });
      else if (p.nextAttemptAt !== null) this.setWake(p.nextAttemptAt);
      emitted.push(p.delivery);
    }
    for (const fn of disables) fn();
    result.claimed.forEach((rows, i) => {
      const rt = claimGens[i];
      const limit = claims[i][2];
      if (rows.length < limit && rt.dueGen === gens[i]) rt.dueMaybe = false;
      for (const row of rows) {
        if (this.claimed.has(row.id) || this.cancelled.delete(row.id)) continue;
        this.claimed.add(row.id);
        rt.queue.push(row);
      }
    });
    for (const ins of inserts) ins.resolve(ins.result);
    if (emitted.length) this.hooks.onDeliveries(emitted);
    for (const ep of this.hooks.endpoints()) this.startMore(ep);
    if (this.wakeAt === null && !this.closing) this.scheduleWake(this.clock.now());
    if (this.closing && this.inflightTotal === 0) this.idle?.();
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
        if (!rt.rateTimer)
          rt.rateTimer = setTimeout(
            () => ((rt.rateTimer = null), this.startMore(this.hooks.endpoint(ep.id) ?? ep)),
            wait,
          );
        return;
      }
      rt.queue.shift();
      this.attempt(ep, rt, row);
    }
  }

  private attempt(ep: EndpointRecord, rt: Runtime, row: DueRow): void {
    rt.inflight++;
    this.inflightTotal++;
    this.runner.run(ep, row);
  }

  /** An attempt finished (one function for all attempts). */
  private attemptDone(c: Completion): void {
    const id = c.row.endpoint_id;
    this.rt(id).inflight--;
    this.inflightTotal--;
    if (this.closing && !this.idle) return;
    this.completions.push(c);
    this.completionTimes.push(performance.now());
    this.requestCycle();
    const current = this.hooks.endpoint(id);
    if (current) this.startMore(current);
  }

  private setWake(t: number): void {
    if (this.closing || (this.wakeAt !== null && this.wakeAt <= t)) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeAt = t;
    this.wakeTimer = setTimeout(
      () => {
        this.wakeAt = null;
        this.wakeTimer = null;
        this.wakeAll();
      },
      Math.max(0, Math.min(t - this.clock.now(), SWEEP_MS)),
    );
  }

  /** Finds the earliest due time of work left in the store and sets a timer for it. */
  private scheduleWake(now: number): void {
    let min = now + SWEEP_MS;
    for (const ep of this.hooks.endpoints()) {
      const rt = this.rt(ep.id);
      if (rt.dueMaybe) continue;
      const stmt = ep.state === 'active' ? this.main.nextDue : this.main.nextDuePing;
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
      clearImmediate(this.cycleTimer);
      this.cycleTimer = null;
    }
    while (this.cycleRunning) await this.cycleRunning;
    if (this.inserts.length || this.completions.length || this.releases.length) await this.cycle();
    this.idle = null;
  }
}
