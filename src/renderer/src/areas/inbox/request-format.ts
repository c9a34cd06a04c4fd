import type { BodyView, RequestDetail } from '../../../../shared/receiver-requests';

/** Helpers that turn a captured request into the views the inspector shows. Pure functions. */

export const headerValue = (headers: [string, string][], name: string): string | undefined =>
  headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

export function base64ToBytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export const bytesToBase64 = (bytes: Uint8Array): string => {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
};

/** A classic hex dump: offset, 16 bytes in hex, printable ASCII. */
export function hexDump(bytes: Uint8Array, max = 64 * 1024): string {
  const lines: string[] = [];
  const end = Math.min(bytes.length, max);
  for (let off = 0; off < end; off += 16) {
    const row = bytes.subarray(off, Math.min(off + 16, end));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  if (bytes.length > end) lines.push(`… ${(bytes.length - end).toLocaleString()} more bytes not shown`);
  return lines.join('\n');
}

export type BodyKind = 'json' | 'xml' | 'form' | 'text' | 'binary' | 'empty';

export function bodyKind(body: BodyView, contentType: string | null): BodyKind {
  if (body.size === 0) return 'empty';
  if (body.text === null) return 'binary';
  const ct = (contentType ?? '').toLowerCase();
  const t = body.text.trimStart();
  if (ct.includes('json') || ((t.startsWith('{') || t.startsWith('[')) && isJson(body.text)))
    return isJson(body.text) ? 'json' : 'text';
  if (ct.includes('x-www-form-urlencoded')) return 'form';
  if (ct.includes('xml') || t.startsWith('<?xml') || (t.startsWith('<') && t.trimEnd().endsWith('>')))
    return 'xml';
  return 'text';
}

const isJson = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

export const prettyJson = (s: string): string => {
  try {
    return JSON.stringify(JSON.parse(s), null, 2);
  } catch {
    return s;
  }
};

/** Indents XML one element per line; short text content stays on its element's line. */
export function prettyXml(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? [];
  const out: string[] = [];
  let depth = 0;
  let open = false; // the last line is an opening tag that may take text and its closing tag
  for (const raw of tokens) {
    const tok = raw.startsWith('<') ? raw : raw.trim();
    if (!tok) continue;
    if (tok.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      if (open) out[out.length - 1] += tok;
      else out.push('  '.repeat(depth) + tok);
      open = false;
    } else if (!tok.startsWith('<')) {
      if (open) out[out.length - 1] += tok;
      else out.push('  '.repeat(depth) + tok);
    } else if (/^<[?!]/.test(tok) || tok.endsWith('/>')) {
      out.push('  '.repeat(depth) + tok);
      open = false;
    } else {
      out.push('  '.repeat(depth) + tok);
      depth++;
      open = true;
    }
  }
  return out.join('\n');
}

export function formFields(text: string): [string, string][] {
  return Array.from(new URLSearchParams(text));
}

export interface QueryParam {
  name: string;
  /** Percent-decoded ("+" is a space); undecodable bytes become U+FFFD. */
  value: string;
  /** The value as sent, before decoding. */
  raw: string;
  /** 1-based position among the parameters with this name, and how many there are. */
  occurrence: number;
  of: number;
}

const decodePart = (s: string): string => {
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    // A stray "%" or bytes that are not UTF-8: decode what can be, keep the rest as sent.
    return new URLSearchParams(`x=${s.replace(/&/g, '%26').replace(/#/g, '%23')}`).get('x') ?? plus;
  }
};

/** The query string's parameters in order, decoded, with repeats numbered ("tag" 1 of 2). */
export function queryParams(query: string): QueryParam[] {
  if (!query) return [];
  const parts = query.split('&').filter((p) => p !== '');
  const out = parts.map((p) => {
    const eq = p.indexOf('=');
    const rawName = eq === -1 ? p : p.slice(0, eq);
    const raw = eq === -1 ? '' : p.slice(eq + 1);
    return { name: decodePart(rawName), value: decodePart(raw), raw, occurrence: 0, of: 0 };
  });
  const counts = new Map<string, number>();
  for (const q of out) counts.set(q.name, (counts.get(q.name) ?? 0) + 1);
  const seen = new Map<string, number>();
  for (const q of out) {
    const n = (seen.get(q.name) ?? 0) + 1;
    seen.set(q.name, n);
    q.occurrence = n;
    q.of = counts.get(q.name)!;
  }
  return out;
}

