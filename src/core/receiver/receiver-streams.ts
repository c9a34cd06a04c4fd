import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { ExportInput } from '../../shared/contract/receiver';
import { HookbenchError } from '../../shared/errors';
import type { RequestDetail } from '../../shared/receiver-requests';
import { DECODE_DOWNLOAD_MAX_BYTES, decodedStream } from './body-view';
import { exportName, harEntry, harFrame } from './har';
import type { InboxStore } from './inbox-store';
import type { RequestStore } from './request-store';

/** Bodies larger than this are written into a streamed export a slice at a time. */
const STREAM_BODY_OVER = 1024 * 1024;
const SLICE = 3 * 256 * 1024;

/** The bytes as base64, a slice at a time (slices of a multiple of 3 bytes concatenate into one base64 text). */
function* base64Slices(bytes: Buffer): Generator<string> {
  for (let i = 0; i < bytes.length; i += SLICE) yield bytes.subarray(i, i + SLICE).toString('base64');
}

/** Valid UTF-8 bytes as the inside of a JSON string, a slice at a time (cut between characters). */
function* jsonTextSlices(bytes: Buffer): Generator<string> {
  let i = 0;
  while (i < bytes.length) {
    let end = Math.min(i + SLICE, bytes.length);
    while (end < bytes.length && (bytes[end] & 0xc0) === 0x80) end--;
    yield JSON.stringify(bytes.toString('utf8', i, end)).slice(1, -1);
    i = end;
  }
}

export interface ReceiverStreams {
  /** The stored body as received, or (decoded) inflated up to `maxDecodedBytes` (default 1 GiB). */
  body(id: number, opts: { decoded: boolean; maxDecodedBytes?: number }): Promise<{ filename: string; contentType: string; size: number; stream: Readable }>;
  /** An export (the input of requests.export) written entry by entry; no cap on the bodies it carries. */
  exportFile(input: unknown): Promise<{ filename: string; mimeType: string; count: number; stream: Readable }>;
}

/** Whole bodies and exports as streams, read from the store at the pace the consumer reads. */
export function createReceiverStreams(
  store: RequestStore,
  inboxes: InboxStore,
  now: () => number,
  baseUrl: () => string,
  version: string,
): ReceiverStreams {
  return {
    body: async (id, { decoded, maxDecodedBytes }) => {
      const { bytes, contentEncoding, contentType } = store.bodyOf(id);
      const type = contentType ?? 'application/octet-stream';
      if (!decoded || !contentEncoding) {
        const suffix = contentEncoding ? `.${contentEncoding.replace(/[^a-z0-9]+/gi, '-')}` : '';
        // As received: the Content-Type stays with the decoded form, the raw bytes are opaque.
        return { filename: `request-${id}-body${suffix}.bin`, contentType: contentEncoding ? 'application/octet-stream' : type, size: bytes.length, stream: Readable.from([bytes], { objectMode: false }) };
      }
      const d = await decodedStream(bytes, contentEncoding, maxDecodedBytes ?? DECODE_DOWNLOAD_MAX_BYTES);
      if (!d.ok) throw new HookbenchError(d.tooLarge ? 'payload_too_large' : 'invalid_input', d.error);
      return { filename: `request-${id}-body-decoded.bin`, contentType: type, size: d.size, stream: d.open() };
    },
    exportFile: async (raw) => {
      const { format, ids, inbox, query, limit } = ExportInput.parse(raw);
      if (!ids && inbox) inboxes.require(inbox);
      const list = ids ?? (await store.ids(inbox!, query, limit)).reverse();
      const first = list.length ? store.item(list[0]) : null;
      const stamp = new Date(now()).toISOString().slice(0, 10);
      const name = exportName(inbox ?? first?.inbox ?? 'requests', ids && list.length === 1 ? first : null, stamp);
      const base = baseUrl();
      const frame = format === 'har' ? harFrame(version) : { head: '[\n', tail: '\n]\n' };
      const render = (d: RequestDetail) => (format === 'har' ? JSON.stringify(harEntry(d, base), null, 2) : JSON.stringify(d, null, 2));
      // Large bodies are written in pieces: the entry is rendered around placeholders, which are
      // replaced by the body's base64 or JSON-escaped text a slice at a time.
      const mark = `@hookbench-body-${crypto.randomBytes(12).toString('hex')}@`;
      function* entryParts(id: number): Generator<string> {
        const item = store.item(id);
        if (!item) return; // deleted since the export started
        if (item.bodySize <= STREAM_BODY_OVER) {
          yield render(store.get(id));
          return;
        }
        const { bytes } = store.bodyOf(id);
        const text = isUtf8(bytes);
        const d = store.get(id, 0);
        delete d.bodyTruncated;
        d.body = { size: bytes.length, base64: `${mark}b64`, text: text ? `${mark}text` : null };
        const json = render(d);
        let at = 0;
        for (const m of json.matchAll(new RegExp(`${mark}(b64|text)`, 'g'))) {
          yield json.slice(at, m.index);
          yield* m[1] === 'b64' ? base64Slices(bytes) : jsonTextSlices(bytes);
          at = m.index + m[0].length;
        }
        yield json.slice(at);
      }
      // One request read, rendered and written at a time, at the pace the consumer reads.
      function* parts() {
        yield frame.head;
        let n = 0;
        for (const id of list) {
          let first = true;
          try {
            for (const part of entryParts(id)) {
              if (first) {
                first = false;
                if (n++) yield ',\n';
              }
              yield part;
            }
          } catch (err) {
            if (first) continue; // deleted since the export started
            throw err;
          }
        }
        yield frame.tail;
      }
      return { filename: `${name}.${format}`, mimeType: 'application/json', count: list.length, stream: Readable.from(parts(), { objectMode: false }) };
    },
  };
}
