import { EndpointCreate } from '../../shared/dispatcher';
import type { Preview, SendResult } from '../../shared/dispatcher-deliveries';
import type { MethodParsedInput } from '../../shared/contract';
import { HookbenchError, notFound } from '../../shared/errors';
import { findCatalogEntry } from '../catalog/catalog-store';
import { generateSecret } from '../signing';
import type { Db } from '../store/database';
import type { Clock } from '../util/clock';
import { sortableId } from './completion';
import type { EndpointService } from './endpoint-service';
import type { EndpointRecord } from './endpoint-store';
import type { DeliveryEngine, NewDelivery } from './engine';
import { dueRow } from './cycle-batch';
import { buildBody, pingPayload, type EventSource } from './payload';
import { identityHeaders, Markers, parseIdentity, rewrite, type DeliveryIdentity } from './identity';
import type { IdentityLevel } from '../../shared/identity';
import { DELIVERY_BODY } from './statements';
import { buildHeaders } from './request-headers';
import { maxAttemptsOf } from './retry-policy';
import { storedBody } from './stored-body';

const newId = sortableId;

interface FailedDelivery {
  id: string;
  ep: EndpointRecord;
  maxAttempts: number;
  reason: string;
}

/** What is recorded as a delivery's error when its body could not be built. */
const renderFailure = (err: unknown): string =>
  err instanceof HookbenchError
    ? `Not sent: ${err.message}`
    : `Not sent: the body could not be built (${err instanceof Error ? err.message : String(err)}).`;

/** The body every delivery carries when they all carry the same buffer (null otherwise). */
function sameBody(deliveries: NewDelivery[]): Buffer | null {
  const first = deliveries[0]?.row.body;
  return first && deliveries.every((d) => d.row.body === first) ? first : null;
}

/** Whether an endpoint subscribed with `pattern` gets `topic`: exact, "*", or "prefix.*". */
export function topicMatches(pattern: string, topic: string): boolean {
  if (pattern === '*' || pattern === topic) return true;
  return pattern.endsWith('.*') && topic.startsWith(pattern.slice(0, -1));
}

