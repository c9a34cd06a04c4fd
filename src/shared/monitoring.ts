import { z } from 'zod';

/** Chart windows the Overview offers; `from`/`to` give a custom one. */
export const StatsWindowName = z.enum(['15m', '1h', '24h', '7d']);
export type StatsWindowName = z.infer<typeof StatsWindowName>;
export const WINDOW_MS: Record<StatsWindowName, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
};

const Ms = z.number().int().min(0).max(8_640_000_000_000_000);

/** A time window: a named one ending now, or from/to (ms since the epoch, at most 400 days). */
export const WindowFields = {
  window: StatsWindowName.optional(),
  from: Ms.optional(),
  to: Ms.optional(),
  /** Bucket size in minutes; absent: chosen so a chart has at most about 720 points. */
  bucketMinutes: z.number().int().min(1).max(1440).optional(),
};

const Series = z.array(z.number());
const NullableSeries = z.array(z.number().nullable());

export const LatencyHistogram = z.object({
  /** Upper bound (ms, exclusive) of each bucket but the last, which holds everything above. */
  bounds: z.array(z.number()),
  counts: z.array(z.number().int()),
});

export const StatusClasses = z.object({
  s2xx: z.number().int(),
  s3xx: z.number().int(),
  s4xx: z.number().int(),
  s5xx: z.number().int(),
  /** No HTTP answer: refused, reset, DNS, TLS, timeout. */
  none: z.number().int(),
});

export const DeliveryTotals = z.object({
  attempts: z.number().int(),
  succeeded: z.number().int(),
  retried: z.number().int(),
  failed: z.number().int(),
  /** succeeded / attempts, 0..1; null without attempts. */
  successRate: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  avgMs: z.number().nullable(),
  maxMs: z.number().nullable(),
});
export type DeliveryTotals = z.infer<typeof DeliveryTotals>;

export const EndpointStatsRow = DeliveryTotals.extend({
  id: z.string(),
  /** The endpoint's name, or '' when it was deleted since. */
  name: z.string(),
});
export type EndpointStatsRow = z.infer<typeof EndpointStatsRow>;

export const RecentFailure = z.object({
  deliveryId: z.string(),
  endpointId: z.string(),
  endpointName: z.string(),
  topic: z.string(),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  at: z.number(),
});
export type RecentFailure = z.infer<typeof RecentFailure>;

/** Deliveries over a window: series per bucket (oldest first), totals and breakdowns. */
export const DeliveryStats = z.object({
  from: z.number(),
  to: z.number(),
  bucketMs: z.number().int(),
  series: z.object({
    /** Start of each bucket (ms). */
    t: Series,
    attempts: Series,
    succeeded: Series,
    /** Attempts that failed and were scheduled again. */
    retried: Series,
    /** Attempts that failed for good (retries exhausted or not retryable). */
    failed: Series,
    successRate: NullableSeries,
    p50: NullableSeries,
    p95: NullableSeries,
    p99: NullableSeries,
  }),
  totals: DeliveryTotals,
  histogram: LatencyHistogram,
  statusClasses: StatusClasses,
  /** Busiest first (at most 50). */
  endpoints: z.array(EndpointStatsRow),
  /** The last 10 deliveries that failed for good in the window, newest first. */
  recentFailures: z.array(RecentFailure),
});
export type DeliveryStats = z.infer<typeof DeliveryStats>;

export const InboxTotals = z.object({
  requests: z.number().int(),
  a2xx: z.number().int(),
  a3xx: z.number().int(),
  a4xx: z.number().int(),
  a5xx: z.number().int(),
  /** No status answered: hang or drop rules. */
  aNone: z.number().int(),
  sigValid: z.number().int(),
  sigInvalid: z.number().int(),
  unsigned: z.number().int(),
  duplicates: z.number().int(),
  bytes: z.number().int(),
  /** duplicates / requests, 0..1; null without requests. */
  duplicateRate: z.number().nullable(),
});
export type InboxTotals = z.infer<typeof InboxTotals>;

