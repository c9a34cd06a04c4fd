import { create } from 'zustand';

/**
 * Ticked rows of the inbox request list (multi-select for bulk delete, export and replay), apart
 * from the inbox's store slice: it lives as long as one inbox and one filter are shown.
 */
interface RequestSelection {
  checked: ReadonlySet<number>;
  /** Every request matching the filter, on the server, not only the loaded rows. */
  allMatching: boolean;
  /** The last ticked row, where a Shift range starts. */
  anchor: number | null;
  /** Ticks `id` (or, with `range`, every loaded row from the anchor to it) on or off. */
  tick(id: number, on: boolean, range: boolean, loaded: readonly number[]): void;
  set(checked: Iterable<number>, allMatching?: boolean): void;
  clear(): void;
  /** Lets go of ticks whose rows are gone (deleted, or no longer loaded after a reload). */
  keepOnly(loaded: readonly number[]): void;
}

export const useRequestSelection = create<RequestSelection>((set, get) => ({
  checked: new Set(),
  allMatching: false,
  anchor: null,
  tick(id, on, range, loaded) {
    const { checked, allMatching, anchor } = get();
    const next = new Set(allMatching ? loaded : checked);
    const from = range && anchor !== null ? loaded.indexOf(anchor) : -1;
    const to = loaded.indexOf(id);
    const span = from >= 0 && to >= 0 ? loaded.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
    for (const x of span) {
      if (on) next.add(x);
      else next.delete(x);
    }
    set({ checked: next, allMatching: false, anchor: id });
  },
  set(checked, allMatching = false) {
    set({ checked: new Set(checked), allMatching, anchor: null });
  },
  clear() {
    if (get().checked.size || get().allMatching) set({ checked: new Set(), allMatching: false, anchor: null });
  },
  keepOnly(loaded) {
    const { checked } = get();
    if (!checked.size) return;
    const have = new Set(loaded);
    const next = [...checked].filter((id) => have.has(id));
    if (next.length !== checked.size) set({ checked: new Set(next) });
  },
}));
