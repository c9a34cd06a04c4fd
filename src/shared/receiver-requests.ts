import { z } from 'zod';
import { HeaderPairs, InboxSlug } from './receiver';
import { SchemeId, SignatureStatus, VerifyReport } from './signing';

/** Captured requests: the list row, the full detail, forwards and queries. */

export const RequestSignature = z.object({
  status: SignatureStatus,
  reason: z.string().optional(),
  /** The scheme that was checked; null when the inbox has no verification set up. */
  scheme: SchemeId.nullable(),
});
export type RequestSignature = z.infer<typeof RequestSignature>;

/** What happened when the request was answered. kind "drop"/"hang" have no status. */
export const AnswerKind = z.enum(['respond', 'redirect', 'hang', 'drop']);

/** The outcome of the latest forward of a request (auto or manual). */
export const ForwardSummary = z.object({
  status: z.number().int().nullable(),
  error: z.string().nullable(),
  at: z.number().int(),
});

/** One list row: everything a request list shows, without the headers and body. */
export const RequestItem = z.object({
  id: z.number().int(),
  /** The request's number in its inbox (#1, #2, …), in arrival order; never reused after deletes. */
  number: z.number().int(),
  inbox: InboxSlug,
  method: z.string(),
  /** Path after the inbox slug, always starting with "/", without the query. */
  path: z.string(),
  /** Query string without "?", "" when none. */
  query: z.string(),
  receivedAt: z.number().int(),
  remoteAddress: z.string(),
  contentType: z.string().nullable(),
  /** Body size in bytes as received (compressed when it was). */
  bodySize: z.number().int(),
  tls: z.boolean(),
  signature: RequestSignature,
  /** Delivery id (webhook-id, X-Webhook-ID or the configured JSON field). */
  deliveryId: z.string().nullable(),
  /** Id of the earlier request with the same delivery id in this inbox; null when first. */
  duplicateOf: z.number().int().nullable(),
  /** That earlier request's number in the inbox (see number); null when first. */
  duplicateOfNumber: z.number().int().nullable(),
  answer: z.object({ kind: AnswerKind, status: z.number().int().nullable(), ruleId: z.string().nullable() }),
  forward: ForwardSummary.nullable(),
});
export type RequestItem = z.infer<typeof RequestItem>;

export const BodyView = z.object({
  size: z.number().int(),
  base64: z.string(),
  /** The bytes as text when they are valid UTF-8; null for binary bodies. */
  text: z.string().nullable(),
});
export type BodyView = z.infer<typeof BodyView>;

export const ForwardRecord = z.object({
  id: z.number().int(),
  requestId: z.number().int(),
  auto: z.boolean(),
  at: z.number().int(),
  method: z.string(),
  url: z.string(),
  headers: HeaderPairs,
  /** Null when the forward failed before an answer (refused, timed out…); see error. */
  response: z
    .object({ status: z.number().int(), headers: HeaderPairs, body: BodyView, truncated: z.boolean() })
    .nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  /**
   * The body sent: null when it was the request's body as captured; else the edited body (its
   * first 64 KiB inlined; size is the whole).
   */
  body: BodyView.nullable().optional(),
  bodyTruncated: z.boolean().optional(),
  /** The request this forward was captured as, when it went to one of this receiver's inboxes. */
  capturedAs: z.object({ id: z.number().int(), inbox: z.string(), number: z.number().int() }).nullable().optional(),
});
export type ForwardRecord = z.infer<typeof ForwardRecord>;

export const RequestDetail = RequestItem.extend({
  /** The request target exactly as received, slug included ("/default/x?y=1"). */
  url: z.string(),
  httpVersion: z.string(),
  remotePort: z.number().int().nullable(),
  /** Headers in arrival order, original case, duplicates kept. */
  headers: HeaderPairs,
  /**
   * Raw bytes as received. `requests.get` inlines at most the first 1 MiB: then bodyTruncated is
   * true, `size` is the whole body's size and base64/text hold the first bytes (the headless host
   * streams the whole body from GET /api/requests/<id>/body).
   */
  body: BodyView,
  /** body holds only the first bytes of a larger body (see body). */
  bodyTruncated: z.boolean().optional(),
  /** Content-Encoding of the body (gzip, br, deflate…) or null. */
  contentEncoding: z.string().nullable(),
  /** The body decoded for display when it was compressed; null otherwise or when undecodable. */
  /** A preview of the decompressed body: at most the first 1 MiB (see decodedTruncated). */
  decodedBody: BodyView.nullable(),
  /** The decoded body goes on past the preview; "Download body" gives the bytes as received. */
  decodedTruncated: z.boolean().optional(),
  decodeError: z.string().nullable(),
  /** Milliseconds from the end of the headers to the last body byte. */
  bodyReadMs: z.number(),
  /** The full verification report; null when the inbox has no verification set up. */
  verification: VerifyReport.nullable(),
  response: z.object({
    kind: AnswerKind,
    status: z.number().int().nullable(),
    headers: HeaderPairs,
    body: z.string(),
    delayMs: z.number().int(),
    ruleId: z.string().nullable(),
    /** The step of a sequence rule that answered ("step 2 of 3"). */
    step: z.object({ step: z.number().int(), of: z.number().int() }).optional(),
  }),
  forwards: z.array(ForwardRecord),
  /** Captured from a forward of another request (linked by X-Hookbench-Forward). */
  forwardedFrom: z.object({ forwardId: z.number().int(), requestId: z.number().int(), inbox: z.string(), number: z.number().int() }).nullable().optional(),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

/** Server-side filters; all given conditions must hold. */
export const RequestQuery = z
  .object({
    /** Case-insensitive text in the path, query, headers or body. */
    text: z.string().max(1000).optional(),
    methods: z.array(z.string().trim().toUpperCase().min(1)).optional(),
    /** Case-insensitive substring of the path after the slug. */
    path: z.string().max(1000).optional(),
    signature: z.array(SignatureStatus).optional(),
    /** true: only duplicates; false: only first deliveries. */
    duplicate: z.boolean().optional(),
  })
  .strict();
export type RequestQuery = z.infer<typeof RequestQuery>;

/** A plain string is the same as `{ text }`. */
export const RequestQueryInput = z.union([z.string().max(1000).transform((text) => ({ text })), RequestQuery]);

/** A request the receiver refused (it was not stored): unknown inbox, too large, malformed… */
export const RejectedRequest = z.object({
  /** Increasing since the receiver started. */
  id: z.number().int(),
  at: z.number().int(),
  /** The inbox it was sent to, when the path named an existing one. */
  inbox: z.string().nullable(),
  /** Null when the request could not be parsed. */
  method: z.string().nullable(),
  /** The request target as sent (cut at 2048 characters); null when unparsable. */
  target: z.string().nullable(),
  remoteAddress: z.string(),
  /** The status it was answered with; null when the connection was cut without an answer. */
  status: z.number().int().nullable(),
  reason: z.string(),
});
export type RejectedRequest = z.infer<typeof RejectedRequest>;
