import { z } from 'zod';

/**
 * Comparing a replayed answer with its baseline: pure functions shared by the core (which stores
 * the verdict of every item) and the renderer (which draws the side-by-side diff).
 */

export const DEFAULT_IGNORE_PATHS = [
  '$..id',
  '$..timestamp',
  '$..time',
  '$..date',
  '$..at',
  '$..ts',
  '$..*_at',
  '$..*At',
  '$..request_id',
  '$..requestId',
  '$..trace_id',
  '$..traceId',
];

export const DEFAULT_IGNORE_HEADERS = [
  'date',
  'age',
  'expires',
  'last-modified',
  'etag',
  'server',
  'server-timing',
  'x-response-time',
  'x-request-id',
  'request-id',
  'x-correlation-id',
  'traceparent',
  'tracestate',
  'x-amzn-trace-id',
  'cf-ray',
  'via',
  'set-cookie',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
];

/** Headers compared when the run names none: the ones a consumer's contract usually carries. */
export const DEFAULT_COMPARE_HEADERS = ['content-type', 'location', 'retry-after'];

export const CompareSettings = z
  .object({
    /** Header names compared ("*" for every header not ignored). */
    headers: z
      .array(z.string().trim().toLowerCase().min(1).max(200))
      .max(100)
      .default(DEFAULT_COMPARE_HEADERS),
    /** JSON paths left out of the body comparison: `$.a.b`, `$.items[*].id`, `$..id`, a bare key (= `$..key`), or `$` (the whole body). */
    ignorePaths: z.array(z.string().trim().min(1).max(500)).max(200).default(DEFAULT_IGNORE_PATHS),
    /** Header names never compared. */
    ignoreHeaders: z
      .array(z.string().trim().toLowerCase().min(1).max(200))
      .max(200)
      .default(DEFAULT_IGNORE_HEADERS),
  })
  .strict();
export type CompareSettings = z.infer<typeof CompareSettings>;

export interface Answer {
  status: number;
  headers: [string, string][];
  /** Body as text (UTF-8) — binary bodies compare by their base64 text. */
  body: string;
}

