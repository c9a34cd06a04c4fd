import type { Clock } from '../util/clock';
import type { Completion } from './completion';
import type { EndpointRecord } from './endpoint-store';
import type { HttpSender, SendOutcome } from './http-sender';
import { attemptHeaders } from './request-headers';
import type { DueRow } from './statements';
import { checkEndpointUrl } from './url-rules';

const onSent = (c: CompletionRecord, outcome: SendOutcome): void => {
  c.outcome = outcome;
  c.runner.done(c);
};

/**
 * Runs one attempt: signs afresh (new timestamp, same delivery id), sends, and hands the
 * completion to `done` (one function for all attempts: no closure per attempt). Never throws: a
 * settings problem becomes a failed attempt in words.
 */
export class AttemptRunner {
  private readonly urls = new WeakMap<EndpointRecord, URL | Error>();

  constructor(
    private readonly clock: Clock,
    private readonly sender: HttpSender,
    private readonly version: string,
    readonly done: (c: Completion) => void,
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

  run(ep: EndpointRecord, row: DueRow): void {
    const startedAt = this.clock.now();
    const url = this.url(ep);
    const f = ep.fields;
    let headers: string[];
    try {
      if (url instanceof Error) throw url;
      headers = attemptHeaders(ep, row.id, row.body, row.content_type, startedAt, this.version).flat;
    } catch (err) {
      const code = url instanceof Error ? 'plain_http_refused' : 'network';
      const c = new CompletionRecord(this, row, startedAt, f.method, f.url, []);
      c.outcome = {
        response: null,
        connectMs: null,
        firstByteMs: null,
        totalMs: 0,
        error: { code, message: (err as Error).message },
      };
      queueMicrotask(() => this.done(c));
      return;
    }
    const c = new CompletionRecord(this, row, startedAt, f.method, url.href, headers);
    this.sender.send(
      {
        url,
        method: f.method,
        headers,
        body: row.body,
        timeoutMs: f.timeoutSeconds * 1000,
        connectTimeoutMs: Math.min(f.connectTimeoutSeconds, f.timeoutSeconds) * 1000,
        allowSelfSigned: f.allowSelfSigned,
      },
      c,
      onSent,
    );
  }
}

/** A Completion with one fixed shape. */
class CompletionRecord implements Completion {
  outcome: SendOutcome = null as unknown as SendOutcome;
  constructor(
    readonly runner: AttemptRunner,
    readonly row: DueRow,
    readonly startedAt: number,
    readonly method: string,
    readonly url: string,
    readonly headers: string[],
  ) {}
}
