import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The renderer is served from `app://hookbench/`, a privileged standard scheme, instead of
 * `file://`: the page gets a real origin (so `'self'` in the CSP means the app and nothing on
 * disk), and the handler below is the only door to the disk, limited to the renderer folder.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'hookbench';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;
/** The one page the window loads; the IPC sender check trusts this document and nothing else. */
export const APP_PAGE = `${APP_URL}index.html`;
/** The automation API's reference, served read-only from memory (Help menu). */
export const OPENAPI_PATH = '/api/openapi.json';

/** Same policy as the meta tag in src/renderer/index.html, also sent as a header on every page. */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Privileges for protocol.registerSchemesAsPrivileged (before the app is ready). */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  codeCache: true,
  // No bypassCSP, no corsEnabled, no service workers, no streaming: nothing the app needs.
} as const;

export type AppRequestTarget =
  | { kind: 'file'; file: string }
  | { kind: 'openapi' }
  | { kind: 'error'; status: 400 | 403 | 404 | 405; message: string };

const MAX_URL_LENGTH = 4096;

/**
 * Where an app:// request goes. Pure: no disk access. Refuses other hosts, methods other than
 * GET/HEAD, and any path that would leave `rendererDir` (dot segments, encoded or not, backslashes,
 * NUL bytes, drive letters). A path without an extension is the single-page app's index.html.
 */
export function resolveAppRequest(rendererDir: string, rawUrl: string, method = 'GET'): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD')
    return { kind: 'error', status: 405, message: 'Only GET and HEAD.' };
  if (rawUrl.length > MAX_URL_LENGTH) return { kind: 'error', status: 400, message: 'URL too long.' };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { kind: 'error', status: 400, message: 'Not a URL.' };
  }
  if (
    url.protocol !== `${APP_SCHEME}:` ||
    url.host !== APP_HOST ||
    url.username ||
    url.password ||
    url.port
  ) {
    return { kind: 'error', status: 403, message: 'Unknown host.' };
  }
  // The raw path as sent, before the URL parser folded "/a/../b": a dot segment anywhere is refused.
  const rawPath = rawUrl.slice(`${APP_SCHEME}://${APP_HOST}`.length).split(/[?#]/)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
    if (/(^|[/\\])\.\.?([/\\]|$)/.test(decodeURIComponent(rawPath))) throw new Error('dot segment');
  } catch {
    return { kind: 'error', status: 400, message: 'Bad path.' };
  }
  if (
    decoded.includes('\0') ||
    decoded.includes('\\') ||
    /^\/?[a-zA-Z]:/.test(decoded) ||
    decoded.includes('//')
  ) {
    return { kind: 'error', status: 400, message: 'Bad path.' };
  }
  if (decoded === OPENAPI_PATH) return { kind: 'openapi' };
  const relative =
    decoded === '/' || path.posix.extname(decoded) === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, ...relative.split('/'));
  const rel = path.relative(root, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel))
    return { kind: 'error', status: 403, message: 'Outside the app.' };
  return { kind: 'file', file };
}

export interface AppProtocolDeps {
  rendererDir: string;
  /** Electron's net.fetch (reads file: URLs, inside the ASAR too). */
  fetchFile: (fileUrl: string) => Promise<Response>;
  openApi: () => unknown;
}

const plain = (status: number, message: string) =>
  new Response(message, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });

/** The handler for protocol.handle('app', …). */
export function createAppProtocolHandler(deps: AppProtocolDeps): (request: Request) => Promise<Response> {
  return async (request) => {
    const target = resolveAppRequest(deps.rendererDir, request.url, request.method);
    if (target.kind === 'error') return plain(target.status, target.message);
    if (target.kind === 'openapi') {
      return new Response(JSON.stringify(deps.openApi(), null, 2), {
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'",
        },
      });
    }
    let res: Response;
    try {
      res = await deps.fetchFile(pathToFileURL(target.file).href);
    } catch {
      return plain(404, 'Not found.');
    }
    if (!res.ok) return plain(404, 'Not found.');
    const headers = new Headers(res.headers);
    headers.set('content-security-policy', APP_CSP);
    headers.set('x-content-type-options', 'nosniff');
    headers.set('cache-control', 'no-cache');
    return new Response(request.method === 'HEAD' ? null : res.body, { status: 200, headers });
  };
}

/**
 * Trusted documents: the app's page on app://hookbench (any hash), or the dev server's origin
 * (`npm run dev` only). Node's URL gives custom schemes an opaque origin, so scheme, host and path
 * are compared one by one.
 */
export function createTrustedUrlCheck(devServerUrl?: string): (url: string) => boolean {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (raw: string) => {
    try {
      const u = new URL(raw);
      if (devOrigin && u.origin === devOrigin) return true;
      return (
        u.protocol === `${APP_SCHEME}:` &&
        u.host === APP_HOST &&
        !u.username &&
        !u.password &&
        (u.pathname === '/' || u.pathname === '/index.html')
      );
    } catch {
      return false;
    }
  };
}
