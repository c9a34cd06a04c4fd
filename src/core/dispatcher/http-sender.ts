import { performance } from 'node:perf_hooks';
import { Pool, type Dispatcher } from 'undici';
import { describeNetworkError, type AttemptError } from './network-errors';

/** Response bodies are kept up to this size; the real size is recorded as well. */
export const RESPONSE_BODY_CAP = 64 * 1024;

export interface SendRequest {
  url: URL;
  method: string;
  headers: [string, string][];
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

const pairsFromRaw = (raw: unknown): [string, string][] => {
  const out: [string, string][] = [];
  if (!Array.isArray(raw)) return out;
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([String(raw[i]), String(raw[i + 1])]);
  return out;
};

const timeoutError = () => Object.assign(new Error('attempt timed out'), { code: 'HOOKBENCH_TIMEOUT' });

/**
 * Sends attempts over kept-alive undici Pools, one per origin and TLS/connect setting. Never
 * follows redirects (a 3xx comes back as an answer). Every call resolves; it never throws.
 */
export class HttpSender {
  private pools = new Map<string, Pool>();
  private closed = false;

  private poolFor(req: SendRequest): Pool {
    const key = `${req.url.origin}|${req.allowSelfSigned ? 1 : 0}|${req.connectTimeoutMs}`;
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new Pool(req.url.origin, {
        pipelining: 1,
        keepAliveTimeout: 4_000,
        keepAliveMaxTimeout: 60_000,
        connect: { rejectUnauthorized: !req.allowSelfSigned, timeout: req.connectTimeoutMs },
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  send(req: SendRequest): Promise<SendOutcome> {
    const t0 = performance.now();
    const host = req.url.host;
    return new Promise<SendOutcome>((resolve) => {
      let done = false;
      let controller: Dispatcher.DispatchController | null = null;
      let connectMs: number | null = null;
      let firstByteMs: number | null = null;
      let status = 0;
      let headers: [string, string][] = [];
      const chunks: Buffer[] = [];
      let kept = 0;
      let size = 0;
      const finish = (response: SendResponse | null, err: unknown) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const totalMs = performance.now() - t0;
        const error = err
          ? describeNetworkError(err, host, req.timeoutMs / 1000, req.connectTimeoutMs / 1000)
          : null;
        resolve({ response, error, connectMs, firstByteMs, totalMs: Math.round(totalMs * 100) / 100 });
      };
      const timer = setTimeout(() => {
        const err = timeoutError();
        controller?.abort(err);
        finish(null, err);
      }, req.timeoutMs);
      const handler: Dispatcher.DispatchHandler = {
        onRequestStart(c) {
          controller = c;
          if (done) return c.abort(timeoutError());
          connectMs = Math.round((performance.now() - t0) * 100) / 100;
        },
        onResponseStart(c, statusCode) {
          if (statusCode < 200 && statusCode >= 100) return; // informational
          firstByteMs = Math.round((performance.now() - t0) * 100) / 100;
          status = statusCode;
          headers = pairsFromRaw(c.rawHeaders);
        },
        onResponseData(_c, chunk) {
          size += chunk.length;
          if (kept < RESPONSE_BODY_CAP) {
            const part =
              chunk.length > RESPONSE_BODY_CAP - kept ? chunk.subarray(0, RESPONSE_BODY_CAP - kept) : chunk;
            chunks.push(part);
            kept += part.length;
          }
        },
        onResponseEnd() {
          finish(
            { status, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), size },
            null,
          );
        },
        onResponseError(_c, err) {
          // An answer whose body broke off still counts as the answer it started as.
          if (status && firstByteMs !== null && !(err as { code?: string }).code?.includes('TIMEOUT')) {
            return finish({ status, headers, body: Buffer.concat(chunks), size }, null);
          }
          finish(null, err);
        },
      };
      if (this.closed)
        return finish(
          null,
          Object.assign(new Error('Hookbench is shutting down'), { code: 'UND_ERR_CLOSED' }),
        );
      try {
        this.poolFor(req).dispatch(
          {
            origin: req.url.origin,
            path: req.url.pathname + req.url.search,
            method: req.method as Dispatcher.HttpMethod,
            headers: req.headers.flat(),
            body: req.body,
            headersTimeout: req.timeoutMs,
            bodyTimeout: req.timeoutMs,
            blocking: false,
          },
          handler,
        );
      } catch (err) {
        finish(null, err);
      }
    });
  }

  /** Drops pools whose endpoints changed (TLS or timeouts) so the next attempt connects fresh. */
  async dropOrigin(origin: string): Promise<void> {
    for (const [key, pool] of this.pools) {
      if (key.startsWith(`${origin}|`)) {
        this.pools.delete(key);
        await pool.close().catch(() => undefined);
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.destroy().catch(() => undefined)));
  }
}
