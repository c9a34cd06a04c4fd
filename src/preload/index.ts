import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_CHANNEL, splitMethod } from '../shared/api';
import { eventNames, methodNames } from '../shared/contract/names';

// window.api is built from the contract's names (contract/names.ts: no zod, no schemas): one
// function per method, grouped by domain, plus `on` for the contract's events. Nothing else (no
// ipcRenderer, no generic invoke) is exposed.

const api: Record<string, unknown> = {};
for (const name of methodNames) {
  const [domain, verb] = splitMethod(name);
  const group = (api[domain] ??= {}) as Record<string, unknown>;
  group[verb] = (input?: unknown) => ipcRenderer.invoke(name, input ?? {});
}
const known = new Set<string>(eventNames);
api.on = (event: string, listener: (payload: unknown) => void) => {
  if (!known.has(event)) throw new Error(`Unknown event "${event}"`);
  const handler = (_e: unknown, name: string, payload: unknown) => {
    if (name === event) listener(payload);
  };
  ipcRenderer.on(EVENT_CHANNEL, handler);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  };
};

contextBridge.exposeInMainWorld('api', api);
