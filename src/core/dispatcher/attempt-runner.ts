import type { Clock } from '../util/clock';
import type { Completion } from './completion';
import type { EndpointRecord } from './endpoint-store';
import type { HttpSender, SendOutcome } from './http-sender';
import { buildHeaders } from './request-headers';
import type { DueRow } from './statements';
import { checkEndpointUrl } from './url-rules';

/**
 * Runs one attempt: signs afresh (new timestamp, same delivery id), sends, and hands the
 * completion back. Never throws: a settings problem becomes a failed attempt in words.
 */
export class AttemptRunner {
  private readonly urls = new WeakMap<EndpointRecord, URL | Error>();

  constructor(
    private readonly clock: Clock,
    private readonly sender: HttpSender,
    private readonly version: string,
  ) {}

  /** The endpoint's fields changed in place: parse its URL again next time. */
  invalidate(ep: EndpointRecord): void {
    this.urls.delete(ep);
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

  run(ep: EndpointRecord, row: DueRow, done: (c: Completion) => void): void {
    const startedAt = this.clock.now();
    const url = this.url(ep);
    const method = ep.fields.method;
    let headers: [string, string][] = [];
    try {
      if (url instanceof Error) throw url;
      headers = buildHeaders(ep, row.id, row.body, row.content_type, startedAt, this.version).headers;
    } catch (err) {
      const code = url instanceof Error ? 'plain_http_refused' : 'network';
      const outcome: SendOutcome = {
        response: null,
        connectMs: null,
        firstByteMs: null,
        totalMs: 0,
        error: { code, message: (err as Error).message },
      };
      queueMicrotask(() => done({ row, startedAt, method, url: ep.fields.url, headers, outcome }));
      return;
    }
    void this.sender
      .send({
        url,
        method,
        headers,
        body: row.body,
        timeoutMs: ep.fields.timeoutSeconds * 1000,
        connectTimeoutMs: Math.min(ep.fields.connectTimeoutSeconds, ep.fields.timeoutSeconds) * 1000,
        allowSelfSigned: ep.fields.allowSelfSigned,
      })
      .then((outcome) => done({ row, startedAt, method, url: url.href, headers, outcome }));
  }
}
