/**
 * Per-minute rollups of the two hot write paths, maintained in the same transaction as the raw
 * rows, summed per transaction by the writers themselves instead of by per-row triggers: the
 * receiver's captured requests by the capture writer (INBOX_ROLLUP_UPSERT, addRequestRollup;
 * monitoring/004 dropped their trigger), the dispatcher's attempts by the writer worker
 * (UPSERT_SQL and foldAttempt: one UPSERT per minute and endpoint or topic per engine cycle;
 * monitoring/005 dropped the trigger, which cost two UPSERTs and a delivery lookup per attempt).
 * Chart queries read these tables (one row per endpoint, topic or inbox per minute) instead of the
 * raw attempts and requests; deleting raw rows (retention, a deleted endpoint) never touches them.
 */

/** Upper bounds (ms, exclusive) of the latency histogram buckets; the last bucket is everything above. */
export const LATENCY_BOUNDS = [
  5, 10, 25, 50, 75, 100, 150, 250, 400, 600, 1000, 1500, 2500, 4000, 5000, 7500, 10000, 20000, 30000,
] as const;
export const BUCKETS = LATENCY_BOUNDS.length + 1;

const H = Array.from({ length: BUCKETS }, (_, i) => `h${i}`);

/** The bucket index of a latency expression, as SQL. */
const bucketOf = (ms: string): string =>
  `CASE ${LATENCY_BOUNDS.map((b, i) => `WHEN ${ms} < ${b} THEN ${i}`).join(' ')} ELSE ${LATENCY_BOUNDS.length} END`;

/** Columns shared by the endpoint and topic rollups. */
const DELIVERY_COLS = `
  attempts INTEGER NOT NULL DEFAULT 0,
  succeeded INTEGER NOT NULL DEFAULT 0,
  retried INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  c2 INTEGER NOT NULL DEFAULT 0,
  c3 INTEGER NOT NULL DEFAULT 0,
  c4 INTEGER NOT NULL DEFAULT 0,
  c5 INTEGER NOT NULL DEFAULT 0,
  cerr INTEGER NOT NULL DEFAULT 0,
  timed INTEGER NOT NULL DEFAULT 0,
  lat_sum REAL NOT NULL DEFAULT 0,
  lat_max REAL NOT NULL DEFAULT 0,
  ${H.map((h) => `${h} INTEGER NOT NULL DEFAULT 0`).join(',\n  ')}`;

/** Value columns of the delivery rollups, in table order after the key. */
export const DELIVERY_VALUES = [
  'attempts',
  'succeeded',
  'retried',
  'failed',
  'c2',
  'c3',
  'c4',
  'c5',
  'cerr',
  'timed',
  'lat_sum',
  'lat_max',
  ...H,
];

/**
 * Per attempt `a` (with its bucket `b` and whether it is timed `tm`): succeeded, retried (failed
 * and scheduled again), failed (for good: retries exhausted or not retryable), status class, and
 * latency (attempts that got an answer or timed out; refused connections have no latency).
 */
const attemptValues = (a: string): string[] => attemptExprs(a).map(nn);

/** NULL (no status, no error code) counts as 0: comparisons with NULL are NULL in SQL. */
const nn = (e: string) => (e === '1' ? e : `ifnull(${e}, 0)`);

const attemptExprs = (a: string): string[] => [
  '1',
  `(${a}.outcome = 'succeeded')`,
  `(${a}.outcome <> 'succeeded' AND ${a}.next_attempt_at IS NOT NULL)`,
  `(${a}.outcome <> 'succeeded' AND ${a}.next_attempt_at IS NULL)`,
  `(${a}.res_status BETWEEN 200 AND 299)`,
  `(${a}.res_status BETWEEN 300 AND 399)`,
  `(${a}.res_status BETWEEN 400 AND 499)`,
  `(${a}.res_status >= 500)`,
  `(${a}.res_status IS NULL OR ${a}.res_status < 200)`,
  'tm',
  `(CASE WHEN tm THEN ${a}.total_ms ELSE 0 END)`,
  `(CASE WHEN tm THEN ${a}.total_ms ELSE 0 END)`,
  ...H.map((_, i) => `(tm AND b = ${i})`),
];

const timedExpr = (a: string) => `(${a}.res_status IS NOT NULL OR ifnull(${a}.error_code = 'timeout', 0))`;

const upsertSet = (cols: string[]) =>
  cols.map((c) => (c === 'lat_max' ? `lat_max = max(lat_max, excluded.lat_max)` : `${c} = ${c} + excluded.${c}`)).join(', ');