/** The request as it would look on the wire (HTTP/1.1 framing; binary bodies summarized). */
export function rawRequest(r: RequestDetail): string {
  const head = [
    `${r.method} ${r.url} HTTP/${r.httpVersion}`,
    ...r.headers.map(([k, v]) => `${k}: ${v}`),
  ].join('\n');
  const body =
    r.body.size === 0
      ? ''
      : r.bodyTruncated
        ? `[${r.body.size.toLocaleString()} bytes; too large to show here: use the Body tab's download]`
        : (r.body.text ??
          `[${r.body.size.toLocaleString()} bytes of binary data; see the Body tab's hex view]`);
  return `${head}\n\n${body}`;
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** Bodies up to this size that are text go inline in the command; larger ones go through a file. */
export const CURL_INLINE_MAX = 64 * 1024;

/** How the body travels in a copied curl command. */
export type CurlBodyMode = 'none' | 'inline' | 'file';

export const curlBodyFile = (r: Pick<RequestDetail, 'id'>): string => `hookbench-request-${r.id}.body`;

/** Inline when it is text, short enough for a shell argument and free of NUL bytes. */
export const curlBodyMode = (r: Pick<RequestDetail, 'body'>): CurlBodyMode =>
  r.body.size === 0
    ? 'none'
    : r.body.text !== null && r.body.size <= CURL_INLINE_MAX && !r.body.text.includes('\0')
      ? 'inline'
      : 'file';

/**
 * A shell command that sends the same request again to `baseUrl` (the receiver by default), byte
 * for byte. A binary, compressed or large body is first written to a file by the command itself
 * (base64 in a here-document, decoded by `base64 -d`) and sent with `--data-binary @file`: no
 * argument is ever longer than the shell allows, and nothing is left out or commented out.
 */
export function curlCommand(r: RequestDetail, baseUrl: string): string {
  const skip = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'expect']);
  const parts = ['curl'];
  if (r.method !== 'GET' || r.body.size > 0) parts.push('-X', r.method);
  parts.push(shellQuote(baseUrl.replace(/\/$/, '') + r.url));
  for (const [k, v] of r.headers) if (!skip.has(k.toLowerCase())) parts.push('-H', shellQuote(`${k}: ${v}`));
  // curl adds "Expect: 100-continue" to large uploads and a Content-Type to --data-binary ones
  // when the request had none: switch both off so the server sees what was captured.
  if (!r.headers.some(([k]) => k.toLowerCase() === 'content-type') && r.body.size > 0)
    parts.push('-H', shellQuote('Content-Type:'));
  if (r.body.size > 0) parts.push('-H', shellQuote('Expect:'));
  const file = curlBodyFile(r);
  if (r.bodyTruncated) {
    // Only a preview of the body is here: the whole body comes from the Body tab's download.
    parts.push('--data-binary', `@${file}`);
    if (r.httpVersion === '2.0') parts.push('--http2');
    return `# The body is ${r.body.size} bytes: save it first with the Body tab's "Download the whole body", as ${file}\n${parts.join(' ')}`;
  }
  const mode = curlBodyMode(r);
  if (mode === 'inline') parts.push('--data-binary', shellQuote(r.body.text!));
  else if (mode === 'file') parts.push('--data-binary', `@${file}`);
  if (r.httpVersion === '2.0') parts.push('--http2');
  const cmd = parts.join(' ');
  if (mode !== 'file') return cmd;
  const why = r.body.text === null ? 'binary' : r.body.size > CURL_INLINE_MAX ? 'large' : 'not shell-safe';
  const lines = r.body.base64.match(/.{1,76}/g) ?? [];
  return [
    `# The body (${why}, ${r.body.size} bytes) is written to ${file} first, then sent as is.`,
    `base64 -d > ${file} <<'HOOKBENCH_BODY'`,
    ...lines,
    'HOOKBENCH_BODY',
    cmd,
  ].join('\n');
}

/**
 * The detail with its whole body in place of the 1 MiB preview `requests.get` inlines (the bytes
 * come from the host's whole-body download), so copy as cURL reproduces the request exactly.
 */
export function withWholeBody<T extends RequestDetail>(r: T, bytes: Uint8Array): T {
  let text: string | null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { ...r, bodyTruncated: false, body: { ...r.body, size: bytes.length, text, base64: btoa(binary) } };
}

export const inboxUrl = (baseUrl: string | undefined, slug: string): string =>
  `${(baseUrl ?? 'http://127.0.0.1:7780').replace(/\/$/, '')}/${slug}/`;

export const statusTone = (status: number | null): 'ok' | 'warn' | 'err' | '' =>
  status === null ? '' : status < 300 ? 'ok' : status < 400 ? '' : status < 500 ? 'warn' : 'err';
