import { z } from 'zod';
import { CustomScheme, SchemeId } from './signing';

/**
 * Endpoints of the dispatcher (the sending half): where deliveries go, how they are shaped,
 * signed, authenticated and retried. Pure TypeScript + zod, shared by the core, both hosts and
 * the UI. Delivery and attempt shapes live in ./dispatcher-deliveries.
 */

const HeaderName = z
  .string()
  .trim()
  .min(1, 'Enter a header name.')
  .regex(
    /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
    "A header name may only contain letters, digits and !#$%&'*+-.^_`|~.",
  );

const HeaderValue = z
  .string()
  .refine((v) => !/[\r\n\0]/.test(v), 'A header value may not contain line breaks.');

/** Topic names: "file.created", "transfer_completed", or a wildcard "transfer.*" / "*". */
export const Topic = z
  .string()
  .trim()
  .min(1, 'Enter a topic.')
  .max(200, 'A topic is at most 200 characters.')
  .regex(
    /^(\*|[A-Za-z0-9_:/-]+(\.[A-Za-z0-9_:/-]+)*(\.\*)?)$/,
    'A topic is words separated by dots (e.g. file.created), optionally ending in ".*"; "*" means every topic.',
  );
export type Topic = z.infer<typeof Topic>;

export const EndpointType = z.enum(['webhook', 'slack', 'teams', 'discord']);
export type EndpointType = z.infer<typeof EndpointType>;

export const HttpMethod = z.enum(['POST', 'PUT', 'PATCH']);
export type HttpMethod = z.infer<typeof HttpMethod>;

/** How the endpoint authenticates Hookbench: sent on every attempt. Values are stored encrypted. */
export const EndpointAuth = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('basic'),
      username: z.string().min(1, 'Enter a user name.'),
      password: z.string(),
    })
    .strict(),
  z
    .object({
      type: z.literal('bearer'),
      token: HeaderValue.pipe(z.string().min(1, 'Enter the bearer token.')),
    })
    .strict(),
  z
    .object({
      type: z.literal('apiKey'),
      header: HeaderName.default('X-API-Key'),
      value: HeaderValue.pipe(z.string().min(1, 'Enter the API key.')),
    })
    .strict(),
  /** A raw Authorization header value, sent as is (SFTP To Go's "Authorization header"). */
  z
    .object({
      type: z.literal('raw'),
      value: HeaderValue.pipe(z.string().min(1, 'Enter the Authorization value.')),
    })
    .strict(),
]);
export type EndpointAuth = z.infer<typeof EndpointAuth>;

export const RetryPreset = z.enum(['mftplus', 'standard-webhooks', 'exponential']);
export type RetryPreset = z.infer<typeof RetryPreset>;

/** A preset name or a custom list of delays (seconds) between attempts; [] means no retries. */
export const RetryPolicy = z.union([
  RetryPreset,
  z
    .object({
      delays: z
        .array(
          z
            .number()
            .min(0, 'A delay cannot be negative.')
            .max(7 * 86_400, 'A delay is at most 7 days (604800 s).'),
        )
        .max(50, 'At most 50 retries.'),
    })
    .strict(),
]);
export type RetryPolicy = z.infer<typeof RetryPolicy>;

/** Retry schedules in seconds after each failed attempt (before time compression). */
export const RETRY_PRESETS: Record<
  RetryPreset,
  { label: string; delays: readonly number[]; jitter: boolean }
> = {
  mftplus: {
    label: 'MFTPlus: 1 min, 5 min, 30 min, 2 h, then failed',
    delays: [60, 300, 1800, 7200],
    jitter: false,
  },
  'standard-webhooks': {
    label: 'Standard Webhooks / Svix: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h',
    delays: [5, 300, 1800, 7200, 18_000, 36_000, 36_000],
    jitter: false,
  },
  exponential: {
    label: 'Exponential with jitter: 5 s doubling to 1 h, 8 retries',
    delays: [5, 10, 20, 40, 80, 160, 320, 640],
    jitter: true,
  },
};

