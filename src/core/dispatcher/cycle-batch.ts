import { parseIdentity, type DeliveryIdentity } from './identity';
import { LAYOUT, type ClaimedRows, type CycleMessage } from '../workers/protocol';
import type { Delivery } from '../../shared/dispatcher-deliveries';
import type { EndpointRecord } from './endpoint-store';
import type { WriteName, DueRow } from './statements';

export { LAYOUT };

export interface NewDelivery {
  /** The row as it will be queued (seq is set once inserted). */
  row: DueRow;
  endpoint: EndpointRecord;
}
export interface NewEvent {
  id: string;
  topic: string;
  /** The payload as sent: text, or the JSON bytes the deliveries carry. */
  payload: string | Buffer | null;
  createdAt: number;
}


/** Columns of a claimed row as the writer answers them (selectDue's column order). */
const DUE_COLUMNS = 14;

/**
 * One cycle's writes, encoded for the writer worker: flat arrays of primitives (one array per
 * kind instead of an object or array per row) and every body in one buffer that is transferred,
 * not copied. A body shared by several rows (fan-out, an event stored with the body it produced)
 * is carried once.
 */
export class CycleBatch {
  releases: number[] = [];
  /** id, topic, payload text | null, payload blob | -1, created_at */
  events: unknown[] = [];
  /** id, event_id, endpoint_id, topic, kind, body blob (-2: the event's payload), content_type, max_attempts, created_at, lease_until, identity JSON | null */
  deliveries: unknown[] = [];
  /** See the worker: status … first_byte_ms, LAYOUT.completion values each. */
  completions: unknown[] = [];
  writes: [WriteName, unknown[]][] = [];
  /** [endpointId, pingsOnly, limit, now, leaseUntil] */
  claims: [string, boolean, number, number, number][] = [];
  private readonly blobs: Buffer[] = [];
  private readonly blobLens: number[] = [];
  private readonly blobIndex = new Map<Buffer, number>();

  /** The index of a body in this cycle's buffer (-1 for none). */
  blob(b: Buffer | null | undefined): number {
    if (!b) return -1;
    let i = this.blobIndex.get(b);
    if (i === undefined) {
      i = this.blobs.length;
      this.blobs.push(b);
      this.blobLens.push(b.length);
      this.blobIndex.set(b, i);
    }
    return i;
  }

  /**
   * Adds new events and their deliveries. `lease(d)` says whether a delivery is leased at insert
   * (until `leaseUntil`), left unleased for a later claim (false), or dropped (null: its endpoint
   * is gone). Answers the deliveries added, in order, and whether each was leased.
   */
  addInserts(
    inserts: { events: NewEvent[]; deliveries: NewDelivery[] }[],
    leaseUntil: number,
    lease: (d: NewDelivery) => boolean | null,
  ): { fresh: NewDelivery[]; taken: boolean[] } {
    const fresh: NewDelivery[] = [];
    const taken: boolean[] = [];
    for (const ins of inserts) {
      // The JSON bytes the event is stored with, when its deliveries send exactly those bytes.
      let shared: Buffer | null = null;
      let sharedEvent = '';
      for (const e of ins.events) {
        if (ins.events.length === 1 && Buffer.isBuffer(e.payload)) {
          shared = e.payload;
          sharedEvent = e.id;
        }
        const text = typeof e.payload === 'string' || e.payload === null;
        this.events.push(e.id, e.topic, text ? e.payload : null, text ? -1 : this.blob(e.payload as Buffer), e.createdAt);
      }
      for (const d of ins.deliveries) {
        const take = lease(d);
        if (take === null) continue;
        const { row } = d;
        this.deliveries.push(
          row.id,
          row.event_id,
          row.endpoint_id,
          row.topic,
          row.kind,
          row.body === shared && row.event_id === sharedEvent ? -2 : this.blob(row.body),
          row.content_type,
          row.max_attempts,
          row.created_at,
          take ? leaseUntil : null,
          row.identity ? JSON.stringify(row.identity) : null,
        );
        fresh.push(d);
        taken.push(take);
      }
    }
    return { fresh, taken };
  }

  get completionCount(): number {
    return this.completions.length / LAYOUT.completion;
  }

  /** The message and its transfer list. */
  encode(): { msg: Omit<CycleMessage, 'seq'>; transfer: ArrayBuffer[] } {
    let blobs: ArrayBuffer | null = null;
    if (this.blobs.length) {
      const all = Buffer.concat(this.blobs);
      // A fresh ArrayBuffer of exactly this size (concat may return a pooled slice).
      blobs =
        all.byteOffset === 0 && all.byteLength === all.buffer.byteLength
          ? (all.buffer as ArrayBuffer)
          : (all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer);
    }
    return {
      msg: {
        t: 'cycle' as const,
        releases: this.releases,
        events: this.events,
        deliveries: this.deliveries,
        completions: this.completions,
        writes: this.writes,
        claims: this.claims,
        blobs,
        blobLens: this.blobLens,
      },
      transfer: blobs ? [blobs] : [],
    };
  }
}


export function decodeClaimed(c: ClaimedRows): DueRow[] {
  const rows: DueRow[] = [];
  const all = c.bodies ? Buffer.from(c.bodies) : Buffer.alloc(0);
  let off = 0;
  for (let i = 0, k = 0; i < c.flat.length; i += DUE_COLUMNS, k++) {
    const f = c.flat;
    const len = c.lens[k];
    rows.push(
      dueRow(
        f[i] as number,
        f[i + 1] as string,
        f[i + 2] as string,
        f[i + 3] as string,
        f[i + 4] as string,
        f[i + 5] as DueRow['kind'],
        f[i + 6] as DueRow['status'],
        all.subarray(off, off + len),
        f[i + 8] as string,
        f[i + 9] as number,
        f[i + 10] as number,
        f[i + 11] as number,
        f[i + 12] as number,
        parseIdentity(f[i + 13] as string | null),
      ),
    );
    off += len;
  }
  return rows;
}

/** A DueRow with one fixed shape (objects made in one place share a hidden class). */
export const dueRow = (
  seq: number,
  id: string,
  event_id: string,
  endpoint_id: string,
  topic: string,
  kind: DueRow['kind'],
  status: DueRow['status'],
  body: Buffer,
  content_type: string,
  attempts: number,
  max_attempts: number,
  manual_next: number,
  created_at: number,
  identity: DeliveryIdentity | null,
): DueRow => ({
  seq,
  id,
  event_id,
  endpoint_id,
  topic,
  kind,
  status,
  body,
  content_type,
  attempts,
  max_attempts,
  manual_next,
  created_at,
  identity,
});

/** A new delivery as the list and events show it until its first attempt. */
export const toPending = (row: DueRow, ep: EndpointRecord): Delivery => ({
  id: row.id,
  eventId: row.event_id,
  endpointId: row.endpoint_id,
  endpointName: ep.fields.name,
  topic: row.topic,
  status: 'pending',
  attempts: 0,
  maxAttempts: row.max_attempts,
  nextAttemptAt: row.created_at,
  lastStatus: null,
  lastError: null,
  durationMs: null,
  kind: row.kind,
  createdAt: row.created_at,
  updatedAt: row.created_at,
});
