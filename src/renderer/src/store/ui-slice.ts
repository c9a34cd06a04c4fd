import type { StateCreator } from 'zustand';
import type { StoreState } from '.';

export type AreaId = 'inbox' | 'endpoints' | 'send' | 'deliveries' | 'runs' | 'signatures' | 'settings' | 'overview';
export const AREA_IDS: AreaId[] = ['inbox', 'endpoints', 'send', 'deliveries', 'runs', 'signatures', 'settings', 'overview'];

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
  /** How many times this same notice was given while it was showing (shown as ×N). */
  count: number;
}

/** Never more than this many notices at once; the oldest goes first. */
export const MAX_TOASTS = 3;

export interface UiSlice {
  area: AreaId;
  aboutOpen: boolean;
  toasts: Toast[];
  navigate(area: AreaId): void;
  setAboutOpen(open: boolean): void;
  notify(kind: Toast['kind'], message: string): void;
  dismissToast(id: number): void;
}

export const areaFromHash = (hash: string): AreaId => {
  const id = hash.replace(/^#\/?/, '').split('/')[0] as AreaId;
  return AREA_IDS.includes(id) ? id : 'inbox';
};

let nextToast = 1;

export const createUiSlice: StateCreator<StoreState, [], [], UiSlice> = (set) => ({
  area: typeof window === 'undefined' ? 'inbox' : areaFromHash(window.location.hash),
  aboutOpen: false,
  toasts: [],
  navigate(area) {
    if (window.location.hash !== `#/${area}`) window.history.pushState(null, '', `#/${area}`);
    set({ area });
  },
  setAboutOpen(aboutOpen) {
    set({ aboutOpen });
  },
  notify(kind, message) {
    set((s) => {
      // The same notice again (a second send, a double click) is counted, not stacked; it moves
      // to the newest place and its timer starts over (a new id remounts it).
      const same = s.toasts.find((t) => t.kind === kind && t.message === message);
      const rest = s.toasts.filter((t) => t !== same);
      const toast = { id: nextToast++, kind, message, count: (same?.count ?? 0) + 1 };
      return { toasts: [...rest.slice(-(MAX_TOASTS - 1)), toast] };
    });
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
