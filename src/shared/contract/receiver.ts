import { z } from 'zod';
import {
  HeaderPairs,
  Inbox,
  InboxConfig,
  InboxSlug,
  ReceiverStatus,
  ResponseRule,
  ResponseSpec,
  RetentionConfig,
  SequenceState,
  VerifyConfig,
} from '../receiver';
import { ForwardRecord, RejectedRequest, RequestDetail, RequestItem, RequestQueryInput } from '../receiver-requests';
import { method } from './define';

const Empty = z.object({}).strict();
const RequestId = z.number().int().positive();

/** Fields of an inbox that create and update take (all optional; slug is the key). */
const InboxFields = {
  name: InboxConfig.shape.name.optional(),
  response: ResponseSpec.optional(),
  rules: z.array(ResponseRule).max(100).optional(),
  /** null turns verification off. */
  verify: VerifyConfig.nullable().optional(),
  maxBodyBytes: InboxConfig.shape.maxBodyBytes.unwrap().optional(),
  retention: RetentionConfig.optional(),
  duplicateJsonField: InboxConfig.shape.duplicateJsonField.unwrap().optional(),
  /** null turns auto-forward off. */
  forwardUrl: InboxConfig.shape.forwardUrl.unwrap().optional(),
};

export const InboxCreateInput = z.object({ slug: InboxSlug, ...InboxFields }).strict();
export const InboxUpdateInput = z.object({ slug: InboxSlug, ...InboxFields }).strict();

export const RequestsListInput = z
  .object({
    inbox: InboxSlug,
    limit: z.number().int().min(1).max(1000).default(100),
    /** Keyset cursor: only requests with an id lower than this (newest first). */
    before: RequestId.optional(),
    query: RequestQueryInput.optional(),
  })
  .strict();

export const RequestsListOutput = z.object({
  /** Newest first. */
  items: z.array(RequestItem),
  /** How many requests match the query in the whole inbox. */
  total: z.number().int(),
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: z.number().int().nullable(),
  /**
   * With a text query: compressed bodies are searched decoded (their first 1 MiB each, the newest
   * 2000 of the inbox, within a time budget); complete is false when some were not looked inside.
   */
  decodedSearch: z.object({ searched: z.number().int(), complete: z.boolean() }).optional(),
});

export const ForwardInput = z
  .object({
    id: RequestId,
    /** Where to send it (http or https). */
    url: z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL.' }),
    /** Edits; absent fields keep the captured values. */
    method: z.string().trim().toUpperCase().regex(/^[A-Z]+$/, 'A method is letters only.').optional(),
    headers: HeaderPairs.optional(),
    /** New body as text (UTF-8) or base64; at most one. */
    bodyText: z.string().optional(),
    bodyBase64: z.string().optional(),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
  })
  .strict()
  .refine((v) => v.bodyText === undefined || v.bodyBase64 === undefined, {
    message: 'Give the new body as bodyText or bodyBase64, not both.',
    path: ['bodyBase64'],
  });

export const ExportInput = z
  .object({
    format: z.enum(['har', 'json']).default('har'),
    /** These requests; or, without ids, the newest `limit` requests of `inbox` matching `query`. */
    ids: z.array(RequestId).min(1).max(10_000).optional(),
    inbox: InboxSlug.optional(),
    query: RequestQueryInput.optional(),
    limit: z.number().int().min(1).max(10_000).default(1000),
  })
  .strict()
  .refine((v) => v.ids || v.inbox, { message: 'Give the request ids or an inbox to export.', path: ['ids'] });

export const ExportOutput = z.object({
  format: z.enum(['har', 'json']),
  /** Suggested file name, e.g. "hookbench-default-2026-01-01.har". */
  filename: z.string(),
  mimeType: z.string(),
  /** The file's text (HAR 1.2 or a JSON array of request details). */
  content: z.string(),
  count: z.number().int(),
});

