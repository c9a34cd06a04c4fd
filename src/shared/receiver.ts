import { z } from 'zod';
import { CustomScheme, SchemeId } from './signing';
import { MAX_GLOB_LENGTH } from './glob';

/**
 * Inboxes of the embedded receiver and how they answer. Pure TypeScript + zod, shared by the
 * core (receiver), the hosts and the inspector UI.
 */

/** A user-chosen, stable inbox slug: the first path segment of every URL it captures. */
export const InboxSlug = z
  .string()
  .trim()
  .min(1, 'Enter a slug.')
  .max(64, 'A slug is at most 64 characters.')
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'A slug may only contain lowercase letters, digits, "-" and "_", and starts with a letter or digit.');
export type InboxSlug = z.infer<typeof InboxSlug>;

const HeaderName = z
  .string()
  .trim()
  .min(1, 'Enter a header name.')
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'A header name may only contain letters, digits and !#$%&\'*+-.^_`|~.');

/** Headers as ordered [name, value] pairs; duplicates allowed. */
export const HeaderPairs = z.array(z.tuple([z.string(), z.string()]));
export type HeaderPairs = z.infer<typeof HeaderPairs>;

const ResponseHeaderPairs = z.array(
  z.tuple([HeaderName, z.string().refine((v) => !/[\r\n\0]/.test(v), 'A header value may not contain line breaks.')]),
);

const DelayMs = z.number().int().min(0).max(600_000, 'A delay is at most 10 minutes (600000 ms).');

/** One plain answer: status, headers, body (text) and an optional delay before it is sent. */
export const ResponseSpec = z
  .object({
    status: z.number().int().min(100).max(599).default(200),
    headers: ResponseHeaderPairs.default([['Content-Type', 'application/json']]),
    body: z.string().max(1_048_576, 'A response body is at most 1 MiB.').default('{"ok":true}'),
    delayMs: DelayMs.default(0),
  })
  .strict();
export type ResponseSpec = z.infer<typeof ResponseSpec>;
export type ResponseSpecInput = z.input<typeof ResponseSpec>;

/**
 * What a rule does. `respond` covers 410, 429 (+ Retry-After header) and any fixed answer;
 * `sequence` answers its steps in order ("500, 500, then 200") and then repeats the last step
 * or starts over; `redirect` answers 3xx with Location; `hang` never answers (the client times
 * out); `drop` closes the connection without an answer. Every request is stored first.
 */
export const RuleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('respond') }).extend(ResponseSpec.shape).strict(),
  z
    .object({
      type: z.literal('sequence'),
      steps: z.array(ResponseSpec).min(1, 'A sequence needs at least one step.').max(100),
      after: z.enum(['repeat-last', 'loop']).default('repeat-last'),
      /**
       * Whose position the steps follow: one for the whole inbox (any matching request moves it),
       * or one per delivery id (each new delivery sees the steps from the first; requests without
       * a delivery id share the inbox's position).
       */
      per: z.enum(['inbox', 'delivery']).default('inbox'),
    })
    .strict(),
  z
    .object({
      type: z.literal('redirect'),
      status: z.union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)]).default(302),
      location: z.string().min(1, 'Enter the Location to redirect to.'),
      delayMs: DelayMs.default(0),
    })
    .strict(),
  z.object({ type: z.literal('hang') }).strict(),
  z.object({ type: z.literal('drop'), delayMs: DelayMs.default(0) }).strict(),
]);
export type RuleAction = z.infer<typeof RuleAction>;

/** All conditions that are given must hold. Text matches are case-insensitive substrings. */
export const RuleMatch = z
  .object({
    /** Any of these methods (uppercase). */
    methods: z.array(z.string().trim().toUpperCase().min(1)).optional(),
    /** Path after the slug, e.g. "/orders/*"; "*" matches any characters. Query excluded. */
    path: z.string().max(MAX_GLOB_LENGTH, `A path pattern is at most ${MAX_GLOB_LENGTH} characters.`).optional(),
    header: z.object({ name: HeaderName, contains: z.string().optional() }).strict().optional(),
    bodyContains: z.string().optional(),
  })
  .strict();
export type RuleMatch = z.infer<typeof RuleMatch>;

export const ResponseRule = z
  .object({
    /** Stable id; generated when absent. Sequence positions are kept per rule id. */
    id: z.string().min(1).max(64).optional(),
    name: z.string().max(200).default(''),
    enabled: z.boolean().default(true),
    match: RuleMatch.default({}),
    action: RuleAction,
  })
  .strict();
export type ResponseRule = z.infer<typeof ResponseRule>;
export type ResponseRuleInput = z.input<typeof ResponseRule>;

