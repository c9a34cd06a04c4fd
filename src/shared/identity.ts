import { z } from 'zod';

/**
 * Identity and time fields of an event: where a product puts its event id, event time, delivery
 * id, attempt id / number, attempt time and endpoint (webhook) id, and in what format. Declared
 * per catalog entry (builtin entries in src/core/catalog/builtin, user-defined ones by the user);
 * the dispatcher fills them when they belong: event fields once per events.send (the same across
 * fan-out and retries), delivery fields once per delivery, attempt fields at every attempt.
 */

export const IdentityRole = z.enum([
  'event.id',
  'event.time',
  'delivery.id',
  'endpoint.id',
  'attempt.id',
  'attempt.number',
  'attempt.time',
]);
export type IdentityRole = z.infer<typeof IdentityRole>;

/**
 * hookbench: Hookbench's own id (evt_…, msg_…, att_…, ep_…); uuid: a UUID derived from it (the
 * same Hookbench id always gives the same UUID); whevt: MFTPlus's `whevt_` + 16 characters, also
 * derived; epoch-ms / epoch-s: Unix time as a number; iso8601: "2026-04-29T15:30:00Z" (seconds);
 * iso8601-ms: with milliseconds; integer: a count (the attempt number).
 */
export const IdentityFormat = z.enum([
  'hookbench',
  'uuid',
  'whevt',
  'epoch-ms',
  'epoch-s',
  'iso8601',
  'iso8601-ms',
  'integer',
]);
export type IdentityFormat = z.infer<typeof IdentityFormat>;

export type IdentityLevel = 'event' | 'delivery' | 'attempt';

export const ROLE_LEVEL: Readonly<Record<IdentityRole, IdentityLevel>> = {
  'event.id': 'event',
  'event.time': 'event',
  'delivery.id': 'delivery',
  'endpoint.id': 'delivery',
  'attempt.id': 'attempt',
  'attempt.number': 'attempt',
  'attempt.time': 'attempt',
};

const ID_FORMATS: readonly IdentityFormat[] = ['hookbench', 'uuid', 'whevt'];
const TIME_FORMATS: readonly IdentityFormat[] = ['epoch-ms', 'epoch-s', 'iso8601', 'iso8601-ms'];

/** The formats a role can take. */
export const formatsForRole = (role: IdentityRole): readonly IdentityFormat[] =>
  role === 'attempt.number' ? ['integer'] : role.endsWith('.time') ? TIME_FORMATS : ID_FORMATS;

/** Formats whose value is a JSON number. */
export const NUMERIC_FORMATS: ReadonlySet<IdentityFormat> = new Set(['epoch-ms', 'epoch-s', 'integer']);

export const ROLE_LABELS: Readonly<Record<IdentityRole, string>> = {
  'event.id': 'Event id',
  'event.time': 'Event time',
  'delivery.id': 'Delivery id',
  'endpoint.id': 'Endpoint (webhook) id',
  'attempt.id': 'Attempt id',
  'attempt.number': 'Attempt number',
  'attempt.time': 'Attempt time',
};

export const FORMAT_LABELS: Readonly<Record<IdentityFormat, string>> = {
  hookbench: "Hookbench's id (evt_…, msg_…)",
  uuid: 'UUID',
  whevt: 'whevt_ + 16 characters (MFTPlus)',
  'epoch-ms': 'Unix time, milliseconds',
  'epoch-s': 'Unix time, seconds',
  iso8601: 'ISO 8601 (seconds)',
  'iso8601-ms': 'ISO 8601 with milliseconds',
  integer: 'Number (1, 2, 3…)',
};

export const IDENTITY_FIELDS_MAX = 16;

const PathText = z.string().trim().min(1, 'Enter a field path or header name.').max(200);

export const IdentityField = z
  .object({
    /** In the JSON body, or a request header. */
    in: z.enum(['body', 'header']),
    /** body: a dotted path into the JSON sample ("Metadata.Event.Id", "items.0.id"); header: its name. */
    path: PathText,
    role: IdentityRole,
    format: IdentityFormat,
  })
  .strict()
  .superRefine((f, ctx) => {
    if (!formatsForRole(f.role).includes(f.format)) {
      ctx.addIssue({
        code: 'custom',
        path: ['format'],
        message: `${ROLE_LABELS[f.role]} cannot be written as "${f.format}"; use ${formatsForRole(f.role).join(', ')}.`,
      });
    }
    if (f.in === 'header' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(f.path)) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: `"${f.path}" is not a valid header name.` });
    }
  });
export type IdentityField = z.infer<typeof IdentityField>;

export const IdentityFields = z
  .array(IdentityField)
  .max(IDENTITY_FIELDS_MAX, `At most ${IDENTITY_FIELDS_MAX} identity and time fields.`);

/** A dotted body path as keys (numeric parts index arrays). */
export const splitPath = (path: string): string[] => path.split('.');

/** The value at a dotted path in a parsed JSON value, or undefined. */
export function getAtPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const key of splitPath(path)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key))
      return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** Sets the value at an existing dotted path; false when the path does not exist. */
export function setAtPath(value: unknown, path: string, next: unknown): boolean {
  const keys = splitPath(path);
  let cur = value;
  for (let i = 0; i < keys.length; i++) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, keys[i]))
      return false;
    if (i === keys.length - 1) (cur as Record<string, unknown>)[keys[i]] = next;
    else cur = (cur as Record<string, unknown>)[keys[i]];
  }
  return true;
}

/**
 * What is wrong with a set of identity fields for a sample, per field (empty when fine): a body
 * path must exist in the JSON sample and hold a string or number (not an object), an XML sample can
 * only have header fields, and a place may be declared once.
 */
export function checkIdentityFields(
  fields: readonly IdentityField[],
  sample: string,
  format: 'json' | 'xml',
): { index: number; message: string }[] {
  const problems: { index: number; message: string }[] = [];
  let parsed: unknown;
  let parsedOk = false;
  if (format === 'json') {
    try {
      parsed = JSON.parse(sample);
      parsedOk = true;
    } catch {
      // the sample's own check reports it
    }
  }
  const seen = new Set<string>();
  fields.forEach((f, index) => {
    const key = `${f.in}:${f.in === 'header' ? f.path.toLowerCase() : f.path}`;
    if (seen.has(key)) problems.push({ index, message: `"${f.path}" is declared twice.` });
    seen.add(key);
    if (f.in !== 'body') return;
    if (format === 'xml') {
      problems.push({ index, message: 'An XML sample can only mark header fields.' });
      return;
    }
    if (!parsedOk) return;
    const v = getAtPath(parsed, f.path);
    if (v === undefined) problems.push({ index, message: `The sample has no field "${f.path}".` });
    else if (v !== null && typeof v === 'object')
      problems.push({
        index,
        message: `"${f.path}" is an object or array; mark a field that holds a value.`,
      });
  });
  return problems;
}
