import { z } from 'zod';
import { DeliveryFilter } from './delivery-filter';
import { StoredBody } from './dispatcher-deliveries';
import { RequestQueryInput } from './receiver-requests';
import { Comparison, CompareSettings } from './replay-compare';
import { CustomScheme, SchemeId } from './signing';

/**
 * Replay runs: a source (deliveries, captured requests or an imported collection), a target, options
 * and per-item results compared with a baseline. Stored, so runs can be reopened, compared and exported.
 */

export const MAX_RUN_ITEMS = 100_000;

const Pair = z.tuple([z.string().max(8192), z.string().max(65_536)]);

export { DeliveryFilter } from './delivery-filter';

export const RunSource = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('deliveries'),
      /** These deliveries, in this order. */
      ids: z.array(z.string().min(1)).min(1).max(MAX_RUN_ITEMS).optional(),
      /** Or every delivery matching this filter (oldest first). */
      filter: DeliveryFilter.optional(),
      limit: z.number().int().min(1).max(MAX_RUN_ITEMS).default(10_000),
    })
    .strict(),
  z
    .object({
      type: z.literal('requests'),
      ids: z.array(z.number().int().positive()).min(1).max(MAX_RUN_ITEMS).optional(),
      inbox: z.string().min(1).optional(),
      query: RequestQueryInput.optional(),
      limit: z.number().int().min(1).max(MAX_RUN_ITEMS).default(10_000),
    })
    .strict(),
  z.object({ type: z.literal('collection'), collectionId: z.string().min(1) }).strict(),
  /** The same items as an earlier run (to compare before/after a fix). */
  z.object({ type: z.literal('run'), runId: z.string().min(1) }).strict(),
]);
export type RunSource = z.infer<typeof RunSource>;

const HttpUrl = z.url({ protocol: /^https?$/, error: 'Enter an http:// or https:// URL.' });

export const RunTarget = z.discriminatedUnion('type', [
  /** Each item's original endpoint (deliveries: the endpoint's current URL; requests: the captured URL). */
  z.object({ type: z.literal('original') }).strict(),
  /** Scheme, host and port (and path, when the base URL has one) replaced: "the same deliveries against staging". */
  z
    .object({
      type: z.literal('url'),
      baseUrl: HttpUrl,
      /** Removed from the start of each item's path before the base URL's path is put in front. */
      stripPrefix: z.string().max(1000).optional(),
    })
    .strict(),
  /** A local inbox of the embedded receiver. */
  z.object({ type: z.literal('inbox'), slug: z.string().min(1).max(100) }).strict(),
]);
export type RunTarget = z.infer<typeof RunTarget>;

export const RunSigning = z.discriminatedUnion('mode', [
  /** Re-sign with the endpoint's current secret and a fresh timestamp (deliveries; or the given endpoint). */
  z.object({ mode: z.literal('endpoint'), endpointId: z.string().min(1).optional() }).strict(),
  /** Sign with this scheme and secret. */
  z
    .object({
      mode: z.literal('secret'),
      scheme: SchemeId,
      secret: z.string().min(1).max(4096),
      custom: CustomScheme.optional(),
    })
    .strict(),
  /** Send the captured signature headers unchanged (tests the consumer's replay protection). */
  z.object({ mode: z.literal('keep') }).strict(),
  /** No signature headers at all. */
  z.object({ mode: z.literal('none') }).strict(),
]);
export type RunSigning = z.infer<typeof RunSigning>;

export const RunEdits = z
  .object({
    /** Header names removed (case-insensitive). */
    removeHeaders: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
    /** Headers set (replacing any of the same name). */
    setHeaders: z.array(Pair).max(100).default([]),
    /** JSON Merge Patch (RFC 7386) applied to JSON bodies. */
    payloadPatch: z.record(z.string(), z.unknown()).optional(),
    /** The whole body replaced by this text. */
    payloadReplace: z
      .string()
      .max(10 * 1024 * 1024)
      .optional(),
  })
  .strict()
  .refine((e) => e.payloadPatch === undefined || e.payloadReplace === undefined, {
    message: 'Patch the payload or replace it, not both.',
    path: ['payloadReplace'],
  });