/** events.send, endpoints.ping and events.preview: turn an event into deliveries (or a preview). */
export class SendService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly endpoints: EndpointService,
    private readonly engine: () => DeliveryEngine,
    private readonly version: string,
    /** Deliveries recorded as failed without an attempt (their body could not be built). */
    private readonly onFailedAtEnqueue: (ids: string[]) => void = () => undefined,
  ) {}

  private source(
    input: { topic: string; payload?: unknown; template?: string; fillIdentity?: boolean },
    id: string,
    now: number,
  ): EventSource {
    const { topic, payload, template } = input;
    const src: EventSource = { id, topic, createdAt: now, payload, template };
    if (template !== undefined) return src;
    if (payload === undefined) {
      const entry = findCatalogEntry(this.db, topic);
      if (entry) src.sample = { text: entry.sample, format: entry.format, identity: entry.identity };
    } else if (input.fillIdentity && payload !== null && typeof payload === 'object') {
      // The caller's payload in place of the sample: its identity fields are filled the same way.
      const entry = findCatalogEntry(this.db, topic);
      if (entry?.identity.length) {
        src.sample = { text: JSON.stringify(payload), format: 'json', identity: entry.identity };
        src.payload = undefined;
      }
    }
    return src;
  }

  /** Not async: only the result waits for the commit, not this frame (a burst of sends stays light). */
  send(input: MethodParsedInput<'events.send'>): Promise<SendResult> {
    if (input.topic.includes('*')) {
      throw new HookbenchError(
        'invalid_input',
        'Send one topic at a time: "*" is only for endpoint subscriptions.',
        [{ path: ['topic'], message: 'No wildcards.' }],
      );
    }
    let targets: EndpointRecord[];
    if (input.endpointIds) {
      targets = [...new Set(input.endpointIds)].map((id) => this.endpoints.require(id));
      const off = targets.find((ep) => ep.state === 'disabled');
      if (off)
        throw new HookbenchError(
          'conflict',
          `Endpoint "${off.fields.name}" is disabled. Reactivate it first, then send again.`,
        );
    } else {
      targets = [];
      for (const ep of this.endpoints.all()) {
        if (ep.state !== 'disabled' && ep.fields.topics.some((p) => topicMatches(p, input.topic)))
          targets.push(ep);
      }
    }
    const now = this.clock.now();
    const eventId = newId('evt');
    const src = this.source(input, eventId, now);
    const kind = input.endpointIds ? 'test' : 'event';
    // One endpoint whose body cannot be built (its payload template fails) fails only its own
    // delivery, recorded with the reason; the others are queued as usual. A template the caller
    // passed is the caller's input: its error still refuses the whole send.
    const failed: FailedDelivery[] = [];
    const deliveries: NewDelivery[] = [];
    for (const ep of targets) {
      const maxAttempts = maxAttemptsOf(ep.fields.retry);
      try {
        deliveries.push(this.delivery(ep, src, kind, maxAttempts, now));
      } catch (err) {
        if (input.template !== undefined && err instanceof HookbenchError) throw err;
        failed.push({ id: newId('msg'), ep, maxAttempts, reason: renderFailure(err) });
      }
    }
    // The event keeps the payload as sent; when the deliveries already encoded it, that same buffer
    // (a sample whose body is the same for every delivery is then stored once, with the event).
    const stored =
      input.template ??
      (src.payload === undefined ? sameBody(deliveries) : (src.json ?? JSON.stringify(input.payload)));
    // map() allocates exactly n slots (push on [] reserves 17); this array lives until the commit.
    const deliveryIds = deliveries.map((d) => d.row.id);
    const queued = this.engine().enqueue(
      [{ id: eventId, topic: input.topic, payload: stored, createdAt: now }],
      deliveries,
      { eventId, deliveryIds },
    );
    if (!failed.length) return queued;
    return queued.then(async (result) => {
      await this.engine().exec(
        failed.map((f) => [
          `INSERT INTO dispatch_deliveries (id, event_id, endpoint_id, topic, kind, status, body, content_type, attempts,
             max_attempts, next_attempt_at, lease_until, last_error, created_at, updated_at, body_from_event)
           VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, 0, ?, NULL, NULL, ?, ?, ?, 0)`,
          [f.id, eventId, f.ep.id, input.topic, kind, Buffer.alloc(0), f.ep.fields.contentType, f.maxAttempts, f.reason, now, now],
        ]),
      );
      this.onFailedAtEnqueue(failed.map((f) => f.id));
      return { ...result, deliveryIds: [...result.deliveryIds, ...failed.map((f) => f.id)] };
    });
  }

  private delivery(
    ep: EndpointRecord,
    src: EventSource,
    kind: NewDelivery['row']['kind'],
    maxAttempts: number,
    now: number,
  ): NewDelivery {
    const id = newId('msg');
    const { body, contentType, identity } = buildBody(src, ep, id, now);
    return {
      endpoint: ep,
      row: dueRow(
        0,
        id,
        src.id,
        ep.id,
        src.topic,
        kind,
        'pending',
        body,
        contentType,
        0,
        maxAttempts,
        0,
        now,
        identity,
      ),
    };
  }

  /**
   * A delivery sent again as a new delivery of the same event (deliveries.retry with newId): the
   * same body with new delivery and attempt values in its identity fields, and with `newEvent` a
   * new event id and time as well. The endpoint is the delivery's, with its current settings.
   */
  redeliver(id: string, newEvent: boolean): Promise<SendResult> {
    const old = this.db
      .prepare(
        `SELECT d.event_id, d.endpoint_id, d.topic, d.kind, ${DELIVERY_BODY} AS body, d.content_type, d.identity,
           ev.payload AS event_payload, ev.created_at AS event_time
         FROM dispatch_deliveries d LEFT JOIN dispatch_events ev ON ev.id = d.event_id WHERE d.id = ?`,
      )
      .get(id) as
      | {
          event_id: string;
          endpoint_id: string;
          topic: string;
          kind: NewDelivery['row']['kind'];
          body: Buffer;
          content_type: string;
          identity: string | null;
          event_payload: string | null;
          event_time: number | null;
        }
      | undefined;
    if (!old) throw notFound('Delivery', id);
    const ep = this.endpoints.require(old.endpoint_id);
    if (ep.state === 'disabled' && old.kind !== 'ping')
      throw new HookbenchError(
        'conflict',
        `Endpoint "${ep.fields.name}" is disabled. Reactivate it, then resend.`,
      );
    const now = this.clock.now();
    const deliveryId = newId('msg');
    const eventId = newEvent ? newId('evt') : old.event_id;
    const ident = parseIdentity(old.identity);
    const eventTime = newEvent ? now : (ident?.t ?? old.event_time ?? now);
    let body = old.body;
    let identity: DeliveryIdentity | null = null;
    if (ident) {
      const levels = new Set<IdentityLevel>(
        newEvent ? ['event', 'delivery', 'attempt'] : ['delivery', 'attempt'],
      );
      const values = {
        eventId,
        eventTime,
        deliveryId,
        endpointId: ep.id,
        attemptNumber: 1,
        attemptTime: now,
      };
      const out = rewrite(old.body, ident, values, levels);
      body = out.body;
      identity = { t: eventTime, b: out.slots, h: ident.h };
    }
    const maxAttempts = old.kind === 'ping' ? 1 : maxAttemptsOf(ep.fields.retry);
    const row = dueRow(
      0,
      deliveryId,
      eventId,
      ep.id,
      old.topic,
      old.kind,
      'pending',
      body,
      old.content_type,
      0,
      maxAttempts,
      0,
      now,
      identity,
    );
    const events = newEvent
      ? [{ id: eventId, topic: old.topic, payload: old.event_payload, createdAt: now }]
      : [];
    return this.engine().enqueue(events, [{ endpoint: ep, row }], { eventId, deliveryIds: [deliveryId] });
  }

  /** webhook.ping in SFTP To Go's format; goes out even when the endpoint is paused or disabled, once, without retries. */
  ping(id: string): Promise<SendResult> {
    const ep = this.endpoints.require(id);
    const now = this.clock.now();
    const eventId = newId('evt');
    const deliveryId = newId('msg');
    const markers = new Markers();
    const exact = pingPayload(ep, markers);
    const src: EventSource = { id: eventId, topic: 'webhook.ping', createdAt: now, exact, markers };
    const { body, contentType, identity } = buildBody(src, ep, deliveryId, now);
    const row = dueRow(
      0,
      deliveryId,
      eventId,
      ep.id,
      'webhook.ping',
      'ping',
      'pending',
      body,
      contentType,
      0,
      1,
      0,
      now,
      identity,
    );
    return this.engine().enqueue(
      [{ id: eventId, topic: 'webhook.ping', payload: body.toString('utf8'), createdAt: now }],
      [{ endpoint: ep, row }],
      { eventId, deliveryIds: [deliveryId] },
    );
  }

  preview(input: MethodParsedInput<'events.preview'>): Preview {
    const now = this.clock.now();
    let ep: EndpointRecord;
    let note: string | null = null;
    if (input.endpointId) ep = this.endpoints.require(input.endpointId);
    else {
      const fields = EndpointCreate.parse({
        name: 'Preview',
        url: 'https://example.com/webhooks',
        topics: [input.topic],
      });
      const { signing: _s, ...rest } = fields;
      const secret = generateSecret('standard-webhooks');
      ep = {
        id: 'ep_preview',
        seq: 0,
        fields: rest,
        scheme: 'standard-webhooks',
        secret,
        previousSecret: null,
        previousSecretExpiresAt: null,
        secretHint: '',
        state: 'active',
        disabledReason: null,
        consecutiveFailures: 0,
        createdAt: now,
        updatedAt: now,
      };
      note = 'No endpoint chosen: signed as a Standard Webhooks endpoint with a throwaway secret.';
    }
    const src = this.source(input, newId('evt'), now);
    const deliveryId = newId('msg');
    const { body, contentType, identity } = buildBody(src, ep, deliveryId, now);
    const extra = identityHeaders(identity, {
      eventId: src.id,
      eventTime: now,
      deliveryId,
      endpointId: ep.id,
      attemptNumber: 1,
      attemptTime: now,
    });
    const { headers, signedContent } = buildHeaders(
      ep,
      deliveryId,
      body,
      contentType,
      now,
      this.version,
      extra,
    );
    const idNote = identity
      ? 'Sent now, these would be the values: every send mints a new event id and time, each delivery its own id, each attempt a new attempt id and number, a fresh timestamp and signature.'
      : 'Each delivery gets its own id, and each attempt a fresh timestamp and signature.';
    return {
      method: ep.fields.method,
      url: input.endpointId ? ep.fields.url : null,
      headers,
      body: storedBody(body),
      signedContent,
      note: note ? `${note} ${idNote}` : idNote,
    };
  }
}
