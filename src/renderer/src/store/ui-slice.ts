import type { StateCreator } from 'zustand';
import type { StoreState } from '.';

export type AreaId = 'inbox' | 'endpoints' | 'send' | 'deliveries' | 'runs' | 'signatures' | 'settings' | 'overview';
export const AREA_IDS: AreaId[] = ['inbox', 'endpoints', 'send', 'deliveries', 'runs', 'signatures', 'settings', 'overview'];

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
}

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
    const id = nextToast++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, message }] }));
  },
  dismissToast(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
});
