import { request } from 'undici';
import type { CaptureWriter } from './capture-writer';

/** Headers that belong to one hop (or that undici sets itself) and are never forwarded. */
const HOP = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'expect', 'content-length']);
const MAX_RESPONSE_BODY = 1024 * 1024;
/** Sent with a forward to this receiver, so the request it captures links back to the forward. */
export const FORWARD_LINK_HEADER = 'X-Hookbench-Forward';

export interface ForwardJob {
  requestId: number;
  auto: boolean;
  method: string;
  url: string;
  headers: [string, string][];
  body: Buffer;
  /** The body differs from the captured one (an edited forward): it is stored with the record. */
  bodyEdited?: boolean;
  /**
   * The target is this receiver: the request carries X-Hookbench-Forward with this token, so the
   * request the inbox captures is linked to the forward (see `capturedBy`).
   */
  linkToken?: string;
  /** The request captured with a link token, once the receiver stored it. */
  capturedBy?: (token: string) => number | null;
  timeoutMs: number;
}

/** Sends one request with undici and records the answer (or the failure) in `forwards`. */
export async function forwardOnce(job: ForwardJob, writer: CaptureWriter, now: () => number, userAgent: string): Promise<number> {
  const headers = job.headers.filter(([k]) => !HOP.has(k.toLowerCase()));
  if (!headers.some(([k]) => k.toLowerCase() === 'user-agent')) headers.push(['User-Agent', userAgent]);
  if (job.linkToken) headers.push([FORWARD_LINK_HEADER, job.linkToken]);
  const at = now();
  const start = performance.now();
  let status: number | null = null;
  let responseHeaders: [string, string][] = [];
  let responseBody = Buffer.alloc(0);
  let truncated = false;
  let error: string | null = null;
  try {
    const hasBody = !(job.method === 'GET' || job.method === 'HEAD') || job.body.length > 0;
    const res = await request(job.url, {
      method: job.method as 'POST',
      headers: headers.flat(),
      body: hasBody ? job.body : undefined,
      headersTimeout: job.timeoutMs,
      bodyTimeout: job.timeoutMs,
      signal: AbortSignal.timeout(job.timeoutMs),
    });
    status = res.statusCode;
    const raw = res.headers;
    for (const [k, v] of Object.entries(raw)) {
      if (Array.isArray(v)) for (const x of v) responseHeaders.push([k, x]);
      else if (v !== undefined) responseHeaders.push([k, v]);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const c = chunk as Buffer;
      if (size + c.length > MAX_RESPONSE_BODY) {
        chunks.push(c.subarray(0, MAX_RESPONSE_BODY - size));
        size = MAX_RESPONSE_BODY;
        truncated = true;
        res.body.destroy();
        break;
      }
      chunks.push(c);
      size += c.length;
    }
    responseBody = Buffer.concat(chunks);
  } catch (err) {
    const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
    if (status === null) {
      const code = e.cause?.code ?? e.code;
      error =
        e.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT'
          ? `No answer from ${job.url} within ${job.timeoutMs} ms.`
          : code === 'ECONNREFUSED'
            ? `Nothing is listening at ${job.url} (connection refused). Start the server or check the URL.`
            : `Could not send to ${job.url}: ${e.cause?.message ?? e.message}.`;
      responseHeaders = [];
    } else if (!truncated) {
      error = `The answer's body was cut off: ${e.message}.`;
    }
  }
  const durationMs = Math.round((performance.now() - start) * 1000) / 1000;
  const { ids } = await writer.exec([
    [
      'INSERT INTO forwards (request_id, auto, at, method, url, headers, status, response_headers, response_body, truncated, error, duration_ms, body, body_size, captured_request_id) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM requests WHERE id = ?)',
      [
        job.requestId, job.auto ? 1 : 0, at, job.method, job.url, JSON.stringify(headers), status, status === null ? null : JSON.stringify(responseHeaders),
        status === null ? null : responseBody, truncated ? 1 : 0, error, durationMs,
        job.bodyEdited ? job.body : null, job.body.length, job.linkToken && job.capturedBy ? job.capturedBy(job.linkToken) : null, job.requestId,
      ],
    ],
    ['UPDATE requests SET forward_status = ?, forward_error = ?, forward_at = ? WHERE id = ?', [status, error, at, job.requestId]],
  ]);
  return ids[0];
}

/**
 * Auto-forwarding: every captured request of an inbox with a forward URL is resent, a few at a
 * time, in arrival order. A bounded queue: when it overflows, the request is marked instead.
 */
export class AutoForwarder {
  private queue: ForwardJob[] = [];
  private running = 0;
  private closed = false;

  constructor(
    private readonly run: (job: ForwardJob) => Promise<void>,
    private readonly onOverflow: (job: ForwardJob) => void,
    private readonly concurrency = 8,
    private readonly maxQueue = 10_000,
  ) {}

  push(job: ForwardJob): void {
    if (this.closed) return;
    if (this.queue.length >= this.maxQueue) return this.onOverflow(job);
    this.queue.push(job);
    this.pump();
  }

  private pump(): void {
    while (!this.closed && this.running < this.concurrency && this.queue.length) {
      const job = this.queue.shift()!;
      this.running++;
      this.run(job)
        .catch(() => {})
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.queue = [];
    const deadline = Date.now() + 3000;
    while (this.running > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }
}
