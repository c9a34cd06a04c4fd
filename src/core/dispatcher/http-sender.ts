import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { describeNetworkError, type AttemptError } from './network-errors';

/** Response bodies are kept up to this size; the real size is recorded as well. */
export const RESPONSE_BODY_CAP = 64 * 1024;

/** How often the attempts in flight are checked against their deadlines (timeout precision). */
const SWEEP_MS = 20;

export interface SendRequest {
  url: URL;
  method: string;
  /** Name, value, name, value… as sent (undici's flat form). */
  headers: string[];
  body: Buffer;
  timeoutMs: number;
  connectTimeoutMs: number;
  allowSelfSigned: boolean;
}

export interface SendResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
  size: number;
}

export interface SendOutcome {
  response: SendResponse | null;
  error: AttemptError | null;
  connectMs: number | null;
  firstByteMs: number | null;
  totalMs: number;
}

const EMPTY = Buffer.alloc(0);
const round2 = (ms: number): number => Math.round(ms * 100) / 100;
const timeoutError = () => Object.assign(new Error('attempt timed out'), { code: 'HOOKBENCH_TIMEOUT' });

/** Where one URL's attempts go: its pool and request path, resolved once per URL object. */
interface Target {
  pool: Pool;
  origin: string;
  path: string;
  allowSelfSigned: boolean;
  connectTimeoutMs: number;
  gen: number;
}

interface InFlight {
  readonly deadline: number;
  expire(): void;
}

/**
 * One attempt in flight, as undici's (lean, non-wrapped) dispatch handler: one object per
 * request, no closures, no promise; the callback gets the outcome exactly once.
 */
class Attempt<T> implements Dispatcher.DispatchHandler {
  done = false;
  abort: ((err: Error) => void) | null = null;
  connectMs: number | null = null;
  firstByteMs: number | null = null;
  status = 0;
  rawHeaders: Buffer[] | string[] | null = null;
  first: Buffer | null = null;
  chunks: Buffer[] | null = null;
  kept = 0;
  size = 0;
  readonly deadline: number;

  constructor(
    private readonly sender: HttpSender,
    private readonly req: SendRequest,
    private readonly t0: number,
    private ctx: T | null,
    private cb: ((ctx: T, outcome: SendOutcome) => void) | null,
  ) {
    this.deadline = t0 + req.timeoutMs;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abort = abort as (err: Error) => void;
    if (this.done) return abort(timeoutError());
    this.connectMs = round2(performance.now() - this.t0);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[] | string[]): boolean {
    if (statusCode < 200 && statusCode >= 100) return true; // informational
    this.firstByteMs = round2(performance.now() - this.t0);
    this.status = statusCode;
    this.rawHeaders = rawHeaders;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.size += chunk.length;
    if (this.kept < RESPONSE_BODY_CAP) {
      const room = RESPONSE_BODY_CAP - this.kept;
      const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (this.first === null) this.first = part;
      else (this.chunks ??= [this.first]).push(part);
      this.kept += part.length;
    }
    return true;
  }

  onComplete(): void {
    this.finish(this.response(), null);
  }

  onError(err: Error): void {
    // An answer whose body broke off still counts as the answer it started as.
    if (this.status && this.firstByteMs !== null && !(err as { code?: string }).code?.includes('TIMEOUT'))
      return this.finish(this.response(), null);
    this.finish(null, err);
  }

  onUpgrade(): void {
    this.finish(null, new Error('unexpected upgrade'));
  }

  /** Called by the sender's sweep once the deadline has passed. */
  expire(): void {
    const err = timeoutError();
    this.abort?.(err);
    this.finish(null, err);
  }

  private response(): SendResponse {
    const raw = this.rawHeaders;
    const headers: [string, string][] = [];
    if (raw) for (let i = 0; i + 1 < raw.length; i += 2) headers.push([String(raw[i]), String(raw[i + 1])]);
    const body = this.chunks ? Buffer.concat(this.chunks) : (this.first ?? EMPTY);
    return { status: this.status, headers, body, size: this.size };
  }

