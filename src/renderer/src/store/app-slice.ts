import type { StateCreator } from 'zustand';
import type { AppInfo } from '../../../shared/contract';
import { api, hostKind } from '../lib/api';
import { errorMessage } from '../lib/api-error';
import type { ConnectionState } from '../lib/http-transport';
import type { StoreState } from '.';

export interface AppSlice {
  info: AppInfo | null;
  infoError: string | null;
  /** The link to the host: always 'open' in Electron; the SSE state in a browser. */
  connection: ConnectionState;
  loadInfo(): Promise<void>;
  connectionChanged(state: ConnectionState): void;
}

export const createAppSlice: StateCreator<StoreState, [], [], AppSlice> = (set) => ({
  info: null,
  infoError: null,
  connection: hostKind === 'electron' ? 'open' : 'connecting',
  async loadInfo() {
    try {
      set({ info: await api.app.info(), infoError: null });
    } catch (err) {
      set({ infoError: errorMessage(err) });
    }
  },
  connectionChanged(connection) {
    set({ connection });
  },
});
