import type { MessagePort } from 'node:worker_threads';
import { HookbenchError } from '../../shared/errors';
import * as layout from '../workers/protocol';
import type { Captured } from './capture';

// Plain constants (an imported binding is a getter call on every use once compiled to CJS).
const { BELL, PUBLISHED, USED, SLEEPING, SIZE: CTRL_SIZE } = layout.C;
const { ROW, WRAP } = layout.K;
const { BODY_EXTERNAL, NULL_STR, NUMBERS, STRINGS, TLS_FLAG } = layout;

const RING_BYTES = 8 * 1024 * 1024;
/** Bodies above this go to the worker over a MessagePort, not through the ring. */
const MAX_INLINE = RING_BYTES / 4;

/** Buffer's UTF-8 writer without argument juggling (what buf.write(s, off, len, 'utf8') calls). */
type FastWrite = { utf8Write(s: string, offset: number, length: number): number };

/**
 * The main thread's side of the capture ring: a buffer in shared memory the capture worker
 * (workers/capture-worker.ts) reads. Each captured request is one record (layout in
 * workers/protocol.ts: numbers, flags, strings, then the body, copied once); a body too large
 * for the ring goes over `bodyPort` instead. The control array says how much is published and
 * used, and carries the doorbell the worker sleeps on.
 */
export class CaptureRing {
  readonly ctrl = new Int32Array(new SharedArrayBuffer(CTRL_SIZE * 4));
  readonly ring = new SharedArrayBuffer(RING_BYTES);
  private readonly u8 = Buffer.from(this.ring) as Buffer & FastWrite;
  private readonly u32 = new Uint32Array(this.ring);
  private readonly f64 = new Float64Array(this.ring);
  private writeOff = 0;

  constructor(private readonly bodyPort: MessagePort) {}

  /** Wakes the worker if it sleeps (new records or statements to run). */
  bell(): void {
    const ctrl = this.ctrl;
    Atomics.add(ctrl, BELL, 1);
    if (Atomics.compareExchange(ctrl, SLEEPING, 1, 0) === 1) Atomics.notify(ctrl, BELL, 1);
  }

  /**
   * Reserves `bytes` (8-aligned) of contiguous ring space, writing a wrap record when the tail
   * is too short; returns the offset, or -1 when the ring is full.
   */
  private reserve(bytes: number): number {
    const used = Atomics.load(this.ctrl, USED);
    if (used + bytes > RING_BYTES) return -1;
    let w = this.writeOff;
    if (w === RING_BYTES) w = this.writeOff = 0;
    let read = w - used; // where the worker reads next
    if (read < 0) read += RING_BYTES;
    if (used !== 0 && read >= w) return read - w >= bytes ? w : -1; // free: [w, read)
    // Free: [w, end) and [0, read) (everything when empty).
    if (RING_BYTES - w >= bytes) return w;
    if ((used === 0 ? w : read) < bytes) return -1;
    const pad = RING_BYTES - w;
    this.u32[w >>> 2] = pad;
    this.u32[(w >>> 2) + 1] = WRAP;
    this.publish(pad);
    this.writeOff = 0;
    return 0;
  }

  private publish(bytes: number): void {
    Atomics.add(this.ctrl, USED, bytes);
    Atomics.add(this.ctrl, PUBLISHED, 1);
  }

  /** Writes one row record; false when the ring has no room for it now. */
  encode(c: Captured): boolean {
    const a = c.answer;
    const headers = c.rawHeaders.join('\n');
    const strs = [
      c.inbox,
      c.method,
      c.url,
      c.path,
      c.query,
      c.httpVersion,
      c.remoteAddress,
      headers,
      c.contentType,
      c.contentEncoding,
      c.deliveryId,
      c.sigStatus,
      c.sigReason,
      c.sigScheme,
      c.sigReport,
      a.kind,
      a.ruleId,
      a.stored,
    ];
    let bound = 8 + NUMBERS * 8 + 8;
    for (let i = 0; i < STRINGS; i++) {
      const s = strs[i];
      bound += s === null ? 4 : 4 + ((s.length * 3 + 3) & ~3);
    }
    const body = c.body;
    const external = body.length > MAX_INLINE;
    if (!external) bound += body.length;
    bound = (bound + 7) & ~7;
    // Never with the header size limit; a record this large could never fit.
    if (bound > RING_BYTES / 2)
      throw new HookbenchError('payload_too_large', 'The request headers are too large to store.');
    const off = this.reserve(bound);
    if (off === -1) return false;

    const f64 = this.f64;
    const u32 = this.u32;
    const u8 = this.u8;
    let p = off + 8;
    const fi = p >>> 3;
    f64[fi] = c.id;
    f64[fi + 1] = c.receivedAt;
    f64[fi + 2] = c.remotePort === null ? NaN : c.remotePort;
    f64[fi + 3] = c.bodyMs;
    f64[fi + 4] = a.status === null ? NaN : a.status;
    f64[fi + 5] = c.seq;
    p += NUMBERS * 8;
    u32[p >>> 2] = (external ? BODY_EXTERNAL : 0) | (c.tls ? TLS_FLAG : 0);
    u32[(p >>> 2) + 1] = body.length;
    p += 8;
    for (let i = 0; i < STRINGS; i++) {
      const s = strs[i];
      if (s === null) {
        u32[p >>> 2] = NULL_STR;
        p += 4;
      } else {
        const len = s.length === 0 ? 0 : u8.utf8Write(s, p + 4, RING_BYTES - p - 4);
        u32[p >>> 2] = len;
        p += 4 + ((len + 3) & ~3);
      }
    }
    if (external) this.bodyPort.postMessage(body);
    else {
      body.copy(u8, p);
      p += body.length;
    }
    const size = ((p - off + 7) & ~7) >>> 0;
    u32[off >>> 2] = size;
    u32[(off >>> 2) + 1] = ROW;
    this.writeOff = off + size;
    this.publish(size);
    return true;
  }
}
