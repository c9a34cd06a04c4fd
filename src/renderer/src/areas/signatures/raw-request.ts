import { parseHeaderBlock } from '../../../../shared/signing';

export interface SplitRequest {
  headers: string;
  body: string;
  /** What was done, for a note under the headers field. */
  note: string;
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/;

const parses = (text: string): boolean => {
  try {
    parseHeaderBlock(text);
    return true;
  } catch {
    return false;
  }
};

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/**
 * A whole raw HTTP request pasted into the headers field: splits it at the first blank line into
 * the header block and the body. Returns null when the text is just headers. Blank lines between
 * headers are tolerated (the text after them still parses as headers and there is no request line).
 * When Content-Length is present and the pasted body only exceeds it by trailing whitespace (the
 * usual newline added by copying), the body is cut to Content-Length.
 */
export function splitRawRequest(text: string): SplitRequest | null {
  const gap = /\r?\n[ \t]*\r?\n/.exec(text);
  if (!gap) return null;
  const head = text.slice(0, gap.index);
  let body = text.slice(gap.index + gap[0].length);
  if (body.trim() === '') return null;
  const firstLine =
    head
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '';
  if (!REQUEST_LINE.test(firstLine) && parses(body)) return null;
  if (!parses(head)) return null;
  const headers = parseHeaderBlock(head);
  let note = `Split a pasted request: ${headers.length} header${headers.length === 1 ? '' : 's'} here, the body moved to the body editor.`;
  const declared = headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1];
  const length = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  if (length !== undefined) {
    const actual = utf8Length(body);
    if (actual > length) {
      const bytes = new TextEncoder().encode(body);
      const cut = new TextDecoder().decode(bytes.subarray(0, length));
      if (body.slice(cut.length).trim() === '' && body.startsWith(cut)) {
        body = cut;
        note += ` Trailing whitespace past Content-Length (${length} bytes) was dropped.`;
      }
    } else if (actual < length) {
      note += ` The body is ${actual} bytes but Content-Length says ${length}: part of it may be missing.`;
    }
  }
  return { headers: head.replace(/\r\n/g, '\n'), body, note };
}
