import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_CSP,
  createAppProtocolHandler,
  createTrustedUrlCheck,
  resolveAppRequest,
} from '../../src/main/app-protocol';
import {
  ALLOWED_PERMISSIONS,
  installPermissionHandlers,
  isPermissionAllowed,
} from '../../src/main/permissions';

let root: string;
let rendererDir: string;
beforeAll(() => {
  // A renderer folder with a secret file next to it, which no app:// URL may reach.
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hookbench-protocol-'));
  rendererDir = path.join(root, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Hookbench</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'SECRET');
  fs.mkdirSync(path.join(root, 'renderer-evil'));
  fs.writeFileSync(path.join(root, 'renderer-evil', 'x.js'), 'SECRET');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** Electron's net.fetch for file: URLs, done with fs (what the handler sees is the same Response). */
const fetchFile = async (url: string) => {
  const file = fileURLToPath(url);
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) throw new Error('net::ERR_FILE_NOT_FOUND');
  const type = file.endsWith('.html')
    ? 'text/html'
    : file.endsWith('.js')
      ? 'text/javascript'
      : 'application/octet-stream';
  return new Response(fs.readFileSync(file), { headers: { 'content-type': type } });
};

describe('app:// protocol', () => {
  it('serves the renderer folder, with the page for / and for app routes', async () => {
    const handle = createAppProtocolHandler({
      rendererDir,
      fetchFile,
      openApi: () => ({ openapi: '3.0.3' }),
    });
    const page = await handle(new Request('app://hookbench/'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Hookbench</title>');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const js = await handle(new Request('app://hookbench/assets/index-abc.js?v=1#x'));
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript');
    expect(await js.text()).toBe('console.log(1)');
    expect((await handle(new Request('app://hookbench/inbox'))).status).toBe(200);
    expect((await handle(new Request('app://hookbench/assets/missing.js'))).status).toBe(404);
    const head = await handle(new Request('app://hookbench/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(
      (await handle(new Request('app://hookbench/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(405);
    const api = await handle(new Request('app://hookbench/api/openapi.json'));
    expect(await api.json()).toEqual({ openapi: '3.0.3' });
  });

  it('refuses every path that leaves the renderer folder, and other hosts', async () => {
    const handle = createAppProtocolHandler({ rendererDir, fetchFile, openApi: () => ({}) });
    const attacks = [
      'app://hookbench/../secret.txt',
      'app://hookbench/assets/../../secret.txt',
      'app://hookbench/%2e%2e/secret.txt',
      'app://hookbench/%2E%2E%2Fsecret.txt',
      'app://hookbench/..%2fsecret.txt',
      'app://hookbench/..%5csecret.txt',
      'app://hookbench/assets%5c..%5c..%5csecret.txt',
      'app://hookbench/%2e%2e%2f..%2frenderer-evil/x.js',
      'app://hookbench/..%2frenderer-evil/x.js',
      'app://hookbench//etc/passwd',
      'app://hookbench/%2fetc%2fpasswd',
      'app://hookbench/C:%5cWindows%5cwin.ini',
      'app://hookbench/c:/Windows/win.ini',
      'app://hookbench/index.html%00.js',
      'app://hookbench/%ff%fe',
      `app://hookbench/${'a/'.repeat(3000)}`,
      'app://other/index.html',
      'app://hookbench:8080/index.html',
      'app://user:pw@hookbench/index.html',
      'file:///etc/passwd',
    ];
    for (const url of attacks) {
      const target = resolveAppRequest(rendererDir, url);
      expect(target.kind, url).toBe('error');
      let res: Response;
      try {
        res = await handle(new Request(url));
      } catch {
        continue; // a URL the Request constructor itself refuses never reaches the handler
      }
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text(), url).not.toContain('SECRET');
    }
  });

  it('trusts only the app page for IPC and navigation', () => {
    const trusted = createTrustedUrlCheck();
    expect(trusted('app://hookbench/index.html#/inbox')).toBe(true);
    expect(trusted('app://hookbench/api/openapi.json')).toBe(false);
    expect(trusted('app://hookbench.example/index.html')).toBe(false);
  });
});

describe('permissions', () => {
  const trusted = createTrustedUrlCheck();
  it('denies everything but clipboard writes from the app page', () => {
    expect([...ALLOWED_PERMISSIONS]).toEqual(['clipboard-sanitized-write']);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'app://hookbench/index.html', trusted)).toBe(
      true,
    );
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example/', trusted)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, trusted)).toBe(false);
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'usb',
      'serial',
      'unknown',
      'pointerLock',
    ]) {
      expect(isPermissionAllowed(p, 'app://hookbench/index.html', trusted), p).toBe(false);
    }
  });

  it('installs request, check and device handlers that follow that rule', () => {
    type ReqHandler = (
      wc: { getURL(): string },
      p: string,
      cb: (g: boolean) => void,
      d: { requestingUrl?: string },
    ) => void;
    type CheckHandler = (
      wc: { getURL(): string } | null,
      p: string,
      origin: string,
      d: { requestingUrl?: string },
    ) => boolean;
    let request: ReqHandler | undefined;
    let check: CheckHandler | undefined;
    let device: ((d: unknown) => boolean) | undefined;
    installPermissionHandlers(
      {
        setPermissionRequestHandler: (h) => void (request = h),
        setPermissionCheckHandler: (h) => void (check = h),
        setDevicePermissionHandler: (h) => void (device = h),
      },
      trusted,
    );
    const app = { getURL: () => 'app://hookbench/index.html' };
    const evil = { getURL: () => 'https://evil.example/' };
    const answers: boolean[] = [];
    request!(app, 'media', (g) => answers.push(g), { requestingUrl: 'app://hookbench/index.html' });
    request!(app, 'clipboard-sanitized-write', (g) => answers.push(g), {
      requestingUrl: 'app://hookbench/index.html',
    });
    request!(evil, 'clipboard-sanitized-write', (g) => answers.push(g), {});
    expect(answers).toEqual([false, true, false]);
    expect(check!(app, 'clipboard-sanitized-write', 'app://hookbench', {})).toBe(true);
    expect(check!(app, 'geolocation', 'app://hookbench', {})).toBe(false);
    expect(check!(null, 'clipboard-sanitized-write', 'app://hookbench', {})).toBe(false);
    expect(device!({ deviceType: 'usb' })).toBe(false);
  });
});