/** Columns of the inbox rollup after the key. */
export const INBOX_VALUES = [
  'requests',
  'a2',
  'a3',
  'a4',
  'a5',
  'anone',
  'sig_valid',
  'sig_invalid',
  'sig_unsigned',
  'duplicates',
  'bytes',
];

const requestValues = (r: string): string[] => requestExprs(r).map(nn);

const requestExprs = (r: string): string[] => [
  '1',
  `(${r}.answer_status BETWEEN 200 AND 299)`,
  `(${r}.answer_status BETWEEN 300 AND 399)`,
  `(${r}.answer_status BETWEEN 400 AND 499)`,
  `(${r}.answer_status >= 500)`,
  `(${r}.answer_status IS NULL OR ${r}.answer_status < 200)`,
  `(${r}.sig_status = 'valid')`,
  `(${r}.sig_status = 'invalid')`,
  `(${r}.sig_status = 'unsigned')`,
  `(${r}.duplicate_of IS NOT NULL)`,
  `${r}.body_size`,
];

const cols = DELIVERY_VALUES.join(', ');
const icols = INBOX_VALUES.join(', ');

/** The three rollup tables of one granularity, clustered by (minute, key): a window is one range scan. */
const clusteredTables = (suffix: string): string => `CREATE TABLE stats_endpoint${suffix} (
  minute INTEGER NOT NULL,
  endpoint_id TEXT NOT NULL,${DELIVERY_COLS},
  PRIMARY KEY (minute, endpoint_id)
) WITHOUT ROWID;
CREATE TABLE stats_topic${suffix} (
  minute INTEGER NOT NULL,
  topic TEXT NOT NULL,
  endpoint_id TEXT NOT NULL,${DELIVERY_COLS},
  PRIMARY KEY (minute, topic, endpoint_id)
) WITHOUT ROWID;
CREATE TABLE stats_inbox${suffix} (
  minute INTEGER NOT NULL,
  inbox TEXT NOT NULL,
  ${INBOX_VALUES.map((c) => `${c} INTEGER NOT NULL DEFAULT 0`).join(',\n  ')},
  PRIMARY KEY (minute, inbox)
) WITHOUT ROWID;
`;

/**
 * Keys start with the minute: rows are clustered by time, so a window is one range scan in bucket
 * order (no second index to maintain on every new row, no sort for GROUP BY minute); a query for
 * one endpoint, topic or inbox filters that range.
 */
export const ROLLUP_SCHEMA = `
${clusteredTables('_minute')}
CREATE TABLE stats_endpoint_hour AS SELECT * FROM stats_endpoint_minute WHERE 0;
CREATE TABLE stats_topic_hour AS SELECT * FROM stats_topic_minute WHERE 0;
CREATE TABLE stats_inbox_hour AS SELECT * FROM stats_inbox_minute WHERE 0;
CREATE UNIQUE INDEX stats_endpoint_hour_key ON stats_endpoint_hour (minute, endpoint_id);
CREATE UNIQUE INDEX stats_topic_hour_key ON stats_topic_hour (minute, topic, endpoint_id);
CREATE UNIQUE INDEX stats_inbox_hour_key ON stats_inbox_hour (minute, inbox);
-- Hour rows are written only when hours are folded, not per delivery: an index per filter is cheap.
CREATE INDEX stats_endpoint_hour_endpoint ON stats_endpoint_hour (endpoint_id, minute);
CREATE INDEX stats_topic_hour_topic ON stats_topic_hour (topic, minute);

CREATE TRIGGER stats_attempt_rollup AFTER INSERT ON dispatch_attempts BEGIN
  INSERT INTO stats_endpoint_minute (endpoint_id, minute, ${cols})
    SELECT NEW.endpoint_id, NEW.started_at / 60000, ${attemptValues('NEW').join(', ')}
    FROM (SELECT ${timedExpr('NEW')} AS tm, ${bucketOf('NEW.total_ms')} AS b) WHERE true
    ON CONFLICT (minute, endpoint_id) DO UPDATE SET ${upsertSet(DELIVERY_VALUES)};
  INSERT INTO stats_topic_minute (topic, minute, endpoint_id, ${cols})
    SELECT d.topic, NEW.started_at / 60000, NEW.endpoint_id, ${attemptValues('NEW').join(', ')}
    FROM (SELECT ${timedExpr('NEW')} AS tm, ${bucketOf('NEW.total_ms')} AS b)
    JOIN dispatch_deliveries d ON d.seq = NEW.delivery_seq WHERE true
    ON CONFLICT (minute, topic, endpoint_id) DO UPDATE SET ${upsertSet(DELIVERY_VALUES)};
END;

CREATE TRIGGER stats_request_rollup AFTER INSERT ON requests BEGIN
  INSERT INTO stats_inbox_minute (inbox, minute, ${icols})
    VALUES (NEW.inbox, NEW.received_at / 60000, ${requestValues('NEW').join(', ')})
    ON CONFLICT (minute, inbox) DO UPDATE SET ${upsertSet(INBOX_VALUES)};
END;
`;

