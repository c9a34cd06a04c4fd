import { z } from 'zod';
import { Topic } from './dispatcher';
import { IdentityFormat, IdentityRole } from './identity';

/** Deliveries (one event to one endpoint, one id across all attempts) and their attempts. */

export const DeliveryStatus = z.enum(['pending', 'retrying', 'succeeded', 'failed', 'cancelled']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** Why an attempt had no usable answer, in words; `code` is stable for scripts. */
export const AttemptErrorCode = z.enum([
  'connection_refused',
  'connection_reset',
  'dns',
  'tls_self_signed',
  'tls',
  'connect_timeout',
  'timeout',
  'plain_http_refused',
  'endpoint_gone',
  'redirect',
  'unauthorized',
  'http_status',
  'network',
  'interrupted',
]);
export type AttemptErrorCode = z.infer<typeof AttemptErrorCode>;

export const Pairs = z.array(z.tuple([z.string(), z.string()]));

/** A body as stored: text when it is valid UTF-8, base64 otherwise. */
export const StoredBody = z.object({
  text: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  /** Real size in bytes (the stored text may be capped). */
  size: z.number().int(),
  truncated: z.boolean(),
});
export type StoredBody = z.infer<typeof StoredBody>;

export const Attempt = z.object({
  id: z.string(),
  deliveryId: z.string(),
  /** 1 for the first attempt. */
  number: z.number().int(),
  startedAt: z.number(),
  /** Whether a user asked for this attempt (deliveries.retry). */
  manual: z.boolean(),
  request: z.object({
    method: z.string(),
    url: z.string(),
    /** Exactly as sent, in order. */
    headers: Pairs,
    body: StoredBody,
  }),
  response: z
    .object({
      status: z.number().int(),
      headers: Pairs,
      /** Capped at 64 KiB; `size` is the real size. */
      body: StoredBody,
    })
    .nullable(),
  outcome: z.enum(['succeeded', 'failed']),
  error: z.object({ code: AttemptErrorCode, message: z.string() }).nullable(),
  timings: z.object({
    /** Time to open a new connection (0 when a kept-alive one was reused); null if unknown. */
    connectMs: z.number().nullable(),
    firstByteMs: z.number().nullable(),
    totalMs: z.number(),
  }),
  /** When the next attempt was scheduled after this one (ms), if any. */
  nextAttemptAt: z.number().nullable(),
});
export type Attempt = z.infer<typeof Attempt>;

export const Delivery = z.object({
  id: z.string(),
  eventId: z.string(),
  endpointId: z.string(),
  endpointName: z.string(),
  topic: z.string(),
  status: DeliveryStatus,
  /** Attempts made so far. */
  attempts: z.number().int(),
  /** Attempts the retry policy allows in all (1 + retries). */
  maxAttempts: z.number().int(),
  nextAttemptAt: z.number().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  /** The last attempt's total time, ms. */
  durationMs: z.number().nullable(),
  /** "ping", "test" or "event". */
  kind: z.enum(['event', 'ping', 'test']),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Delivery = z.infer<typeof Delivery>;

/** One identity or time value of a delivery as sent (see src/shared/identity.ts). */
export const IdentityValueInfo = z.object({
  in: z.enum(['body', 'header']),
  /** The header's name (null for a body field). */
  header: z.string().nullable(),
  role: IdentityRole,
  format: IdentityFormat,
  value: z.string(),
});
export type IdentityValueInfo = z.infer<typeof IdentityValueInfo>;

export const DeliveryDetail = Delivery.extend({
  /**
   * The body as the latest attempt sent it (before any, as the first will); exact. Attempts differ
   * only in their attempt values (id, number), when the event has any: see each attempt's body.
   */
  body: StoredBody,
  contentType: z.string(),
  /** The event, delivery, endpoint and attempt ids and times it carries, as the latest attempt sent them. */
  identity: z.array(IdentityValueInfo),
  attemptList: z.array(Attempt),
});
export type DeliveryDetail = z.infer<typeof DeliveryDetail>;

export const SendInput = z
  .object({
    topic: Topic,
    /** Any JSON value; absent: the catalog's sample payload for the topic. */
    payload: z.unknown().optional(),
    /** A body template ({{var}}, {% if %}…{% endif %}) rendered per endpoint; wins over payload. */
    template: z.string().max(1_048_576).optional(),
    /**
     * With a JSON payload for a catalog topic: fill the topic's identity and time fields in it (a
     * fresh event id and time, delivery and attempt ids…) as its sample gets them, instead of
     * sending the values as given. Sends without a payload always get them.
     */
    fillIdentity: z.boolean().optional(),
    /** Only these endpoints (regardless of their topics); absent: every endpoint subscribed to the topic. */
    endpointIds: z.array(z.string().min(1)).min(1).max(1000).optional(),
  })
  .strict();
export type SendInput = z.infer<typeof SendInput>;

export const SendResult = z.object({ eventId: z.string(), deliveryIds: z.array(z.string()) });
export type SendResult = z.infer<typeof SendResult>;

export const PreviewInput = SendInput.omit({ endpointIds: true })
  .extend({ endpointId: z.string().min(1).optional() })
  .strict();

export const Preview = z.object({
  method: z.string(),
  url: z.string().nullable(),
  /** Exactly what an attempt sends now, signature included (auth values included). */
  headers: Pairs,
  body: StoredBody,
  /** The string that was signed (the secret never appears). */
  signedContent: z.string(),
  /** Said when the preview used a made-up secret or endpoint. */
  note: z.string().nullable(),
});
export type Preview = z.infer<typeof Preview>;

export const DeliveryListInput = z
  .object({
    endpointId: z.string().optional(),
    status: DeliveryStatus.optional(),
    topic: z.string().optional(),
    /** The deliveries of one send (the eventId events.send returned). */
    eventId: z.string().optional(),
    limit: z.number().int().min(1).max(1000).default(50),
    /** A delivery id: only deliveries created before it (paging, newest first). */
    before: z.string().optional(),
  })
  .strict();

export const DeliveryList = z.object({ items: z.array(Delivery), total: z.number().int() });
