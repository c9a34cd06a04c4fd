import type { StateCreator } from 'zustand';
import type { MethodInput } from '../../../shared/contract';
import type { Run } from '../../../shared/replay';
import { api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { StoreState } from '.';
import { mergeRunList, newerRun } from './snapshots';

export type RunSourceInput = MethodInput<'runs.create'>['source'];

/** What the "Replay…" dialog was opened for. */
export interface ReplayIntent {
  source: RunSourceInput;
  /** In words: "3 selected deliveries", "all 120 matching deliveries". */
  label: string;
  /** Whether the items carry an endpoint that can re-sign them (deliveries). */
  hasEndpoints: boolean;
}

/** Replay runs in the UI: the list, the open run, and the dialog that starts one. */
export interface RunsSlice {
  runs: Run[];
  runsLoaded: boolean;
  runsError: string | null;
  selectedRunId: string | null;
  replayIntent: ReplayIntent | null;
  loadRuns(): Promise<void>;
  selectRun(id: string | null): void;
  openReplay(intent: ReplayIntent | null): void;
  runChanged(run: Run | null, id: string): void;
  runProgress(p: { id: string; status: Run['status']; counts: Run['counts']; rate: number }): void;
}

export const createRunsSlice: StateCreator<StoreState, [], [], RunsSlice> = (set, get) => ({
  runs: [],
  runsLoaded: false,
  runsError: null,
  selectedRunId: null,
  replayIntent: null,
  async loadRuns() {
    try {
      const askedAt = Date.now();
      const { items } = await api.runs.list({ limit: 200 });
      set((s) => ({ runs: mergeRunList(s.runs, items, askedAt), runsLoaded: true, runsError: null }));
      if (!get().selectedRunId && items.length) set({ selectedRunId: items[0].id });
    } catch (err) {
      set({ runsLoaded: true, runsError: errorMessage(err) });
    }
  },
  selectRun(id) {
    set({ selectedRunId: id });
  },
  openReplay(intent) {
    set({ replayIntent: intent });
  },
  runChanged(run, id) {
    set((s) => {
      if (!run)
        return {
          runs: s.runs.filter((r) => r.id !== id),
          selectedRunId: s.selectedRunId === id ? null : s.selectedRunId,
        };
      const at = s.runs.findIndex((r) => r.id === id);
      const runs = at >= 0 ? s.runs.map((r) => (r.id === id ? newerRun(r, run) : r)) : [run, ...s.runs];
      return { runs };
    });
  },
  runProgress(p) {
    set((s) => ({
      runs: s.runs.map((r) =>
        r.id === p.id ? newerRun(r, { ...r, status: p.status, counts: p.counts, rate: p.rate }) : r,
      ),
    }));
  },
});

export function wireRunsEvents(get: () => StoreState): (() => void)[] {
  return [
    api.on('runs.changed', (e) => get().runChanged(e.run, e.id)),
    api.on('runs.progress', (e) => get().runProgress(e)),
  ];
}