/**
 * The inbox rollup as the capture writer keeps it (monitoring/004 dropped the per-row trigger):
 * parameters are the inbox, the minute and the INBOX_VALUES summed over one transaction's rows.
 */
export const INBOX_ROLLUP_UPSERT = `INSERT INTO stats_inbox_minute (inbox, minute, ${icols})
  VALUES (?, ?, ${INBOX_VALUES.map(() => '?').join(', ')})
  ON CONFLICT (minute, inbox) DO UPDATE SET ${upsertSet(INBOX_VALUES)}`;

/** Adds one captured request to `v` (INBOX_VALUES order), as requestExprs counts it in SQL. */
export function addRequestRollup(v: number[], status: number | null, sig: string, duplicate: boolean, bytes: number): void {
  v[0]++;
  if (status === null || status < 200) v[5]++;
  else if (status < 300) v[1]++;
  else if (status < 400) v[2]++;
  else if (status < 500) v[3]++;
  else v[4]++;
  if (sig === 'valid') v[6]++;
  else if (sig === 'invalid') v[7]++;
  else if (sig === 'unsigned') v[8]++;
  if (duplicate) v[9]++;
  v[10] += bytes;
}

function sums(exprs: string[], names: string[]): string {
  return exprs.map((e, i) => (names[i] === 'lat_max' ? `max(${e})` : `sum(${e})`)).join(', ');
}

/** Recomputes every rollup from the raw rows that are still stored (used when they are missing). */
export const REBUILD_SQL = {
  endpoint: `INSERT INTO stats_endpoint_minute (endpoint_id, minute, ${cols})
    SELECT a.endpoint_id, a.started_at / 60000, ${sums(attemptValues('a'), DELIVERY_VALUES)}
    FROM (SELECT x.*, ${timedExpr('x')} AS tm, ${bucketOf('x.total_ms')} AS b FROM dispatch_attempts x) a
    GROUP BY 1, 2`,
  topic: `INSERT INTO stats_topic_minute (topic, minute, endpoint_id, ${cols})
    SELECT d.topic, a.started_at / 60000, a.endpoint_id, ${sums(attemptValues('a'), DELIVERY_VALUES)}
    FROM (SELECT x.*, ${timedExpr('x')} AS tm, ${bucketOf('x.total_ms')} AS b FROM dispatch_attempts x) a
    JOIN dispatch_deliveries d ON d.seq = a.delivery_seq
    GROUP BY 1, 2, 3`,
  inbox: `INSERT INTO stats_inbox_minute (inbox, minute, ${icols})
    SELECT r.inbox, r.received_at / 60000, ${sums(requestValues('r'), INBOX_VALUES)}
    FROM requests r GROUP BY 1, 2`,
};

/**
 * The dispatcher's writer adds each cycle's attempts to the minute rollups itself: it folds them
 * per minute and endpoint (and per minute, topic and endpoint) with foldAttempt, the same values
 * as attemptExprs (and so as REBUILD_SQL and the per-row trigger monitoring/005 dropped), then
 * adds each folded row with one of these UPSERTs: params key columns (as in the INSERT), then
 * DELIVERY_VALUES.
 */
export const UPSERT_SQL = {
  endpoint: `INSERT INTO stats_endpoint_minute (endpoint_id, minute, ${cols})
    VALUES (?, ?, ${DELIVERY_VALUES.map(() => '?').join(', ')})
    ON CONFLICT (minute, endpoint_id) DO UPDATE SET ${upsertSet(DELIVERY_VALUES)}`,
  topic: `INSERT INTO stats_topic_minute (topic, minute, endpoint_id, ${cols})
    VALUES (?, ?, ?, ${DELIVERY_VALUES.map(() => '?').join(', ')})
    ON CONFLICT (minute, topic, endpoint_id) DO UPDATE SET ${upsertSet(DELIVERY_VALUES)}`,
};

