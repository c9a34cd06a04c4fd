import type { StateCreator } from 'zustand';
import type { CatalogEntry } from '../../../shared/catalog';
import type { EventPayload } from '../../../shared/contract';
import type { Endpoint } from '../../../shared/dispatcher';
import type { Delivery, DeliveryStatus } from '../../../shared/dispatcher-deliveries';
import type { SchemeId } from '../../../shared/signing';
import { api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { StoreState } from '.';
import { withNewerRows } from './snapshots';

/** The sending half in the UI: endpoints, the event catalog, deliveries. */

export interface DeliveryFilter {
  endpointId?: string;
  status?: DeliveryStatus;
  topic?: string;
  /** The deliveries of one send. */
  eventId?: string;
  /** The last attempt's answer: exact code, class, or none. */
  responseStatus?: number | '2xx' | '3xx' | '4xx' | '5xx' | 'none';
  /** Created at or after (ms). */
  since?: number;
  /** Text in the payload or a response body. */
  text?: string;
  sort?: 'time' | 'duration';
}

export interface RevealedSecret {
  endpointId: string;
  endpointName: string;
  scheme: SchemeId;
  secret: string;
  reason: 'created' | 'rotated';
  /** After a rotation: until when the previous secret keeps signing (ms), if at all. */
  previousUntil: number | null;
}

/** Where the Send event screen should start when opened from elsewhere. */
export interface SendIntent {
  topic?: string;
  endpointIds?: string[];
}

/** The Send event screen's draft, kept while the user visits other areas. */
export interface SendDraft {
  topic: string;
  /** The editor's text: a JSON or XML payload, or a template. */
  text: string;
  format: 'json' | 'xml';
  /** The catalog sample the text started from (sent as is, without a payload, while unchanged). */
  sample: string | null;
  /** Variables for a template, as JSON (sent as the event's payload). */
  vars: string;
  mode: 'fanout' | 'chosen';
  chosen: string[];
  previewEndpointId: string | null;
}

export interface DispatchSlice {
  endpoints: Endpoint[];
  endpointsLoaded: boolean;
  endpointsError: string | null;
  catalog: CatalogEntry[];
  catalogLoaded: boolean;
  deliveries: Delivery[];
  deliveriesTotal: number;
  deliveriesLoaded: boolean;
  deliveriesError: string | null;
  deliveryFilter: DeliveryFilter;
  /** Bumped on every deliveries.updated so open details can refetch: delivery id → updatedAt. */
  deliveryTicks: Record<string, number>;
  revealedSecret: RevealedSecret | null;
  sendIntent: SendIntent | null;
  /** The delivery open in the Deliveries area (also in the hash: #/deliveries/<id>). */
  selectedDeliveryId: string | null;
  sendDraft: SendDraft;

  loadEndpoints(): Promise<void>;
  loadCatalog(): Promise<void>;
  loadDeliveries(more?: boolean): Promise<void>;
  /**
   * The first page for the Deliveries screen. main.tsx asks for it before the first render when
   * the app opens on Deliveries (`early`), in parallel with the screen's code; the screen's mount
   * then finds it asked for instead of asking again.
   */
  openDeliveries(early?: boolean): void;
  setDeliveryFilter(filter: DeliveryFilter): void;
  revealSecret(r: RevealedSecret | null): void;
  setSendIntent(intent: SendIntent | null): void;
  selectDelivery(id: string | null): void;
  updateSendDraft(patch: Partial<SendDraft>): void;

  endpointsChanged(e: EventPayload<'endpoints.changed'>): void;
  endpointDisabled(e: EventPayload<'endpoints.disabled'>): void;
  deliveriesUpdated(items: Delivery[]): void;
  /** Deliveries were deleted (bulk or retention): drop them, or refetch when many (ids null). */
  deliveriesDeleted(e: EventPayload<'deliveries.deleted'>): void;
  catalogChanged(e: EventPayload<'catalog.changed'>): void;
}

const PAGE = 100;

const answerMatches = (d: Delivery, rs: DeliveryFilter['responseStatus']) =>
  rs === undefined ||
  (rs === 'none'
    ? d.lastStatus === null
    : typeof rs === 'number'
      ? d.lastStatus === rs
      : d.lastStatus !== null && Math.floor(d.lastStatus / 100) === Number(rs[0]));

/** Whether a delivery pushed by the host belongs in the filtered list (text and slowest-first: only after a reload). */
const matches = (d: Delivery, f: DeliveryFilter) =>
  !f.text &&
  f.sort !== 'duration' &&
  answerMatches(d, f.responseStatus) &&
  (f.since === undefined || d.createdAt >= f.since) &&
  (!f.endpointId || d.endpointId === f.endpointId) &&
  (!f.status || d.status === f.status) &&
  (!f.topic || d.topic === f.topic) &&
  (!f.eventId || d.eventId === f.eventId);

let healthTimer: ReturnType<typeof setTimeout> | null = null;
let deliveriesSeq = 0;
/** main.tsx asked for the first page before the Deliveries screen mounted. */
let deliveriesAskedEarly = false;

export const createDispatchSlice: StateCreator<StoreState, [], [], DispatchSlice> = (set, get) => ({
  endpoints: [],
  endpointsLoaded: false,
  endpointsError: null,
  catalog: [],
  catalogLoaded: false,
  deliveries: [],
  deliveriesTotal: 0,
  deliveriesLoaded: false,
  deliveriesError: null,
  deliveryFilter: {},
  deliveryTicks: {},
  revealedSecret: null,
  sendIntent: null,
  sendDraft: {
    topic: '',
    text: '',
    format: 'json',
    sample: null,
    vars: '{}',
    mode: 'fanout',
    chosen: [],
    previewEndpointId: null,
  },
  selectedDeliveryId:
    typeof window === 'undefined'
      ? null
      : (/^#\/deliveries\/([^/]+)/.exec(window.location.hash)?.[1] ?? null),

  async loadEndpoints() {
    try {
      const { items } = await api.endpoints.list();
      set({ endpoints: items, endpointsLoaded: true, endpointsError: null });
    } catch (err) {
      set({ endpointsLoaded: true, endpointsError: errorMessage(err) });
    }
  },
  async loadCatalog() {
    try {
      const { items } = await api.catalog.list({});
      set({ catalog: items, catalogLoaded: true });
    } catch (err) {
      set({ catalogLoaded: true });
      get().notify('error', `Could not load the event catalog: ${errorMessage(err)}`);
    }
  },
  async loadDeliveries(more = false) {
    const f = get().deliveryFilter;
    const seq = ++deliveriesSeq;
    const bySpeed = f.sort === 'duration';
    const before = more && !bySpeed ? get().deliveries.at(-1)?.id : undefined;
    const offset = more && bySpeed ? get().deliveries.length : undefined;
    try {
      const res = await api.deliveries.list({
        ...f,
        topic: f.topic || undefined,
        text: f.text || undefined,
        limit: PAGE,
        before,
        offset,
      });
      if (seq !== deliveriesSeq) return;
      set((s) => ({
        deliveries: more
          ? [...s.deliveries, ...res.items.filter((d) => !s.deliveries.some((x) => x.id === d.id))]
          : withNewerRows(res.items, s.deliveries),
        deliveriesTotal: res.total,
        deliveriesLoaded: true,
        deliveriesError: null,
      }));
    } catch (err) {
      if (seq === deliveriesSeq) set({ deliveriesLoaded: true, deliveriesError: errorMessage(err) });
    }
  },
  openDeliveries(early = false) {
    if (!early && deliveriesAskedEarly) {
      deliveriesAskedEarly = false;
      // Still on its way, or answered: that is the first page. Failed (e.g. a rejected token,
      // then the connect screen): ask again.
      if (!get().deliveriesError) return;
    }
    deliveriesAskedEarly = early;
    void get().loadDeliveries();
  },
  setDeliveryFilter(filter) {
    set({ deliveryFilter: filter });
    void get().loadDeliveries();
  },
  revealSecret(revealedSecret) {
    set({ revealedSecret });
  },
  setSendIntent(sendIntent) {
    set({ sendIntent });
  },
  updateSendDraft(patch) {
    set((s) => ({ sendDraft: { ...s.sendDraft, ...patch } }));
  },
  selectDelivery(id) {
    set({ selectedDeliveryId: id });
    if (get().area === 'deliveries')
      window.history.replaceState(null, '', id ? `#/deliveries/${id}` : '#/deliveries');
  },

  endpointsChanged(e) {
    set((s) => {
      if (e.change === 'deleted' || !e.endpoint)
        return { endpoints: s.endpoints.filter((x) => x.id !== e.id) };
      const ep = e.endpoint;
      const i = s.endpoints.findIndex((x) => x.id === e.id);
      if (i < 0) return { endpoints: [...s.endpoints, ep] };
      const endpoints = s.endpoints.slice();
      endpoints[i] = ep;
      return { endpoints };
    });
  },
  endpointDisabled(e) {
    get().notify(
      'error',
      `Endpoint "${e.name}" was disabled: ${e.message} Reactivate it in Endpoints once it is fixed.`,
    );
  },
  deliveriesUpdated(items) {
    set((s) => {
      const byId = new Map(items.map((d) => [d.id, d]));
      const list = s.deliveries.map((d) => {
        const u = byId.get(d.id);
        if (!u) return d;
        byId.delete(d.id);
        return u;
      });
      const fresh = [...byId.values()].filter((d) => matches(d, s.deliveryFilter));
      const added = fresh.length;
      fresh.sort((a, b) => b.createdAt - a.createdAt);
      const ticks = { ...s.deliveryTicks };
      for (const d of items) ticks[d.id] = d.updatedAt;
      return {
        deliveries: [...fresh, ...list],
        deliveriesTotal: s.deliveriesTotal + added,
        deliveryTicks: ticks,
      };
    });
    // Health (success rate, last status, queue) changes with attempts: refresh it, at most once a second.
    if (get().endpointsLoaded && !healthTimer) {
      healthTimer = setTimeout(() => {
        healthTimer = null;
        void get().loadEndpoints();
      }, 1000);
    }
  },
  deliveriesDeleted(e) {
    if (!e.ids) {
      void get().loadDeliveries();
      return;
    }
    const gone = new Set(e.ids);
    set((s) => {
      const deliveries = s.deliveries.filter((d) => !gone.has(d.id));
      const dropped = s.deliveries.length - deliveries.length;
      return {
        deliveries,
        deliveriesTotal: Math.max(0, s.deliveriesTotal - dropped),
        selectedDeliveryId: s.selectedDeliveryId && gone.has(s.selectedDeliveryId) ? null : s.selectedDeliveryId,
      };
    });
    // Deleted rows beyond the loaded page change the total only: ask for it.
    if (get().deliveries.length < get().deliveriesTotal) void get().loadDeliveries();
  },
  catalogChanged(e) {
    set((s) => {
      const rest = s.catalog.filter((c) => c.topic !== e.topic);
      return { catalog: e.entry ? [...rest, e.entry] : rest };
    });
  },
});

/** Host events of the sending half, for store/wire-events.ts. */
export function wireDispatchEvents(get: () => StoreState): (() => void)[] {
  return [
    api.on('endpoints.changed', (e) => get().endpointsChanged(e)),
    api.on('endpoints.disabled', (e) => get().endpointDisabled(e)),
    api.on('deliveries.updated', (e) => get().deliveriesUpdated(e.items)),
    api.on('deliveries.deleted', (e) => get().deliveriesDeleted(e)),
    api.on('catalog.changed', (e) => get().catalogChanged(e)),
  ];
}
