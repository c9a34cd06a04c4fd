import { describe, expect, it, vi } from 'vitest';
import { eventNames, methodNames } from '../../src/shared/contract';

const exposed: Record<string, unknown> = {};
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, data: { channel, input } }));
const on = vi.fn();
const removeListener = vi.fn();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (exposed[key] = value) },
  ipcRenderer: { invoke, on, removeListener },
}));

describe('preload', () => {
  it('exposes window.api built from the contract, and nothing else', async () => {
    await import('../../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['api']);
    const api = exposed.api as Record<string, Record<string, (i?: unknown) => Promise<unknown>> | unknown>;
    const domains = new Set(methodNames.map((n) => n.split('.')[0]));
    expect(new Set(Object.keys(api))).toEqual(new Set([...domains, 'on']));
    for (const name of methodNames) {
      const [d, v] = [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)];
      expect(typeof (api[d] as Record<string, unknown>)[v], name).toBe('function');
    }
    const settings = api.settings as Record<string, (i?: unknown) => Promise<unknown>>;
    await settings.update({ theme: 'dark' });
    expect(invoke).toHaveBeenLastCalledWith('settings.update', { theme: 'dark' });
    await settings.get();
    expect(invoke).toHaveBeenLastCalledWith('settings.get', {});
  });

  it('subscribes only to contract events, and unsubscribes', async () => {
    const api = exposed.api as { on(e: string, l: (p: unknown) => void): () => void };
    expect(() => api.on('anything.else', () => {})).toThrow(/Unknown event/);
    const seen: unknown[] = [];
    const off = api.on(eventNames[0], (p) => seen.push(p));
    const handler = on.mock.calls.at(-1)![1] as (e: unknown, name: string, p: unknown) => void;
    handler({}, eventNames[0], 42);
    handler({}, 'other', 43);
    expect(seen).toEqual([42]);
    off();
    expect(removeListener).toHaveBeenCalledWith('hookbench:event', handler);
  });
});