export const receiverMethods = {
  'receiver.status': method(Empty, ReceiverStatus, 'Whether the receiver runs, its base URL(s), HTTPS certificate and counters.'),
  'receiver.pause': method(
    z.object({ paused: z.boolean() }).strict(),
    ReceiverStatus,
    'Pause the receiver (its ports close; senders get connection refused) or resume it. A restart resumes it.',
  ),
  'inboxes.list': method(Empty, z.object({ items: z.array(Inbox) }), 'Every inbox with its settings and request count.'),
  'inboxes.create': method(InboxCreateInput, Inbox, 'Create an inbox with a new slug.'),
  'inboxes.update': method(InboxUpdateInput, Inbox, 'Change an inbox: name, responses and rules, verification, limits, retention, forwarding.'),
  'inboxes.delete': method(z.object({ slug: InboxSlug }).strict(), z.object({ deleted: z.literal(true), requests: z.number().int() }), 'Delete an inbox and its requests.'),
  'inboxes.sequences': method(
    z.object({ slug: InboxSlug }).strict(),
    z.object({ items: z.array(SequenceState) }),
    "Where each enabled sequence rule of an inbox stands: the step the next matching request gets, inbox-wide and per delivery id.",
  ),
  'inboxes.resetSequence': method(
    z.object({ slug: InboxSlug, ruleId: z.string().min(1).max(64).optional(), deliveryId: z.string().min(1).max(500).optional() }).strict(),
    z.object({ items: z.array(SequenceState) }),
    'Start sequence rules over at step 1: all of an inbox, one rule, or one delivery id of a rule.',
  ),
  'inboxes.clear': method(z.object({ slug: InboxSlug }).strict(), z.object({ deleted: z.number().int() }), 'Delete every request of an inbox.'),
  'requests.list': method(RequestsListInput, RequestsListOutput, 'Captured requests of an inbox, newest first, filtered server-side, keyset-paginated.'),
  'requests.get': method(z.object({ id: RequestId }).strict(), RequestDetail, 'One captured request in full: headers, body, verification, answer, forwards.'),
  'requests.findByDeliveryId': method(
    z.object({ deliveryId: z.string().trim().min(1, 'Give the delivery id.').max(256, 'A delivery id is at most 256 characters.') }).strict(),
    z.object({
      items: z.array(z.object({ inbox: z.string(), id: z.number().int(), number: z.number().int(), receivedAt: z.number() })),
    }),
    "The requests this Hookbench's inboxes captured carrying a delivery id (its webhook id header), oldest first, at most 20.",
  ),
  'requests.delete': method(z.object({ ids: z.array(RequestId).min(1).max(10_000) }).strict(), z.object({ deleted: z.number().int() }), 'Delete some requests.'),
  'requests.deleteMatching': method(
    z
      .object({
        inbox: InboxSlug,
        /** Only the requests matching this query; absent: every request of the inbox. */
        query: RequestQueryInput.optional(),
        /** At most this many, the oldest first. */
        limit: z.number().int().min(1).max(1_000_000).default(100_000),
      })
      .strict(),
    z.object({ deleted: z.number().int() }),
    'Delete every request of an inbox matching a query ("select all matching"), in small batches.',
  ),
  'requests.forward': method(ForwardInput, ForwardRecord, 'Resend a captured request (optionally edited) to a URL and record the answer.'),
  'requests.export': method(ExportInput, ExportOutput, 'Export requests as HAR 1.2 or JSON.'),
  'requests.rejected': method(
    z.object({ inbox: InboxSlug.optional(), limit: z.number().int().min(1).max(500).default(200) }).strict(),
    z.object({ items: z.array(RejectedRequest), total: z.number().int() }),
    'Requests the receiver refused since it started (newest first; the last 500 are kept): unknown inbox, too large, malformed. With inbox: those sent to it, plus those that named no existing inbox.',
  ),
};

export const receiverEvents = {
  /** New requests, batched (~150 ms), newest last. */
  'requests.received': z.object({ items: z.array(RequestItem) }),
  /** Requests whose list row changed (an auto-forward answered), batched. */
  'requests.updated': z.object({ items: z.array(RequestItem) }),
  /** Requests removed; ids null means many (clear, retention): refetch the inbox. */
  'requests.deleted': z.object({ inbox: InboxSlug, ids: z.array(z.number().int()).nullable() }),
  /** The inbox list or an inbox's settings or counts changed; carries the full list. */
  'inboxes.changed': z.object({ items: z.array(Inbox) }),
  /** Requests the receiver refused, batched (~150 ms), newest last. */
  'requests.rejected': z.object({ items: z.array(RejectedRequest) }),
  /** The receiver started, stopped or rebound. */
  'receiver.changed': ReceiverStatus,
};