export const JsonChange = z.object({
  path: z.string(),
  kind: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type JsonChange = z.infer<typeof JsonChange>;

export const LineOp = z.object({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export type LineOp = z.infer<typeof LineOp>;

export const Comparison = z.object({
  verdict: z.enum(['same', 'changed']),
  status: z.object({ same: z.boolean(), before: z.number().int(), after: z.number().int() }),
  headers: z.array(
    z.object({ name: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
  ),
  // Stryker disable next-line StringLiteral: not equivalent, undetected by the tool: zod then throws while the module loads, so every test file importing it fails to load, which Stryker's vitest runner counts as no test failing
  body: z.discriminatedUnion('kind', [
    // Stryker disable next-line ObjectLiteral: as above
    z.object({
      kind: z.literal('json'),
      same: z.boolean(),
      changes: z.array(JsonChange),
      ignored: z.number().int(),
    }),
    // Stryker disable next-line ObjectLiteral: as above
    z.object({ kind: z.literal('text'), same: z.boolean(), lines: z.array(LineOp), truncated: z.boolean() }),
  ]),
});
export type Comparison = z.infer<typeof Comparison>;

// ---------------------------------------------------------------- JSON paths

type Seg = { key: string } | { index: number } | { any: true } | { deep: true };

/** Parses `$.a.b[0]`, `$.items[*].id`, `$..id`, `a.b` or a bare `key` (= `$..key`). */
export function parseJsonPath(path: string): Seg[] | null {
  let p = path.trim();
  // "" becomes "$.", which the loop refuses.
  if (!p.startsWith('$')) p = /^[\w*-]+$/.test(p) ? `$..${p}` : `$.${p}`;
  const segs: Seg[] = [];
  let i = 1;
  while (i < p.length) {
    if (p.startsWith('..', i)) {
      segs.push({ deep: true });
      i += 2;
      const m = /^([^.[\]]+)/.exec(p.slice(i));
      if (!m) return null;
      // Stryker disable next-line BooleanLiteral: a segment is told by its field ('any' in s), not the field's value
      segs.push(m[1] === '*' ? { any: true } : { key: m[1] });
      i += m[1].length;
    } else if (p[i] === '.') {
      const m = /^([^.[\]]+)/.exec(p.slice(i + 1));
      if (!m) return null;
      // Stryker disable next-line BooleanLiteral: a segment is told by its field ('any' in s), not the field's value
      segs.push(m[1] === '*' ? { any: true } : { key: m[1] });
      i += 1 + m[1].length;
    } else if (p[i] === '[') {
      const end = p.indexOf(']', i);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: without it (or with `<= 0`, as `end` > i ≥ 1) a missing "]" gives end = -1 and i = 0, and p[0] = "$" is refused next turn
      if (end < 0) return null;
      const inner = p.slice(i + 1, end).trim();
      if (inner === '*') segs.push({ any: true });
      else if (/^\d+$/.test(inner)) segs.push({ index: Number(inner) });
      else if (/^'.*'$|^".*"$/.test(inner)) segs.push({ key: inner.slice(1, -1) });
      else return null;
      i = end + 1;
    } else return null;
  }
  return segs;
}

type Step = string | number;

const globs = new Map<string, RegExp>();
const compileGlob = (pattern: string): RegExp => {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the cache's size only bounds memory; clearing it sooner or never gives the same regexps.
  if (globs.size >= 1000) globs.clear();
  globs.set(pattern, re);
  return re;
};
/** A key segment may hold "*" as a wildcard: `*_at` matches created_at and updated_at. */
function keyMatches(pattern: string, key: string): boolean {
  // Stryker disable next-line ConditionalExpression,StringLiteral: a fast path; a pattern without "*" compiled as a glob matches only itself
  if (!pattern.includes('*')) return pattern === key;
  return (globs.get(pattern) ?? compileGlob(pattern)).test(key);
}

function matches(segs: Seg[], path: Step[], si = 0, pi = 0): boolean {
  if (si === segs.length) {
    // Stryker disable next-line ConditionalExpression: `true` (a prefix matches) changes nothing in diffJson, which tests a parent (and stops there if ignored) before its children
    return pi === path.length;
  }
  const s = segs[si];
  if ('deep' in s) {
    // Stryker disable next-line EqualityOperator: `k < path.length` is the same, as ".." is always followed by a segment, which needs a step
    for (let k = pi; k <= path.length; k++) if (matches(segs, path, si + 1, k)) return true;
    return false;
  }
  // Stryker disable next-line ConditionalExpression,EqualityOperator: past the end, path[pi] is undefined (no index, no key but "undefined", whose match then fails as pi + 1 > path.length)
  if (pi >= path.length) return false;
  const step = path[pi];
  if ('any' in s) return matches(segs, path, si + 1, pi + 1);
  if ('index' in s) return step === s.index && matches(segs, path, si + 1, pi + 1);
  return keyMatches(s.key, String(step)) && matches(segs, path, si + 1, pi + 1);
}

export const formatPath = (path: Step[]): string =>
  '$' +
  path.map((s) => (/^[A-Za-z_$][\w$-]*$/.test(String(s)) ? `.${s}` : `[${JSON.stringify(s)}]`)).join('');

/** Structural differences between two JSON values; paths matching `ignore` (or below them) are skipped (`$` skips all). */
export function diffJson(
  before: unknown,
  after: unknown,
  ignore: Seg[][] = [],
  limit = 500,
): { changes: JsonChange[]; ignored: number } {
  const changes: JsonChange[] = [];
  let ignored = 0;
  const isIgnored = (path: Step[]) => ignore.some((segs) => matches(segs, path));
  const walk = (a: unknown, b: unknown, path: Step[]): void => {
    if (changes.length >= limit) return;
    if (isIgnored(path)) {
      if (!deepEqual(a, b)) ignored++;
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (i >= a.length) add([...path, i], 'added', undefined, b[i]);
        else if (i >= b.length) add([...path, i], 'removed', a[i], undefined);
        else walk(a[i], b[i], [...path, i]);
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const k of Object.keys(a)) {
        if (!Object.hasOwn(b, k)) add([...path, k], 'removed', a[k], undefined);
        else walk(a[k], b[k], [...path, k]);
      }
      for (const k of Object.keys(b)) if (!Object.hasOwn(a, k)) add([...path, k], 'added', undefined, b[k]);
      return;
    }
    if (!deepEqual(a, b)) changes.push({ path: formatPath(path), kind: 'changed', before: a, after: b });
  };
  const add = (path: Step[], kind: JsonChange['kind'], before: unknown, after: unknown) => {
    if (isIgnored(path)) {
      ignored++;
      return;
    }
    if (changes.length < limit) changes.push({ path: formatPath(path), kind, before, after });
  };
  walk(before, after, []);
  return { changes, ignored };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

// ---------------------------------------------------------------- text lines

const MAX_CELLS = 4_000_000;

/** A line diff (longest common subsequence); very large inputs fall back to one replaced block. */
export function diffLines(before: string, after: string): { lines: LineOp[]; truncated: boolean } {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: the bounds only save work (past the end of either side a line is undefined, never equal to the other's); the other mutants of this line were killed before it was marked
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: LineOp[] = a.slice(0, start).map((text) => ({ op: 'same', text }));
  const tail: LineOp[] = a.slice(endA).map((text) => ({ op: 'same', text }));
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  const n = ma.length;
  const m = mb.length;
  if ((n + 1) * (m + 1) > MAX_CELLS) {
    return {
      lines: [
        ...head,
        ...ma.map((text): LineOp => ({ op: 'removed', text })),
        ...mb.map((text): LineOp => ({ op: 'added', text })),
        ...tail,
      ],
      truncated: true,
    };
  }
  const w = m + 1;
  const dp = new Uint32Array((n + 1) * w);
  // Stryker disable next-line ArithmeticOperator: starting at n + 1 writes past the table (ignored by a Uint32Array) and then row n, all zeros, as 0 (Math.max of undefined is NaN, stored as 0)
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      dp[i * w + j] =
        ma[i] === mb[j] ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
  const mid: LineOp[] = [];
  let i = 0;
  let j = 0;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: at i = n, ma[i] is undefined and the row below is out of the table (undefined >= x is false), so it adds the rest as the loop after it does; the `j < m` mutants were killed before this was marked
  while (i < n && j < m) {
    if (ma[i] === mb[j]) {
      mid.push({ op: 'same', text: ma[i] });
      i++;
      j++;
    } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) mid.push({ op: 'removed', text: ma[i++] });
    else mid.push({ op: 'added', text: mb[j++] });
  }
  while (i < n) mid.push({ op: 'removed', text: ma[i++] });
  while (j < m) mid.push({ op: 'added', text: mb[j++] });
  return { lines: [...head, ...mid, ...tail], truncated: false };
}

// ---------------------------------------------------------------- answers

/** What `parseJsonBody` returns for a body that is not JSON (no JSON text parses to this object). */
const NOT_JSON = {};
/** The body as JSON (whitespace and a byte order mark around it allowed), or NOT_JSON. */
const parseJsonBody = (text: string): unknown => {
  try {
    return JSON.parse(text.trim());
  } catch {
    return NOT_JSON;
  }
};

const headerValue = (headers: [string, string][], name: string): string | null => {
  const vals = headers.filter(([k]) => k.toLowerCase() === name).map(([, v]) => v);
  return vals.length ? vals.join(', ') : null;
};

/** Normalised for comparison: "application/json; charset=utf-8" and "application/json;charset=UTF-8" are the same. */
const normalise = (name: string, v: string | null): string | null =>
  v === null
    ? null
    : name === 'content-type'
      ? // Stryker disable next-line MethodExpression: upper case folds both sides alike, and the result is only compared (the other mutant of this line, dropping trim, was killed before it was marked)
        v
          .toLowerCase()
          .replace(/\s*;\s*/g, ';')
          .trim()
      : v.trim();

/** Compares one replayed answer with its baseline. */
export function compareAnswers(
  before: Answer,
  after: Answer,
  settings: Partial<CompareSettings> = {},
): Comparison {
  const s = CompareSettings.parse(settings);
  const ignoreHeaders = new Set(s.ignoreHeaders);
  const names = s.headers.includes('*')
    ? [...new Set([...before.headers, ...after.headers].map(([k]) => k.toLowerCase()))].sort()
    : s.headers;
  const headers = names
    .filter((n) => !ignoreHeaders.has(n))
    .map((name) => ({
      name,
      before: headerValue(before.headers, name),
      after: headerValue(after.headers, name),
    }))
    .filter((h) => normalise(h.name, h.before) !== normalise(h.name, h.after));
  const ja = parseJsonBody(before.body);
  const jb = parseJsonBody(after.body);
  let body: Comparison['body'];
  if (ja !== NOT_JSON && jb !== NOT_JSON) {
    const ignore = s.ignorePaths.map(parseJsonPath).filter((x): x is Seg[] => x !== null);
    const { changes, ignored } = diffJson(ja, jb, ignore);
    body = { kind: 'json', same: changes.length === 0, changes, ignored };
  } else {
    const same = before.body === after.body;
    const { lines, truncated } = same ? { lines: [], truncated: false } : diffLines(before.body, after.body);
    body = { kind: 'text', same, lines, truncated };
  }
  const statusSame = before.status === after.status;
  return {
    verdict: statusSame && headers.length === 0 && body.same ? 'same' : 'changed',
    status: { same: statusSame, before: before.status, after: after.status },
    headers,
    body,
  };
}

/** The ignore-path entries that do not parse (to reject them at the boundary). */
export const badIgnorePaths = (paths: string[]): string[] => paths.filter((p) => parseJsonPath(p) === null);
