import { splitMethod, type Api, type RawApi, type Transport } from '../../../shared/api';
import type { EventName } from '../../../shared/contract';
import { eventNames, methodNames } from '../../../shared/contract/names';
import { ApiError } from './api-error';
import { createHttpTransport, type ConnectionState } from './http-transport';

declare global {
  interface Window {
    /** Present in the Electron window (built by the preload from the contract). */
    api?: RawApi;
  }
}

const TOKEN_KEY = 'hookbench.token';

/** The headless host hands the UI its token once, in the URL it prints; the UI keeps it. */
function takeTokenFromUrl(): void {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    localStorage.setItem(TOKEN_KEY, token);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

export const hostKind: 'electron' | 'browser' = typeof window !== 'undefined' && window.api ? 'electron' : 'browser';

const connectionListeners = new Set<(s: ConnectionState) => void>();
export const onConnectionChange = (l: (s: ConnectionState) => void) => {
  connectionListeners.add(l);
  return () => connectionListeners.delete(l);
};

export const getToken = () => localStorage.getItem(TOKEN_KEY);
export const setToken = (token: string) => localStorage.setItem(TOKEN_KEY, token.trim());
export const clearToken = () => localStorage.removeItem(TOKEN_KEY);

function ipcTransport(raw: RawApi): Transport {
  const groups = raw as unknown as Record<string, Record<string, (input: unknown) => Promise<never>>>;
  return {
    invoke: (method, input) => {
      const [d, v] = splitMethod(method);
      return groups[d][v](input);
    },
    subscribe(listener) {
      const offs = eventNames.map((name) => raw.on(name, (p: unknown) => listener(name, p)));
      return () => offs.forEach((off) => off());
    },
  };
}

function createTransport(): Transport {
  if (window.api) return ipcTransport(window.api);
  takeTokenFromUrl();
  return createHttpTransport({
    token: getToken,
    onUnauthorized: () => connectionListeners.forEach((l) => l('unauthorized')),
    onConnection: (s) => connectionListeners.forEach((l) => l(s)),
  });
}

export const transport = createTransport();

/** Builds the typed API over a transport: results unwrapped, failures thrown as ApiError. */
export function buildApi(t: Transport): Api {
  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    const [d, v] = splitMethod(name);
    const group = (api[d] ??= {}) as Record<string, unknown>;
    group[v] = async (input?: unknown) => {
      const res = await t.invoke(name, input ?? {});
      if (!res.ok) throw new ApiError(res.error);
      return res.data;
    };
  }
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  let unsubscribeAll: (() => void) | null = null;
  api.on = (event: EventName, listener: (p: unknown) => void) => {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    unsubscribeAll ??= t.subscribe((name, payload) => listeners.get(name)?.forEach((l) => l(payload)));
    return () => {
      set.delete(listener);
    };
  };
  return api as Api;
}

export const api: Api = buildApi(transport);
