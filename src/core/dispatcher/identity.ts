import { createHash, randomBytes } from 'node:crypto';
import {
  NUMERIC_FORMATS,
  ROLE_LEVEL,
  type IdentityField,
  type IdentityFormat,
  type IdentityLevel,
  type IdentityRole,
} from '../../shared/identity';

/**
 * Identity and time values in bodies and headers (see src/shared/identity.ts for the roles and
 * formats). A body is rendered once per delivery with a marker where each value goes; the markers
 * become the values, and where they sit is kept as byte "slots" with the delivery. An attempt then
 * rewrites only its attempt slots (new attempt id / number) and is signed over those bytes; a replay
 * under a new id rewrites the delivery (and, if asked, event) slots. Bodies without slots are sent
 * as stored: the fast path is untouched.
 */

/** [byte offset, byte length, role, format] of one value in a body. */
export type Slot = [number, number, IdentityRole, IdentityFormat];
/** [header name, role, format]: a header whose value is computed at each attempt. */
export type HeaderSlot = [string, IdentityRole, IdentityFormat];

/** What a delivery keeps about its identity values (stored as JSON with the delivery). */
export interface DeliveryIdentity {
  /** The event's time (ms), which its time fields show. */
  t: number;
  b: Slot[];
  h: HeaderSlot[];
}

/** The values of one attempt of one delivery. */
export interface IdentityValues {
  eventId: string;
  eventTime: number;
  deliveryId: string;
  endpointId: string;
  attemptNumber: number;
  attemptTime: number;
}

const hash = (id: string): Buffer => createHash('sha256').update(id).digest();

