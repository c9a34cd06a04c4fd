import type { Clock } from '../util/clock';
import type { Completion } from './completion';
import type { EndpointRecord } from './endpoint-store';
import type { HttpSender, SendOutcome } from './http-sender';
import { attemptBody, attemptIdFor, identityHeaders } from './identity';
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
    const number = row.attempts + 1;
    const attemptId = attemptIdFor(row.id, number);
    let headers: string[];
    // A body with attempt values (attempt id / number) is rewritten for this attempt, then signed.
    let body = row.body;
    let extra: [string, string][] | undefined;
    try {
      if (row.identity) {
        const values = {
          eventId: row.event_id,
          eventTime: row.identity.t,
          deliveryId: row.id,
          endpointId: row.endpoint_id,
          attemptNumber: number,
          attemptTime: startedAt,
        };
        body = attemptBody(row.body, row.identity, values);
        extra = identityHeaders(row.identity, values);
      }
      if (url instanceof Error) throw url;
      headers = attemptHeaders(ep, row.id, body, row.content_type, startedAt, this.version, extra).flat;
    } catch (err) {
      const code = url instanceof Error ? 'plain_http_refused' : 'network';
      const c = new CompletionRecord(this, row, attemptId, startedAt, f.method, f.url, []);
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
    const c = new CompletionRecord(this, row, attemptId, startedAt, f.method, url.href, headers);
    this.sender.send(
      {
        url,
        method: f.method,
        headers,
        body,
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
    readonly attemptId: string,
    readonly startedAt: number,
    readonly method: string,
    readonly url: string,
    readonly headers: string[],
  ) {}
}