export const InboxStatsRow = InboxTotals.extend({ slug: z.string(), name: z.string() });

export const InboxStats = z.object({
  from: z.number(),
  to: z.number(),
  bucketMs: z.number().int(),
  series: z.object({
    t: Series,
    requests: Series,
    a2xx: Series,
    a3xx: Series,
    a4xx: Series,
    a5xx: Series,
    aNone: Series,
    sigValid: Series,
    sigInvalid: Series,
    unsigned: Series,
    duplicates: Series,
  }),
  totals: InboxTotals,
  /** Busiest first (at most 50). */
  inboxes: z.array(InboxStatsRow),
});
export type InboxStats = z.infer<typeof InboxStats>;

export const Sparklines = z.object({
  from: z.number(),
  bucketMs: z.number().int(),
  endpoints: z.array(
    z.object({ id: z.string(), attempts: Series, successRate: NullableSeries }),
  ),
});
export type Sparklines = z.infer<typeof Sparklines>;

// ---- Alerts ----

export const AlertKind = z.enum([
  /** A delivery failed for good (retries exhausted or not retryable). */
  'retries_exhausted',
  /** Failed attempts above `threshold` percent of at least `minVolume` attempts in the window. */
  'failure_rate',
  /** An attempt slower than `threshold` ms in the window. */
  'slow_response',
  /** The endpoint is disabled (410 Gone or too many failures in a row). */
  'endpoint_disabled',
  /** Inbox: invalid signatures above `threshold` percent of at least `minVolume` requests. */
  'signature_invalid',
  /** Inbox: answers that are not 2xx above `threshold` percent of at least `minVolume` requests. */
  'inbox_error_rate',
]);
export type AlertKind = z.infer<typeof AlertKind>;

export const AlertScope = z
  .object({
    endpointId: z.string().min(1).max(200).optional(),
    topic: z.string().min(1).max(200).optional(),
    inbox: z.string().min(1).max(200).optional(),
  })
  .strict();
export type AlertScope = z.infer<typeof AlertScope>;

export const AlertRuleFields = z
  .object({
    name: z.string().trim().min(1, 'Give the rule a name.').max(120),
    kind: AlertKind,
    enabled: z.boolean(),
    /** Percent for rates, ms for slow responses, a count for retries exhausted; unused for disabled. */
    threshold: z.number().min(0).max(1_000_000),
    windowMinutes: z.number().int().min(1).max(7 * 24 * 60),
    /** Rates only: fewer attempts or requests than this in the window never fire. */
    minVolume: z.number().int().min(1).max(1_000_000),
    /** Empty: every endpoint (or inbox) separately. */
    scope: AlertScope,
    /** Also send the alert as a webhook through the dispatcher to this endpoint. */
    webhookEndpointId: z.string().min(1).max(200).nullable(),
    /** Electron: a desktop notification when it fires. */
    desktop: z.boolean(),
  })
  .strict();
export type AlertRuleFields = z.infer<typeof AlertRuleFields>;

export const AlertRule = AlertRuleFields.extend({
  id: z.string(),
  /** One of the seed-004 defaults (can be changed or disabled, not deleted). */
  builtin: z.boolean(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertSubject = z.object({
  type: z.enum(['endpoint', 'topic', 'inbox']),
  id: z.string(),
  name: z.string(),
});

export const Alert = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  kind: AlertKind,
  subject: AlertSubject,
  /** What was measured when it fired (percent, ms or a count), and the rule's threshold. */
  value: z.number(),
  threshold: z.number(),
  message: z.string(),
  firedAt: z.number(),
  clearedAt: z.number().nullable(),
  /** The rule asks for a desktop notification. */
  desktop: z.boolean(),
});
export type Alert = z.infer<typeof Alert>;
