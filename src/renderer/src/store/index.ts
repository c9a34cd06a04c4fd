import { create } from 'zustand';
import { createAppSlice, type AppSlice } from './app-slice';
import { createDispatchSlice, type DispatchSlice } from './dispatch-slice';
import { createInboxSlice, type InboxSlice } from './inbox-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createSettingsSlice, type SettingsSlice } from './settings-slice';
import { createSignaturesSlice, type SignaturesSlice } from './signatures-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** One store built from slices; each area adds its slice here. Components read it with selectors. */
export type StoreState = AppSlice & SettingsSlice & UiSlice & DispatchSlice & InboxSlice & SignaturesSlice & RunsSlice;

export const useStore = create<StoreState>()((...a) => ({
  ...createAppSlice(...a),
  ...createSettingsSlice(...a),
  ...createUiSlice(...a),
  ...createDispatchSlice(...a),
  ...createInboxSlice(...a),
  ...createSignaturesSlice(...a),
  ...createRunsSlice(...a),
}));
