import { describe, expect, it } from 'vitest';
import { isSafeExternalUrl } from '../../src/main/external-url';
import { createTrustedUrlCheck, registerIpcHandlers, type FrameLike, type IpcMainLike } from '../../src/main/ipc';
import { methodNames } from '../../src/shared/contract';
import { startCore } from '../helpers/temp-core';

function fakeIpc() {
  const handlers = new Map<string, (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>>();
  const ipc: IpcMainLike = {
    handle: (c, l) => void handlers.set(c, l),
    removeHandler: (c) => void handlers.delete(c),
  };
  return { ipc, handlers };
}

const APP = '/opt/hookbench/out/renderer/index.html';
/** Built per call, not at import, so each test (and each mutant) runs the construction too. */
const trusted = (url: string) => createTrustedUrlCheck(APP)(url);
const top = (url: string): FrameLike => ({ url, parent: null });

describe('Electron IPC loop', () => {
  it('registers exactly one handler per contract method and removes them', async () => {
    const core = await startCore();
    const { ipc, handlers } = fakeIpc();
    const off = registerIpcHandlers(ipc, core.invoke, trusted);
    expect([...handlers.keys()].sort()).toEqual([...methodNames].sort());
    off();
    expect(handlers.size).toBe(0);
    await core.close();
  });

  it('serves the app frame, parses input, and refuses other frames', async () => {
    const core = await startCore();
    const { ipc, handlers } = fakeIpc();
    registerIpcHandlers(ipc, core.invoke, trusted);
    const call = handlers.get('settings.update')!;
    expect(await call({ senderFrame: top(`file://${APP}`) }, { theme: 'dark' })).toMatchObject({ ok: true, data: { theme: 'dark' } });
    expect(await call({ senderFrame: top(`file://${APP}`) }, { theme: 'dark', evil: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call({ senderFrame: top('https://evil.example/') }, { theme: 'light' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This call did not come from the Hookbench window.' },
    });
    expect(await call({ senderFrame: { url: `file://${APP}`, parent: top(`file://${APP}`) } }, { theme: 'light' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await core.call('settings.get')).theme).toBe('dark');
    await core.close();
  });

  it('trusts only the renderer file or the dev server origin', () => {
    const dev = createTrustedUrlCheck(APP, 'http://localhost:5173/');
    expect(dev('http://localhost:5173/#/inbox')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(trusted(`file://${APP}#/settings`)).toBe(true);
    expect(trusted('file:///etc/passwd')).toBe(false);
    // Not a suffix match: another index.html, or ours under another directory, is not the app.
    expect(trusted('file:///tmp/evil/out/renderer/index.html')).toBe(false);
    expect(trusted(`file://${APP.replace('/opt/', '/opt/x/')}`)).toBe(false);
    expect(trusted(`file://${APP}.html`)).toBe(false);
    expect(trusted(`file://${APP.replace('index.html', 'other.html')}`)).toBe(false);
    expect(trusted(`http://localhost${APP}`)).toBe(false);
    expect(trusted(`file://${APP}?x=1`)).toBe(true);
    // Without a dev server, no http origin is trusted.
    expect(trusted('http://localhost:5173/')).toBe(false);
    expect(createTrustedUrlCheck('C:\\app\\index.html')('file:///C:/app/index.html')).toBe(true);
    expect(trusted('not a url')).toBe(false);
  });
});

describe('external links', () => {
  it('opens only http and https', () => {
    expect(isSafeExternalUrl('https://docs.example.com/x')).toBe(true);
    expect(isSafeExternalUrl('http://127.0.0.1:7780/default/')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'https://user:pw@host/', 'nonsense']) {
      expect(isSafeExternalUrl(bad), bad).toBe(false);
    }
  });
});