export const VerifyConfig = z
  .object({
    scheme: SchemeId,
    secrets: z.array(z.string().min(1, 'A secret may not be empty.')).min(1, 'Enter at least one secret.').max(10),
    /** Required when scheme is "custom". */
    custom: CustomScheme.optional(),
    /** Allowed timestamp skew for timestamped schemes; 300 s by default. */
    toleranceSeconds: z.number().int().min(0).max(31_536_000).default(300),
  })
  .strict()
  .refine((v) => v.scheme !== 'custom' || v.custom, { message: 'A custom scheme needs its settings (header, algorithm, encoding…).', path: ['custom'] });
export type VerifyConfig = z.infer<typeof VerifyConfig>;
export type VerifyConfigInput = z.input<typeof VerifyConfig>;

export const RetentionConfig = z
  .object({
    /** Oldest requests beyond this count are removed; null keeps everything. */
    maxRequests: z.number().int().min(1).max(100_000_000).nullable().default(100_000),
    /** Requests older than this are removed; null keeps them forever. */
    maxAgeHours: z.number().min(0.001).max(87_600).nullable().default(null),
  })
  .strict();
export type RetentionConfig = z.infer<typeof RetentionConfig>;

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Everything about an inbox a user can change (all optional in an update). */
export const InboxConfig = z.object({
  name: z.string().trim().min(1).max(200),
  /** Default answer when no rule matches. */
  response: ResponseSpec.default(ResponseSpec.parse({})),
  /** Checked in order; the first enabled rule that matches answers. */
  rules: z.array(ResponseRule).max(100).default([]),
  verify: VerifyConfig.nullable().default(null),
  /** Bodies larger than this are refused with 413 and not stored. */
  maxBodyBytes: z.number().int().min(0).max(1024 * 1024 * 1024).default(DEFAULT_MAX_BODY_BYTES),
  retention: RetentionConfig.default(RetentionConfig.parse({})),
  /**
   * Duplicate deliveries: the id comes from `webhook-id` or `X-Webhook-ID`, or from this
   * top-level JSON body field (dotted path, e.g. "data.id") when set.
   */
  duplicateJsonField: z.string().trim().min(1).max(200).nullable().default(null),
  /** Auto-forward: every captured request is resent here; each downstream answer is recorded. */
  forwardUrl: z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL.' }).nullable().default(null),
});
export type InboxConfig = z.infer<typeof InboxConfig>;

export const Inbox = InboxConfig.extend({
  slug: InboxSlug,
  rules: z.array(ResponseRule.extend({ id: z.string() })),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  requestCount: z.number().int().nonnegative(),
  lastRequestAt: z.number().int().nullable(),
});
export type Inbox = z.infer<typeof Inbox>;

export const ListenerInfo = z.object({
  host: z.string(),
  port: z.number().int(),
  /** e.g. "http://127.0.0.1:7780"; an inbox lives at `${baseUrl}/${slug}`. */
  baseUrl: z.string(),
});

export const ReceiverStatus = z.object({
  running: z.boolean(),
  /** Paused by the user (tray or Settings) until resumed or the next start: no listener is open. */
  paused: z.boolean(),
  http: ListenerInfo.nullable(),
  https: ListenerInfo.nullable(),
  /** The base URLs requests can be sent to, http first. */
  baseUrls: z.array(z.string()),
  /** True when bound to all interfaces (0.0.0.0): other machines can reach the receiver. */
  listenAll: z.boolean(),
  autoCreateInboxes: z.boolean(),
  /** SHA-256 fingerprint of the self-signed certificate, when HTTPS is on. */
  certificateFingerprint: z.string().nullable(),
  certificatePath: z.string().nullable(),
  openConnections: z.number().int(),
  /** Requests stored since the receiver started. */
  capturedSinceStart: z.number().int(),
  /** Requests refused since start (413, 400, timeouts, unknown inbox). */
  rejectedSinceStart: z.number().int(),
  /** Why a listener is not running, when it is not. */
  error: z.string().nullable(),
});
export type ReceiverStatus = z.infer<typeof ReceiverStatus>;

/** Where a sequence rule stands: the answer the next matching request gets. */
export const SequenceState = z.object({
  ruleId: z.string(),
  name: z.string(),
  per: z.enum(['inbox', 'delivery']),
  steps: z.number().int(),
  after: z.enum(['repeat-last', 'loop']),
  /** Matching requests answered by the inbox-wide position (per "inbox", or without a delivery id). */
  served: z.number().int(),
  /** 1-based step the next request on the inbox-wide position gets. */
  nextStep: z.number().int(),
  nextStatus: z.number().int().nullable(),
  /** Per delivery id (newest first, at most 20 shown). */
  deliveries: z.array(z.object({ deliveryId: z.string(), served: z.number().int(), nextStep: z.number().int(), nextStatus: z.number().int().nullable() })),
  /** How many delivery ids have a position (at most 10000 are kept; the oldest is forgotten first). */
  deliveriesTracked: z.number().int(),
});
export type SequenceState = z.infer<typeof SequenceState>;