/** A v4-shaped UUID derived from a Hookbench id: the same id always gives the same UUID. */
export function uuidFrom(id: string): string {
  const h = hash(id).toString('hex');
  const variant = ((parseInt(h[16], 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
/** MFTPlus's event id form (seed 004: "whevt_1a2b3c4d5e6f7g8h"), derived from a Hookbench id. */
export function whevtFrom(id: string): string {
  const h = hash(id);
  let s = 'whevt_';
  for (let i = 0; i < 16; i++) s += B36[h[i] % 36];
  return s;
}

/** The id of attempt `n` of a delivery: known before it is sent, so the body can carry it. */
export const attemptIdFor = (deliveryId: string, n: number): string =>
  `att_${deliveryId.startsWith('msg_') ? deliveryId.slice(4) : deliveryId}_${n}`;

const iso = (ms: number): string => new Date(ms).toISOString();

/** A value as text in a format (numbers as digits; strings never need escaping in JSON or XML). */
export function formatValue(role: IdentityRole, format: IdentityFormat, v: IdentityValues): string {
  if (role === 'attempt.number') return String(v.attemptNumber);
  if (role === 'event.time' || role === 'attempt.time') {
    const t = role === 'event.time' ? v.eventTime : v.attemptTime;
    if (format === 'epoch-ms') return String(t);
    if (format === 'epoch-s') return String(Math.floor(t / 1000));
    if (format === 'iso8601') return iso(t).replace(/\.\d{3}Z$/, 'Z');
    return iso(t);
  }
  const id =
    role === 'event.id'
      ? v.eventId
      : role === 'delivery.id'
        ? v.deliveryId
        : role === 'endpoint.id'
          ? v.endpointId
          : attemptIdFor(v.deliveryId, v.attemptNumber);
  return format === 'uuid' ? uuidFrom(id) : format === 'whevt' ? whevtFrom(id) : id;
}

interface Marker {
  text: string;
  role: IdentityRole;
  format: IdentityFormat;
  numeric: boolean;
}

/**
 * Placeholders for one event's renders: a string marker (letters and digits, unchanged by JSON or
 * XML escaping) or, for numeric formats, a random 16-digit number, per role and format.
 */
export class Markers {
  private readonly nonce = randomBytes(6).toString('hex');
  private readonly byKey = new Map<string, Marker>();
  readonly list: Marker[] = [];

  mark(role: IdentityRole, format: IdentityFormat): string | number {
    const key = `${role}|${format}`;
    let m = this.byKey.get(key);
    if (!m) {
      const numeric = NUMERIC_FORMATS.has(format);
      const text = numeric
        ? `${1 + (randomBytes(2).readUInt16BE(0) % 8)}${randomBytes(8).readBigUInt64BE(0).toString().padStart(20, '0').slice(-15)}`
        : `hbmk${this.nonce}x${this.list.length}z`;
      m = { text, role, format, numeric };
      this.byKey.set(key, m);
      this.list.push(m);
    }
    return m.numeric ? Number(m.text) : m.text;
  }

  /** Template variables whose values are markers (the event's, delivery's, attempt's and endpoint's ids and times). */
  vars(): {
    event: Record<string, unknown>;
    delivery: Record<string, unknown>;
    attempt: Record<string, unknown>;
    endpoint: Record<string, unknown>;
  } {
    return {
      event: {
        id: this.mark('event.id', 'hookbench'),
        uuid: this.mark('event.id', 'uuid'),
        whevt_id: this.mark('event.id', 'whevt'),
        timestamp: this.mark('event.time', 'iso8601-ms'),
        time: this.mark('event.time', 'iso8601'),
        time_ms: this.mark('event.time', 'epoch-ms'),
        time_s: this.mark('event.time', 'epoch-s'),
      },
      delivery: { id: this.mark('delivery.id', 'hookbench'), uuid: this.mark('delivery.id', 'uuid') },
      attempt: {
        id: this.mark('attempt.id', 'hookbench'),
        uuid: this.mark('attempt.id', 'uuid'),
        number: this.mark('attempt.number', 'integer'),
      },
      endpoint: { id: this.mark('endpoint.id', 'hookbench'), uuid: this.mark('endpoint.id', 'uuid') },
    };
  }

  /** Whether a text holds any marker (cheap: string markers share a prefix). */
  present(text: string): boolean {
    if (!this.list.length) return false;
    if (text.includes(`hbmk${this.nonce}x`)) return true;
    return this.list.some((m) => m.numeric && text.includes(m.text));
  }

  /** Replaces the markers by their values; returns the text and where each value sits (bytes). */
  resolve(text: string, values: IdentityValues): { text: string; slots: Slot[] } {
    if (!this.present(text)) return { text, slots: [] };
    const hits: { at: number; m: Marker }[] = [];
    for (const m of this.list) {
      for (let i = text.indexOf(m.text); i >= 0; i = text.indexOf(m.text, i + m.text.length)) {
        if (m.numeric && (/[\d.]/.test(text[i - 1] ?? '') || /[\d.]/.test(text[i + m.text.length] ?? '')))
          continue;
        hits.push({ at: i, m });
      }
    }
    hits.sort((a, b) => a.at - b.at);
    const parts: string[] = [];
    const slots: Slot[] = [];
    let prev = 0;
    let bytes = 0;
    for (const { at, m } of hits) {
      const before = text.slice(prev, at);
      bytes += Buffer.byteLength(before);
      const value = formatValue(m.role, m.format, values);
      parts.push(before, value);
      slots.push([bytes, value.length, m.role, m.format]);
      bytes += value.length;
      prev = at + m.text.length;
    }
    parts.push(text.slice(prev));
    return { text: parts.join(''), slots };
  }
}

/** Whether any slot is of one of these levels. */
export const hasLevel = (slots: readonly Slot[], level: IdentityLevel): boolean =>
  slots.some((s) => ROLE_LEVEL[s[2]] === level);

/**
 * The body with the slots of the given levels written afresh from `values`; returns the new bytes
 * and the slots moved to where they now sit.
 */
export function rewrite(
  body: Buffer,
  ident: DeliveryIdentity,
  values: IdentityValues,
  levels: ReadonlySet<IdentityLevel>,
): { body: Buffer; slots: Slot[] } {
  const parts: Buffer[] = [];
  const slots: Slot[] = [];
  let prev = 0;
  let shift = 0;
  for (const [at, len, role, format] of ident.b) {
    if (!levels.has(ROLE_LEVEL[role]) || at < prev || at + len > body.length) {
      slots.push([at + shift, len, role, format]);
      continue;
    }
    const value = Buffer.from(formatValue(role, format, values), 'utf8');
    parts.push(body.subarray(prev, at), value);
    slots.push([at + shift, value.length, role, format]);
    shift += value.length - len;
    prev = at + len;
  }
  if (!parts.length) return { body, slots };
  parts.push(body.subarray(prev));
  return { body: Buffer.concat(parts), slots };
}

const ATTEMPT: ReadonlySet<IdentityLevel> = new Set(['attempt']);

/** The bytes attempt `values.attemptNumber` sends: the stored body with its attempt slots rewritten. */
export function attemptBody(body: Buffer, ident: DeliveryIdentity | null, values: IdentityValues): Buffer {
  if (!ident || !hasLevel(ident.b, 'attempt')) return body;
  return rewrite(body, ident, values, ATTEMPT).body;
}

/** The identity headers of one attempt, as [name, value] pairs. */
export const identityHeaders = (
  ident: DeliveryIdentity | null,
  values: IdentityValues,
): [string, string][] =>
  ident ? ident.h.map(([name, role, format]) => [name, formatValue(role, format, values)]) : [];

/** The header fields of a catalog entry's identity declaration. */
export const headerSlots = (fields: readonly IdentityField[]): HeaderSlot[] =>
  fields.filter((f) => f.in === 'header').map((f) => [f.path, f.role, f.format]);

export const parseIdentity = (text: string | null): DeliveryIdentity | null =>
  text ? (JSON.parse(text) as DeliveryIdentity) : null;

/**
 * Where the values at some dotted paths sit in a JSON text ([start, end) character offsets), so
 * they can be replaced without re-serialising (the sample keeps its layout). Undefined when the
 * text is not JSON. Iterative: no recursion however deep the document.
 */
export function jsonValueSpans(
  text: string,
  paths: readonly string[],
): Map<string, [number, number]> | undefined {
  const wanted = new Set(paths);
  const spans = new Map<string, [number, number]>();
  // Stack of containers: the path so far, whether an array, and its next index.
  const stack: { path: string; array: boolean; index: number; start: number }[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const stringEnd = (from: number): number => {
    let j = from + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) throw new Error('unterminated string');
    return j + 1;
  };
  const child = (key: string) => {
    const top = stack[stack.length - 1];
    return top.path === '' ? key : `${top.path}.${key}`;
  };
  try {
    let path = '';
    for (;;) {
      ws();
      // A value starts here, at `path`.
      const start = i;
      const c = text[i];
      if (c === '{' || c === '[') {
        stack.push({ path, array: c === '[', index: 0, start });
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) {
          i++;
          stack.pop();
          if (wanted.has(path)) spans.set(path, [start, i]);
        } else {
          if (c === '{') {
            const e = stringEnd(i);
            const key = JSON.parse(text.slice(i, e)) as string;
            i = e;
            ws();
            if (text[i++] !== ':') throw new Error('expected :');
            path = child(key);
          } else path = child('0');
          continue;
        }
      } else {
        if (c === '"') i = stringEnd(i);
        else {
          while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
          if (i === start) throw new Error('expected a value');
        }
        if (wanted.has(path)) spans.set(path, [start, i]);
      }
      // After a value: close containers or move to the next member.
      for (;;) {
        ws();
        const top = stack[stack.length - 1];
        if (!top) return i === text.length || text.slice(i).trim() === '' ? spans : undefined;
        if (text[i] === ',') {
          i++;
          ws();
          if (top.array) path = child(String(++top.index));
          else {
            const e = stringEnd(i);
            const key = JSON.parse(text.slice(i, e)) as string;
            i = e;
            ws();
            if (text[i++] !== ':') throw new Error('expected :');
            path = child(key);
          }
          break;
        }
        if (text[i] === (top.array ? ']' : '}')) {
          i++;
          stack.pop();
          if (wanted.has(top.path)) spans.set(top.path, [top.start, i]);
          continue;
        }
        throw new Error('unexpected character');
      }
    }
  } catch {
    return undefined;
  }
}