/** Index of each value in a folded row (DELIVERY_VALUES order). */
const V = { attempts: 0, succeeded: 1, retried: 2, failed: 3, c2: 4, c3: 5, c4: 6, c5: 7, cerr: 8, timed: 9, latSum: 10, latMax: 11, h0: 12 };

/** The rollup minute of an attempt that started at `startedAt` (ms): SQL's `started_at / 60000`. */
export const rollupMinute = (startedAt: number): number =>
  Number.isInteger(startedAt) ? Math.trunc(startedAt / 60000) : startedAt / 60000;

/** A folded row of zeros (DELIVERY_VALUES.length values). */
export const emptyRollup = (): number[] => new Array<number>(DELIVERY_VALUES.length).fill(0);

/** Adds one attempt to a folded row: attemptExprs in JavaScript (NULL comparisons count as 0). */
export function foldAttempt(
  r: number[],
  outcome: string,
  nextAttemptAt: number | null,
  resStatus: number | null,
  errorCode: string | null,
  totalMs: number,
): void {
  r[V.attempts] += 1;
  if (outcome === 'succeeded') r[V.succeeded] += 1;
  else if (nextAttemptAt !== null) r[V.retried] += 1;
  else r[V.failed] += 1;
  if (resStatus === null) r[V.cerr] += 1;
  else {
    if (resStatus >= 200 && resStatus <= 299) r[V.c2] += 1;
    if (resStatus >= 300 && resStatus <= 399) r[V.c3] += 1;
    if (resStatus >= 400 && resStatus <= 499) r[V.c4] += 1;
    if (resStatus >= 500) r[V.c5] += 1;
    if (resStatus < 200) r[V.cerr] += 1;
  }
  if (resStatus !== null || errorCode === 'timeout') {
    r[V.timed] += 1;
    r[V.latSum] += totalMs;
    if (totalMs > r[V.latMax]) r[V.latMax] = totalMs;
    let b = 0;
    while (b < LATENCY_BOUNDS.length && !(totalMs < LATENCY_BOUNDS[b])) b++;
    r[V.h0 + b] += 1;
  }
}

/**
 * Coarser copies of the minute tables, folded from whole finished blocks of minutes (`minute` is
 * the block's first minute): 10-minute blocks answer windows of 6 hours to 3 days (a 24 h chart
 * reads 144 rows per endpoint instead of 1,440), hours answer longer ones. Each tier remembers in
 * `meta` the first minute it has not folded yet.
 */
export const TIERS = [
  { suffix: '_10m', minutes: 10, meta: 'stats.tenmin_until' },
  { suffix: '_hour', minutes: 60, meta: 'stats.hours_until' },
] as const;
export type Tier = (typeof TIERS)[number];

/** The three rollups: minute table, key columns, values; a tier's table is the name with its suffix. */
export const ROLLUPS = [
  { minute: 'stats_endpoint_minute', keys: ['endpoint_id'], values: DELIVERY_VALUES },
  { minute: 'stats_topic_minute', keys: ['topic', 'endpoint_id'], values: DELIVERY_VALUES },
  { minute: 'stats_inbox_minute', keys: ['inbox'], values: INBOX_VALUES },
] as const;

export const tierTable = (minuteTable: string, tier: Tier): string => minuteTable.replace('_minute', tier.suffix);

/** Folds the minutes of [from, to) (minute indexes, whole blocks of the tier) into the tier's table. */
export const compactSql = (r: (typeof ROLLUPS)[number], tier: Tier): string =>
  `INSERT OR REPLACE INTO ${tierTable(r.minute, tier)} (minute, ${r.keys.join(', ')}, ${r.values.join(', ')})
   SELECT (minute / ${tier.minutes}) * ${tier.minutes}, ${r.keys.join(', ')}, ${sums(r.values as string[], r.values as string[])}
   FROM ${r.minute} WHERE minute >= ? AND minute < ? GROUP BY 1, ${r.keys.join(', ')}`;

/** Every rollup table (minutes and tiers), for retention and rebuilds. */
export const ROLLUP_TABLES = ROLLUPS.flatMap((r) => [r.minute, ...TIERS.map((t) => tierTable(r.minute, t))]);

/**
 * The 10-minute tier (monitoring/003): clustered by (minute, key) like the minute tables, so a
 * window is one range scan with no lookups.
 */
export const TEN_MINUTE_SCHEMA = clusteredTables('_10m');
