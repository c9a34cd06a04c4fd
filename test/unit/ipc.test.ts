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

const APP = 'app://hookbench/index.html';
/** Built per call, not at import, so each test (and each mutant) runs the construction too. */
const trusted = (url: string) => createTrustedUrlCheck()(url);
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
    expect(await call({ senderFrame: top(APP) }, { theme: 'dark' })).toMatchObject({ ok: true, data: { theme: 'dark' } });
    expect(await call({ senderFrame: top(APP) }, { theme: 'dark', evil: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    expect(await call({ senderFrame: top('https://evil.example/') }, { theme: 'light' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'This call did not come from the Hookbench window.' },
    });
    expect(await call({ senderFrame: { url: APP, parent: top(APP) } }, { theme: 'light' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await call({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await core.call('settings.get')).theme).toBe('dark');
    await core.close();
  });

  it('trusts only the app page on app://hookbench or the dev server origin', () => {
    const dev = createTrustedUrlCheck('http://localhost:5173/');
    expect(dev('http://localhost:5173/#/inbox')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
    expect(trusted(`${APP}#/settings`)).toBe(true);
    expect(trusted('app://hookbench/')).toBe(true);
    // The app on file:// (the old way), another app:// host, another page of the app, credentials.
    for (const bad of [
      'file:///opt/hookbench/out/renderer/index.html',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://hookbench/api/openapi.json',
      'app://hookbench.evil/index.html',
      'app://user@hookbench/index.html',
      'http://localhost:5173/',
      'not a url',
    ]) {
      expect(trusted(bad), bad).toBe(false);
    }
    // Not a suffix or prefix match: another page or a longer name is not the app.
    expect(trusted('app://hookbench/index.html.html')).toBe(false);
    expect(trusted('app://hookbench/x/index.html')).toBe(false);
    expect(trusted('app://hookbench/index.html?x=1')).toBe(true);
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