/** Signing input: a scheme id; a secret only when the user brings their own (ExaVault's token, say). */
const SigningBase = z
  .object({
    scheme: SchemeId,
    secret: z
      .string()
      .min(1, 'A signing secret cannot be empty; leave it out to generate one.')
      .max(1024)
      .optional(),
    /** Required when scheme is "custom". */
    custom: CustomScheme.optional(),
  })
  .strict();

export const SigningInput = SigningBase.extend({ scheme: SchemeId.default('standard-webhooks') }).strict();
export type SigningInput = z.infer<typeof SigningInput>;

/**
 * endpoints.update: a new scheme without a secret generates a new secret for that scheme (returned
 * once in the answer); the same scheme with other custom settings keeps the secret.
 */
export const SigningPatch = SigningBase.partial().strict();
export type SigningPatch = z.infer<typeof SigningPatch>;

/** Signing as shown: never the secret itself. */
export const SigningInfo = z.object({
  scheme: SchemeId,
  custom: CustomScheme.optional(),
  /** First 4 and last 2 characters of the current secret. */
  secretHint: z.string(),
  /** While a rotation overlap lasts, the previous secret still signs until this time (ms). */
  previousSecretExpiresAt: z.number().nullable(),
});
export type SigningInfo = z.infer<typeof SigningInfo>;

export const CustomHeader = z.object({ name: HeaderName, value: HeaderValue }).strict();
export type CustomHeader = z.infer<typeof CustomHeader>;

export const EndpointState = z.enum(['active', 'paused', 'disabled']);
export type EndpointState = z.infer<typeof EndpointState>;

/** Every field a user sets on an endpoint (no defaults: the shape an endpoint is shown in). */
export const EndpointFields = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Enter a name for the endpoint.')
    .max(200, 'A name is at most 200 characters.'),
  url: z.string().trim().min(1, 'Enter the URL that receives the webhooks.').max(4096),
  type: EndpointType,
  method: HttpMethod,
  /** "application/json" (default), "application/xml", or any media type. */
  contentType: z
    .string()
    .trim()
    .min(1)
    .regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, 'A content type looks like "application/json".'),
  auth: EndpointAuth,
  headers: z.array(CustomHeader).max(50),
  topics: z.array(Topic).min(1, 'Choose at least one topic.').max(500),
  /** Optional body template ({{var}}, {% if %}) rendered per delivery instead of the raw payload. */
  payloadTemplate: z.string().max(1_048_576).nullable(),
  timeoutSeconds: z.number().min(0.1).max(300, 'A timeout is at most 300 s.'),
  /** Time allowed to open the connection (TCP + TLS); capped by timeoutSeconds. */
  connectTimeoutSeconds: z.number().min(0.1).max(60),
  retry: RetryPolicy,
  /** Attempts in flight at once for this endpoint. */
  maxConcurrency: z.number().int().min(1).max(256),
  /** Attempts started per second at most; null means unlimited. */
  rateLimitPerSecond: z.number().min(0.01).max(100_000).nullable(),
  allowPlainHttp: z.boolean(),
  allowSelfSigned: z.boolean(),
  description: z.string().max(2000),
});
export type EndpointFields = z.infer<typeof EndpointFields>;

const F = EndpointFields.shape;

/**
 * When the URL is one of this Hookbench's own inboxes (its receiver's address and an inbox's slug),
 * make that inbox verify the endpoint's signatures with the endpoint's scheme and secret. A URL
 * that is not a local inbox is refused, so nothing changes.
 */
const VerifyAtInbox = z.boolean();

