import type { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import type { BodyView } from '../../shared/receiver-requests';

const utf8 = new TextDecoder('utf-8', { fatal: true });

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

/** How much of a decoded (decompressed) body is shown: a preview, whatever the compression ratio. */
export const DECODE_PREVIEW_BYTES = 1024 * 1024;

export interface DecodedPreview {
  decoded: Buffer | null;
  /** The decoded body goes on past the preview. */
  truncated: boolean;
  error: string | null;
}

function decoderFor(coding: string): (() => Transform) | null {
  if (coding === 'gzip' || coding === 'x-gzip') return () => zlib.createGunzip();
  if (coding === 'br') return () => zlib.createBrotliDecompress();
  if (coding === 'deflate') return () => zlib.createInflate();
  return null;
}

/** Runs the decoders (applied order reversed) and keeps at most `limit` bytes of output, stopping there. */
function decodeChain(bytes: Buffer, make: (() => Transform)[], limit: number): Promise<{ out: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const stages = make.map((m) => m());
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      for (const st of stages) st.destroy();
      resolve({ out: Buffer.concat(chunks, Math.min(size, limit)).subarray(0, limit), truncated });
    };
    for (let i = 0; i < stages.length - 1; i++) stages[i].pipe(stages[i + 1]);
    for (const st of stages)
      st.on('error', (err) => {
        if (settled) return;
        settled = true;
        for (const x of stages) x.destroy();
        reject(err);
      });
    const last = stages[stages.length - 1];
    last.on('data', (c: Buffer) => {
      chunks.push(c);
      size += c.length;
      // Past the preview: stop decoding (a bomb never inflates further than this).
      if (size > limit) finish(true);
    });
    last.on('end', () => finish(false));
    stages[0].end(bytes);
  });
}

/**
 * Decodes a compressed body for display (gzip, deflate, br, in the order they were applied), up to
 * a preview size, on zlib's thread pool (never blocking the receiver and the API). The stored
 * bytes are never changed; "Download body" gives them as received.
 */
export async function decodePreview(bytes: Buffer, contentEncoding: string | null, limit = DECODE_PREVIEW_BYTES): Promise<DecodedPreview> {
  const none: DecodedPreview = { decoded: null, truncated: false, error: null };
  if (!contentEncoding || bytes.length === 0) return none;
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity')
    .reverse();
  if (codings.length === 0) return none;
  const makers: (() => Transform)[] = [];
  for (const coding of codings) {
    const make = decoderFor(coding);
    if (!make) return { ...none, error: `Hookbench cannot decode the "${coding}" content encoding; the raw bytes are shown.` };
    makers.push(make);
  }
  try {
    const { out, truncated } = await decodeChain(bytes, makers, limit);
    return { decoded: out, truncated, error: null };
  } catch (err) {
    // Some senders omit deflate's zlib wrapper.
    if (codings.includes('deflate')) {
      try {
        const raw = makers.map((m, i) => (codings[i] === 'deflate' ? () => zlib.createInflateRaw() : m));
        const { out, truncated } = await decodeChain(bytes, raw, limit);
        return { decoded: out, truncated, error: null };
      } catch {
        // Report the first error.
      }
    }
    return { ...none, error: `The body says it is ${contentEncoding}-encoded but could not be decoded (${(err as Error).message}).` };
  }
}

/** The largest decoded body "Download decoded body" produces; past it the download is refused. */
export const DECODE_DOWNLOAD_MAX_BYTES = 1024 * 1024 * 1024;

/** The decoder stages for a Content-Encoding value (applied order reversed), or why there are none. */
function stagesFor(contentEncoding: string, rawDeflate: boolean): { make: (() => Transform)[] } | { error: string } {
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity')
    .reverse();
  const make: (() => Transform)[] = [];
  for (const coding of codings) {
    const m = rawDeflate && coding === 'deflate' ? () => zlib.createInflateRaw() : decoderFor(coding);
    if (!m) return { error: `Hookbench cannot decode the "${coding}" content encoding.` };
    make.push(m);
  }
  return { make };
}

/** Pipes the bytes through fresh decoder stages and returns the last one (its output is the decoded body). */
function chain(bytes: Buffer, make: (() => Transform)[]): { out: Transform; stages: Transform[] } {
  const stages = make.map((m) => m());
  for (let i = 0; i < stages.length - 1; i++) {
    stages[i].pipe(stages[i + 1]);
    stages[i].on('error', (err) => stages[stages.length - 1].destroy(err));
  }
  stages[0].end(bytes);
  return { out: stages[stages.length - 1], stages };
}

/** Decodes without keeping the output: its size, or an error (undecodable, or larger than `cap`). */
function measure(bytes: Buffer, make: (() => Transform)[], cap: number): Promise<{ size: number } | { error: string; tooLarge: boolean }> {
  return new Promise((resolve) => {
    const { out, stages } = chain(bytes, make);
    let size = 0;
    let done = false;
    const settle = (v: { size: number } | { error: string; tooLarge: boolean }) => {
      if (done) return;
      done = true;
      for (const st of stages) st.destroy();
      resolve(v);
    };
    out.on('data', (c: Buffer) => {
      size += c.length;
      if (size > cap) settle({ error: `The decoded body is larger than ${cap} bytes.`, tooLarge: true });
    });
    out.on('end', () => settle({ size }));
    out.on('error', (err) => settle({ error: err.message, tooLarge: false }));
  });
}

export type DecodedStream =
  | { ok: true; size: number; open: () => Readable }
  | { ok: false; tooLarge: boolean; error: string };

/**
 * The whole decoded body as a stream, never held in memory: a first pass decodes and counts
 * (bounded by `cap`, so a bomb is refused before a byte is sent, with its exact size known), then
 * `open()` decodes again into the consumer at the pace it reads. Runs on zlib's thread pool.
 */
export async function decodedStream(bytes: Buffer, contentEncoding: string, cap = DECODE_DOWNLOAD_MAX_BYTES): Promise<DecodedStream> {
  let first: { make: (() => Transform)[] } | { error: string } = stagesFor(contentEncoding, false);
  if ('error' in first) return { ok: false, tooLarge: false, error: first.error };
  let m = await measure(bytes, first.make, cap);
  if ('error' in m && !m.tooLarge && /deflate/i.test(contentEncoding)) {
    // Some senders omit deflate's zlib wrapper.
    const raw = stagesFor(contentEncoding, true);
    if (!('error' in raw)) {
      const m2 = await measure(bytes, raw.make, cap);
      if (!('error' in m2) || m2.tooLarge) {
        first = raw;
        m = m2;
      }
    }
  }
  if ('error' in m) {
    return m.tooLarge
      ? { ok: false, tooLarge: true, error: `${m.error} Download the body as received and decode it with another tool.` }
      : { ok: false, tooLarge: false, error: `The body says it is ${contentEncoding}-encoded but could not be decoded (${m.error}).` };
  }
  const make = first.make;
  return { ok: true, size: m.size, open: () => chain(bytes, make).out };
}