  finish(response: SendResponse | null, err: unknown): void {
    if (this.done) return;
    this.done = true;
    this.sender.untrack(this);
    const req = this.req;
    const error = err
      ? describeNetworkError(err, req.url.host, req.timeoutMs / 1000, req.connectTimeoutMs / 1000)
      : null;
    const cb = this.cb!;
    const ctx = this.ctx as T;
    this.cb = this.ctx = null;
    this.first = this.chunks = null;
    this.rawHeaders = null;
    cb(ctx, {
      response,
      error,
      connectMs: this.connectMs,
      firstByteMs: this.firstByteMs,
      totalMs: round2(performance.now() - this.t0),
    });
  }
}

/**
 * Sends attempts over kept-alive undici Pools, one per origin and TLS/connect setting. Never
 * follows redirects (a 3xx comes back as an answer). Every call answers through its callback,
 * exactly once; it never throws. Deadlines are checked by one sweep timer for all attempts.
 */
export class HttpSender {
  private pools = new Map<string, Pool>();
  private readonly targets = new WeakMap<URL, Target>();
  /** Bumped when pools are dropped, so cached targets look their pool up again. */
  private gen = 0;
  private readonly inflight = new Set<InFlight>();
  private sweeper: NodeJS.Timeout | null = null;
  private closed = false;

  private target(req: SendRequest): Target {
    const t = this.targets.get(req.url);
    if (
      t &&
      t.gen === this.gen &&
      t.allowSelfSigned === req.allowSelfSigned &&
      t.connectTimeoutMs === req.connectTimeoutMs
    )
      return t;
    const origin = req.url.origin;
    const key = `${origin}|${req.allowSelfSigned ? 1 : 0}|${req.connectTimeoutMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(origin, {
        pipelining: 1,
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 60_000,
        connect: { rejectUnauthorized: !req.allowSelfSigned, timeout: req.connectTimeoutMs },
      });
      this.pools.set(key, pool);
    }
    const fresh: Target = {
      pool,
      origin,
      path: req.url.pathname + req.url.search,
      allowSelfSigned: req.allowSelfSigned,
      connectTimeoutMs: req.connectTimeoutMs,
      gen: this.gen,
    };
    this.targets.set(req.url, fresh);
    return fresh;
  }

  /** Sends; `done(ctx, outcome)` is called exactly once (pass one shared function, not a closure). */
  send<T>(req: SendRequest, ctx: T, done: (ctx: T, outcome: SendOutcome) => void): void {
    const attempt = new Attempt<T>(this, req, performance.now(), ctx, done);
    if (this.closed)
      return attempt.finish(
        null,
        Object.assign(new Error('Hookbench is shutting down'), { code: 'UND_ERR_CLOSED' }),
      );
    this.inflight.add(attempt);
    this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS);
    try {
      const t = this.target(req);
      t.pool.dispatch(
        {
          origin: t.origin,
          path: t.path,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          headersTimeout: req.timeoutMs,
          bodyTimeout: req.timeoutMs,
          blocking: false,
        },
        attempt,
      );
    } catch (err) {
      attempt.finish(null, err);
    }
  }

  untrack(attempt: InFlight): void {
    this.inflight.delete(attempt);
  }

  private sweep(): void {
    if (this.inflight.size === 0) {
      clearInterval(this.sweeper!);
      this.sweeper = null;
      return;
    }
    const now = performance.now();
    for (const a of this.inflight) if (a.deadline <= now) a.expire();
  }

  /** Drops pools whose endpoints changed (TLS or timeouts) so the next attempt connects fresh. */
  async dropOrigin(origin: string): Promise<void> {
    for (const [key, pool] of this.pools) {
      if (key.startsWith(`${origin}|`)) {
        this.pools.delete(key);
        this.gen++;
        await pool.close().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    this.gen++;
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }
}