/** endpoints.create input: name, url and topics; everything else defaults. */
export const EndpointCreate = z
  .object({
    ...F,
    type: F.type.default('webhook'),
    method: F.method.default('POST'),
    contentType: F.contentType.default('application/json'),
    auth: F.auth.default({ type: 'none' }),
    headers: F.headers.default([]),
    payloadTemplate: F.payloadTemplate.default(null),
    timeoutSeconds: F.timeoutSeconds.default(10),
    connectTimeoutSeconds: F.connectTimeoutSeconds.default(5),
    retry: F.retry.default('mftplus'),
    maxConcurrency: F.maxConcurrency.default(10),
    rateLimitPerSecond: F.rateLimitPerSecond.default(null),
    allowPlainHttp: F.allowPlainHttp.default(false),
    allowSelfSigned: F.allowSelfSigned.default(false),
    description: F.description.default(''),
    signing: SigningInput.default({ scheme: 'standard-webhooks' }),
    verifyAtInbox: VerifyAtInbox.default(false),
  })
  .strict();
export type EndpointCreateInput = z.input<typeof EndpointCreate>;

/** Every field optional; only given fields change. A new signing.secret replaces the secret without overlap. */
export const EndpointUpdate = EndpointFields.partial()
  .extend({ id: z.string().min(1), signing: SigningPatch.optional(), verifyAtInbox: VerifyAtInbox.optional() })
  .strict();
export type EndpointUpdateInput = z.input<typeof EndpointUpdate>;

export const EndpointHealth = z.object({
  /** Share of the last 100 attempts that got a 2xx (0..1); null before any attempt. */
  successRate: z.number().min(0).max(1).nullable(),
  attemptsCounted: z.number().int(),
  lastStatus: z.number().int().nullable(),
  /** The last attempt's error in words, when it had no response or failed. */
  lastError: z.string().nullable(),
  lastAttemptAt: z.number().nullable(),
  /** Average total time of the last 100 answered attempts, ms. */
  avgResponseMs: z.number().nullable(),
  consecutiveFailures: z.number().int(),
  /** Deliveries waiting (pending or retrying). */
  queued: z.number().int(),
});
export type EndpointHealth = z.infer<typeof EndpointHealth>;

export const Endpoint = EndpointFields.extend({
  id: z.string(),
  state: EndpointState,
  /** Why the endpoint is disabled (410, too many failures), for the user. */
  disabledReason: z.string().nullable(),
  signing: SigningInfo,
  health: EndpointHealth,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Endpoint = z.infer<typeof Endpoint>;

/** endpoints.rotateSecret answer: the endpoint plus, this once, its secret. */
export const EndpointWithSecret = Endpoint.extend({ secret: z.string() });
export type EndpointWithSecret = z.infer<typeof EndpointWithSecret>;

/** What verifyAtInbox did to the local inbox the endpoint delivers to. */
export const InboxLink = z.object({
  slug: z.string(),
  name: z.string(),
  /**
   * started: the inbox verified nothing and now verifies this endpoint's scheme and secret;
   * added: it verified the same scheme and now accepts this secret too;
   * replaced: it verified this endpoint's previous scheme or secret and now verifies the new ones;
   * unchanged: it already accepts this secret, or verifies another scheme (left as the user set it);
   * failed: the endpoint was saved but the inbox could not be changed (message says why).
   */
  result: z.enum(['started', 'added', 'replaced', 'unchanged', 'failed']),
  /** One sentence for the user. */
  message: z.string(),
});
export type InboxLink = z.infer<typeof InboxLink>;

/** endpoints.create answer: the endpoint plus, this once, its secret (and what verifyAtInbox did). */
export const EndpointCreated = EndpointWithSecret.extend({ inbox: InboxLink.optional() });
export type EndpointCreated = z.infer<typeof EndpointCreated>;

/**
 * endpoints.update answer: the endpoint; `secret` only when the update generated one (a new
 * signing scheme without signing.secret), shown this once; `inbox` when verifyAtInbox was set.
 */
export const EndpointUpdated = Endpoint.extend({ secret: z.string().optional(), inbox: InboxLink.optional() });
export type EndpointUpdated = z.infer<typeof EndpointUpdated>;
