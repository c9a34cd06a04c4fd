import zlib from 'node:zlib';
import type { BodyView } from '../../shared/receiver-requests';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const MAX_DECODED = 64 * 1024 * 1024;

/** The bytes as base64, and as text when they are valid UTF-8. */
export function bodyView(bytes: Buffer): BodyView {
  let text: string | null;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = null;
  }
  return { size: bytes.length, base64: bytes.toString('base64'), text };
}

/**
 * Decodes a compressed body for display (gzip, deflate, br, in the order they were applied).
 * The stored bytes are never changed.
 */
export function decodeBody(bytes: Buffer, contentEncoding: string | null): { decoded: Buffer | null; error: string | null } {
  if (!contentEncoding || bytes.length === 0) return { decoded: null, error: null };
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  if (codings.length === 0) return { decoded: null, error: null };
  let out = bytes;
  try {
    for (const coding of codings.reverse()) {
      const opts = { maxOutputLength: MAX_DECODED };
      if (coding === 'gzip' || coding === 'x-gzip') out = zlib.gunzipSync(out, opts);
      else if (coding === 'br') out = zlib.brotliDecompressSync(out, opts);
      else if (coding === 'deflate') {
        try {
          out = zlib.inflateSync(out, opts);
        } catch {
          out = zlib.inflateRawSync(out, opts); // Some senders omit the zlib wrapper.
        }
      } else return { decoded: null, error: `Hookbench cannot decode the "${coding}" content encoding; the raw bytes are shown.` };
    }
  } catch (err) {
    return { decoded: null, error: `The body says it is ${contentEncoding}-encoded but could not be decoded (${(err as Error).message}).` };
  }
  return { decoded: out, error: null };
}
