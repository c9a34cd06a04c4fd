import type { StateCreator } from 'zustand';
import type { Inbox, ReceiverStatus } from '../../../shared/receiver';
import type { RequestDetail, RequestItem, RequestQuery } from '../../../shared/receiver-requests';
import { api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { StoreState } from '.';

const PAGE = 200;
/** Pages the End key loads at a time, and the most rows it loads into the list. */
const END_PAGE = 1000;
const MAX_LOADED = 200_000;
const LAST_INBOX_KEY = 'hookbench.inbox';

export interface InboxSlice {
  inboxes: Inbox[];
  inboxesLoaded: boolean;
  receiver: ReceiverStatus | null;
  /** The inbox shown in the inspector. */
  inboxSlug: string | null;
  requests: RequestItem[];
  requestsTotal: number;
  requestsNext: number | null;
  requestsLoading: boolean;
  requestsError: string | null;
  /** With a text query: whether every compressed body was searched decoded (see requests.list). */
  requestsDecodedSearch: { searched: number; complete: boolean } | null;
  requestQuery: RequestQuery;
  selectedRequestId: number | null;
  detail: RequestDetail | null;
  detailError: string | null;
  loadInboxes(): Promise<void>;
  loadReceiver(): Promise<void>;
  openInbox(slug: string, selectId?: number | null): void;
  setRequestQuery(query: RequestQuery): void;
  loadRequests(): Promise<void>;
  loadMoreRequests(limit?: number): Promise<void>;
  /** Loads every remaining page (the End key), up to MAX_LOADED rows; false when the list changed meanwhile or the cap was hit. */
  loadAllRequests(): Promise<boolean>;
  selectRequest(id: number | null): void;
  refreshDetail(): Promise<void>;
  deleteRequests(ids: number[]): Promise<void>;
  clearInbox(slug: string): Promise<void>;
  // Host events
  requestsReceived(items: RequestItem[]): void;
  requestsUpdated(items: RequestItem[]): void;
  requestsDeleted(inbox: string, ids: number[] | null): void;
  inboxesChanged(items: Inbox[]): void;
  receiverChanged(status: ReceiverStatus): void;
}

/** Whether a list row matches the parts of a query the client can check (all but text). */
export function matchesLocally(item: RequestItem, q: RequestQuery): boolean {
  if (q.methods?.length && !q.methods.includes(item.method)) return false;
  if (q.path && !item.path.toLowerCase().includes(q.path.toLowerCase())) return false;
  if (q.signature?.length && !q.signature.includes(item.signature.status)) return false;
  if (q.duplicate !== undefined && (item.duplicateOf !== null) !== q.duplicate) return false;
  return true;
}

const cleanQuery = (q: RequestQuery): RequestQuery | undefined => {
  const out: RequestQuery = {};
  if (q.text?.trim()) out.text = q.text.trim();
  if (q.methods?.length) out.methods = q.methods;
  if (q.path?.trim()) out.path = q.path.trim();
  if (q.signature?.length) out.signature = q.signature;
  if (q.duplicate !== undefined) out.duplicate = q.duplicate;
  return Object.keys(out).length ? out : undefined;
};

export const activeQuery = cleanQuery;

let listToken = 0;
/** The load whose answer the list shows, and which inbox and filter the newest load asked for. */
let listShown = 0;
let listAsked = '';
let detailToken = 0;
let headRefresh: ReturnType<typeof setTimeout> | null = null;
const detailCache = new Map<number, RequestDetail>();

export const createInboxSlice: StateCreator<StoreState, [], [], InboxSlice> = (set, get) => {
  /** With a text filter the client cannot tell whether new requests match: ask the server. */
  const refreshHead = () => {
    if (headRefresh) return;
    headRefresh = setTimeout(async () => {
      headRefresh = null;
      const { inboxSlug, requestQuery, requests } = get();
      if (!inboxSlug) return;
      const token = listToken;
      try {
        const res = await api.requests.list({
          inbox: inboxSlug,
          limit: PAGE,
          query: cleanQuery(requestQuery),
        });
        if (token !== listToken) return;
        const top = requests[0]?.id ?? 0;
        const fresh = res.items.filter((i) => i.id > top);
        set((s) => ({ requests: [...fresh, ...s.requests], requestsTotal: res.total }));
      } catch {
        /* the next event or a manual refresh catches up */
      }
    }, 120);
  };

  const fetchDetail = async (id: number) => {
    const token = ++detailToken;
    try {
      const detail = await api.requests.get({ id });
      detailCache.set(id, detail);
      if (detailCache.size > 50) detailCache.delete(detailCache.keys().next().value!);
      if (token === detailToken && get().selectedRequestId === id) set({ detail, detailError: null });
    } catch (err) {
      if (token === detailToken && get().selectedRequestId === id)
        set({ detail: null, detailError: errorMessage(err) });
    }
  };

  return {
    inboxes: [],
    inboxesLoaded: false,
    receiver: null,
    inboxSlug: null,
    requests: [],
    requestsTotal: 0,
    requestsNext: null,
    requestsLoading: false,
    requestsError: null,
    requestsDecodedSearch: null,
    requestQuery: {},
    selectedRequestId: null,
    detail: null,
    detailError: null,

    async loadInboxes() {
      try {
        const { items } = await api.inboxes.list();
        set({ inboxes: items, inboxesLoaded: true });
        const current = get().inboxSlug;
        if (!current || !items.some((i) => i.slug === current)) {
          const remembered = localStorage.getItem(LAST_INBOX_KEY);
          const pick =
            items.find((i) => i.slug === remembered) ?? items.find((i) => i.slug === 'default') ?? items[0];
          if (pick) get().openInbox(pick.slug);
        }
      } catch (err) {
        set({ inboxesLoaded: true });
        get().notify('error', `Could not load the inboxes: ${errorMessage(err)}`);
      }
    },
    async loadReceiver() {
      try {
        set({ receiver: await api.receiver.status() });
      } catch {
        set({ receiver: null });
      }
    },
    openInbox(slug, selectId = null) {
      localStorage.setItem(LAST_INBOX_KEY, slug);
      if (get().inboxSlug === slug) {
        if (selectId !== null) get().selectRequest(selectId);
        return;
      }
      set({ inboxSlug: slug, requestQuery: {}, requests: [], requestsTotal: 0, requestsNext: null });
      get().selectRequest(selectId);
      void get().loadRequests();
    },
    setRequestQuery(requestQuery) {
      set({ requestQuery });
      void get().loadRequests();
    },
    async loadRequests() {
      const { inboxSlug, requestQuery } = get();
      if (!inboxSlug) return;
      const token = ++listToken;
      const asked = JSON.stringify([inboxSlug, cleanQuery(requestQuery) ?? null]);
      listAsked = asked;
      set({ requestsLoading: true, requestsError: null });
      try {
        const res = await api.requests.list({
          inbox: inboxSlug,
          limit: PAGE,
          query: cleanQuery(requestQuery),
        });
        // A newer load of the same list (the event stream's catch-up once it opens) does not hide
        // this answer while its own is on the way: the first rows need not wait for both. Another
        // inbox or filter, or a newer answer already shown, does.
        if (token !== listToken && (asked !== listAsked || token < listShown)) return;
        listShown = token;
        set({
          requests: res.items,
          requestsTotal: res.total,
          requestsNext: res.nextBefore,
          requestsLoading: token !== listToken,
          requestsDecodedSearch: res.decodedSearch ?? null,
        });
      } catch (err) {
        if (token !== listToken) return;
        set({
          requests: [],
          requestsTotal: 0,
          requestsNext: null,
          requestsLoading: false,
          requestsError: errorMessage(err),
        });
      }
    },
    async loadAllRequests() {
      const token = listToken;
      for (;;) {
        while (get().requestsLoading) {
          await new Promise((r) => setTimeout(r, 30));
          if (token !== listToken) return false;
        }
        if (token !== listToken) return false;
        if (get().requestsNext === null) return true;
        if (get().requests.length >= MAX_LOADED) return false;
        const before = get().requests.length;
        await get().loadMoreRequests(END_PAGE);
        if (get().requests.length === before && get().requestsNext !== null) return false; // failed
      }
    },
    async loadMoreRequests(limit = PAGE) {
      const { inboxSlug, requestQuery, requestsNext, requestsLoading } = get();
      if (!inboxSlug || requestsNext === null || requestsLoading) return;
      const token = listToken;
      set({ requestsLoading: true });
      try {
        const res = await api.requests.list({
          inbox: inboxSlug,
          limit,
          before: requestsNext,
          query: cleanQuery(requestQuery),
        });
        if (token !== listToken) return;
        set((s) => {
          const last = s.requests[s.requests.length - 1]?.id ?? Infinity;
          return {
            requests: [...s.requests, ...res.items.filter((i) => i.id < last)],
            requestsNext: res.nextBefore,
            requestsLoading: false,
          };
        });
      } catch (err) {
        if (token !== listToken) return;
        set({ requestsLoading: false });
        get().notify('error', `Could not load more requests: ${errorMessage(err)}`);
      }
    },
    selectRequest(id) {
      if (id === get().selectedRequestId) return;
      const cached = id === null ? null : (detailCache.get(id) ?? null);
      set({ selectedRequestId: id, detail: cached, detailError: null });
      if (id !== null) void fetchDetail(id);
    },
    async refreshDetail() {
      const id = get().selectedRequestId;
      if (id !== null) await fetchDetail(id);
    },
    async deleteRequests(ids) {
      try {
        await api.requests.delete({ ids });
        get().requestsDeleted(get().inboxSlug ?? '', ids);
      } catch (err) {
        get().notify('error', `Could not delete: ${errorMessage(err)}`);
      }
    },
    async clearInbox(slug) {
      try {
        const { deleted } = await api.inboxes.clear({ slug });
        get().notify(
          'success',
          `Deleted ${deleted.toLocaleString()} request${deleted === 1 ? '' : 's'} from ${slug}.`,
        );
        if (get().inboxSlug === slug) {
          detailCache.clear();
          set({ requests: [], requestsTotal: 0, requestsNext: null, selectedRequestId: null, detail: null });
        }
      } catch (err) {
        get().notify('error', `Could not clear the inbox: ${errorMessage(err)}`);
      }
    },

    requestsReceived(items) {
      const { inboxSlug, requestQuery, requests } = get();
      const mine = items.filter((i) => i.inbox === inboxSlug);
      if (!mine.length) return;
      if (requestQuery.text?.trim()) return refreshHead();
      const top = requests[0]?.id ?? 0;
      // Events carry the newest last; the list shows the newest first.
      const fresh = mine.filter((i) => i.id > top && matchesLocally(i, requestQuery)).reverse();
      if (!fresh.length) return;
      set((s) => ({ requests: [...fresh, ...s.requests], requestsTotal: s.requestsTotal + fresh.length }));
    },
    requestsUpdated(items) {
      const byId = new Map(items.map((i) => [i.id, i]));
      for (const id of byId.keys()) detailCache.delete(id);
      set((s) => ({ requests: s.requests.map((r) => byId.get(r.id) ?? r) }));
      const sel = get().selectedRequestId;
      if (sel !== null && byId.has(sel)) void fetchDetail(sel);
    },
    requestsDeleted(inbox, ids) {
      if (inbox !== get().inboxSlug) return;
      if (ids === null) {
        detailCache.clear();
        // Many went at once (clear, retention): reload, and let go of the selection if it went too.
        void get()
          .loadRequests()
          .then(() => {
            const { selectedRequestId: sel, requests, requestsNext } = get();
            if (sel === null || requests.some((r) => r.id === sel)) return;
            const oldest = requests[requests.length - 1]?.id ?? Infinity;
            if (requestsNext === null || sel > oldest) set({ selectedRequestId: null, detail: null });
          });
        return;
      }
      const gone = new Set(ids);
      ids.forEach((id) => detailCache.delete(id));
      set((s) => {
        const left = s.requests.filter((r) => !gone.has(r.id));
        const removed = s.requests.length - left.length;
        if (!removed) return {};
        let selectedRequestId = s.selectedRequestId;
        if (selectedRequestId !== null && gone.has(selectedRequestId)) {
          // Keep the keyboard flow: select the row that took the deleted one's place.
          const at = s.requests.findIndex((r) => r.id === selectedRequestId);
          selectedRequestId = left[Math.min(at, left.length - 1)]?.id ?? null;
        }
        return { requests: left, requestsTotal: Math.max(0, s.requestsTotal - removed), selectedRequestId };
      });
      const sel = get().selectedRequestId;
      if (sel !== null && get().detail?.id !== sel) {
        set({ detail: detailCache.get(sel) ?? null });
        void fetchDetail(sel);
      } else if (sel === null) set({ detail: null });
    },
    inboxesChanged(items) {
      set({ inboxes: items });
      const current = get().inboxSlug;
      if (current && !items.some((i) => i.slug === current) && items[0]) get().openInbox(items[0].slug);
    },
    receiverChanged(receiver) {
      set({ receiver });
    },
  };
};

/** The receiver's host events, fed to the actions above (wired in wire-events.ts). */
export const wireInboxEvents = (s: () => StoreState): (() => void)[] => [
  api.on('requests.received', (p) => s().requestsReceived(p.items)),
  api.on('requests.updated', (p) => s().requestsUpdated(p.items)),
  api.on('requests.deleted', (p) => s().requestsDeleted(p.inbox, p.ids)),
  api.on('inboxes.changed', (p) => s().inboxesChanged(p.items)),
  api.on('receiver.changed', (p) => s().receiverChanged(p)),
];