export type RunEdits = z.infer<typeof RunEdits>;

export const RunOptions = z
  .object({
    /** Keep each item's delivery id (tests idempotency) or mint a new one. */
    keepId: z.boolean().default(false),
    signing: RunSigning.default({ mode: 'endpoint' }),
    edits: RunEdits.optional(),
    concurrency: z.number().int().min(1).max(64).default(4),
    /** Requests per second at most; absent: as fast as the concurrency allows. */
    ratePerSecond: z.number().min(0.1).max(10_000).optional(),
    stopOnFailure: z.boolean().default(false),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    compare: CompareSettings.default(CompareSettings.parse({})),
  })
  .strict();
export type RunOptions = z.infer<typeof RunOptions>;

export const RunCreateInput = z
  .object({
    name: z.string().trim().max(200).optional(),
    source: RunSource,
    target: RunTarget.default({ type: 'original' }),
    options: RunOptions.default(RunOptions.parse({})),
    /** Create paused (start with runs.resume). */
    paused: z.boolean().default(false),
  })
  .strict();

export const RunStatus = z.enum(['running', 'paused', 'completed', 'cancelled', 'stopped']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunCounts = z.object({
  total: z.number().int(),
  /** Sent and answered, or failed to send. */
  done: z.number().int(),
  pending: z.number().int(),
  /** Answered the same as the baseline. */
  same: z.number().int(),
  /** Answered differently from the baseline. */
  changed: z.number().int(),
  /** Answered, but there is no baseline to compare with. */
  noBaseline: z.number().int(),
  /** No answer (network error, timeout) or a non-2xx answer. */
  failed: z.number().int(),
  /** Never sent: cancelled, stopped, or interrupted by a restart (reported, never resent). */
  notSent: z.number().int(),
});
export type RunCounts = z.infer<typeof RunCounts>;

export const Run = z.object({
  id: z.string(),
  name: z.string(),
  status: RunStatus,
  /** What the run replays, in words ("12 deliveries", "inbox default: 40 requests"). */
  sourceLabel: z.string(),
  source: z.object({
    type: z.enum(['deliveries', 'requests', 'collection', 'run']),
    ref: z.string().nullable(),
  }),
  target: RunTarget,
  /** The options; a given signing secret is replaced by its hint. */
  options: z.object({
    keepId: z.boolean(),
    signing: z.object({
      mode: z.enum(['endpoint', 'secret', 'keep', 'none']),
      scheme: z.string().nullable(),
      endpointId: z.string().nullable(),
    }),
    edits: z.boolean(),
    concurrency: z.number().int(),
    ratePerSecond: z.number().nullable(),
    stopOnFailure: z.boolean(),
    timeoutMs: z.number().int(),
    compare: CompareSettings,
  }),
  counts: RunCounts,
  /** Items per second over the last seconds (0 when idle). */
  rate: z.number(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Why the run stopped early, when it did. */
  note: z.string().nullable(),
});
export type Run = z.infer<typeof Run>;

export const ItemState = z.enum(['pending', 'sending', 'answered', 'error', 'not_sent']);
export type ItemState = z.infer<typeof ItemState>;

export const RunItemSummary = z.object({
  index: z.number().int(),
  kind: z.enum(['delivery', 'request', 'collection']),
  /** Source id: the delivery id, captured request id or collection item name. */
  ref: z.string(),
  method: z.string(),
  /** Where it went (or goes). */
  url: z.string(),
  state: ItemState,
  /** The delivery id sent (kept or minted). */
  sentId: z.string().nullable(),
  status: z.number().int().nullable(),
  baselineStatus: z.number().int().nullable(),
  verdict: z.enum(['same', 'changed']).nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nullable(),
  sentAt: z.number().nullable(),
});
export type RunItemSummary = z.infer<typeof RunItemSummary>;

const AnswerOut = z.object({
  status: z.number().int(),
  headers: z.array(z.tuple([z.string(), z.string()])),
  body: StoredBody,
});

export const RunItemDetail = RunItemSummary.extend({
  request: z.object({ headers: z.array(z.tuple([z.string(), z.string()])), body: StoredBody }),
  response: AnswerOut.nullable(),
  baseline: AnswerOut.nullable(),
  comparison: Comparison.nullable(),
});
export type RunItemDetail = z.infer<typeof RunItemDetail>;

export const ItemFilter = z.enum(['all', 'changed', 'same', 'failed', 'not_sent', 'pending']);

// ---------------------------------------------------------------- collections

export const COLLECTION_FORMAT = 'hookbench.collection';
export const COLLECTION_VERSION = 1;

const CollectionBody = z.union([
  z.object({ text: z.string().max(10 * 1024 * 1024) }).strict(),
  z
    .object({
      base64: z
        .string()
        .max(14 * 1024 * 1024)
        .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Not base64.'),
    })
    .strict(),
]);

const HeaderList = z.array(z.tuple([z.string().min(1).max(8192), z.string().max(65_536)])).max(500);

export const CollectionItem = z
  .object({
    /** A label for reports (JUnit test case name); defaults to "METHOD path". */
    name: z.string().max(500).optional(),
    method: z
      .string()
      .regex(/^[A-Z]{1,20}$/, 'A method is 1 to 20 capital letters.')
      .default('POST'),
    /** A full URL, or a path (then the run's target gives scheme, host and port). */
    url: z
      .string()
      .min(1)
      .max(8192)
      .describe(
        'A full http(s) URL, or a path starting with "/" (then the run target gives scheme, host and port).',
      ),
    /** The path (and query) put after a target's base URL; default: the url's path. */
    path: z
      .string()
      .regex(/^\//, 'A path starts with "/".')
      .max(8192)
      .optional()
      .describe('The path and query put after a target base URL; default: the path of url.'),
    headers: HeaderList.default([]).describe(
      'Request headers as [name, value] pairs, in order. Credentials are never exported.',
    ),
    body: CollectionBody.default({ text: '' }).describe(
      'The body as UTF-8 text ({ text }) or bytes in base64 ({ base64 }).',
    ),
    /** The signature scheme the request was signed with (informative; re-signing needs a secret). */
    signature: z
      .object({ scheme: SchemeId })
      .strict()
      .nullable()
      .default(null)
      .describe('The signature scheme the request was signed with.'),
    /** The delivery id the request carried, kept by --keep-id. */
    deliveryId: z
      .string()
      .max(500)
      .nullable()
      .default(null)
      .describe('The delivery id the request carried (kept with --keep-id).'),
    topic: z.string().max(200).nullable().default(null),
    /** The answer to compare with. */
    baseline: z
      .object({
        status: z.number().int().min(100).max(599),
        headers: HeaderList.default([]),
        body: CollectionBody.default({ text: '' }),
      })
      .strict()
      .nullable()
      .default(null)
      .describe('The answer replays are compared with: status, headers and body.'),
  })
  .strict()
  .refine((i) => /^https?:\/\//i.test(i.url) || i.url.startsWith('/'), {
    message: 'The url is a full http(s) URL or a path starting with "/".',
    path: ['url'],
  });
export type CollectionItem = z.infer<typeof CollectionItem>;

export const Collection = z
  .object({
    $schema: z.string().optional(),
    format: z.literal(COLLECTION_FORMAT),
    version: z.literal(COLLECTION_VERSION),
    name: z.string().max(200).default('Collection'),
    exportedAt: z.string().optional(),
    items: z.array(CollectionItem).max(MAX_RUN_ITEMS),
  })
  .strict()
  .meta({
    title: 'Hookbench collection',
    description: 'A set of HTTP requests with their baseline answers, replayable with `hookbench replay`.',
  });
export type Collection = z.infer<typeof Collection>;

export const CollectionSummary = z.object({
  id: z.string(),
  name: z.string(),
  items: z.number().int(),
  createdAt: z.number(),
});

export const ImportRejection = z.object({ index: z.number().int(), reason: z.string() });
