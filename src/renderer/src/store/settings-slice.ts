import type { StateCreator } from 'zustand';
import type { Settings, SettingsPatch } from '../../../shared/contract/settings';
import { api } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { StoreState } from '.';

export interface SettingsSlice {
  settings: Settings | null;
  settingsSaving: boolean;
  loadSettings(): Promise<void>;
  /** Saves a change; on failure the previous values stay and the user is told why. */
  updateSettings(patch: SettingsPatch): Promise<boolean>;
  settingsChanged(next: Settings): void;
}

export const createSettingsSlice: StateCreator<StoreState, [], [], SettingsSlice> = (set, get) => ({
  settings: null,
  settingsSaving: false,
  async loadSettings() {
    try {
      set({ settings: await api.settings.get() });
    } catch (err) {
      get().notify('error', `Could not load settings: ${errorMessage(err)}`);
    }
  },
  async updateSettings(patch) {
    set({ settingsSaving: true });
    try {
      set({ settings: await api.settings.update(patch) });
      return true;
    } catch (err) {
      get().notify('error', errorMessage(err));
      return false;
    } finally {
      set({ settingsSaving: false });
    }
  },
  settingsChanged(next) {
    set({ settings: next });
  },
});
