import { methodNames } from '../shared/contract';
import type { Envelope } from '../shared/errors';

/** The parts of Electron's ipcMain and its events this loop uses (so it can be tested in Node). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame: FrameLike | null }, input: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface FrameLike {
  url: string;
  parent: FrameLike | null;
}

export { EVENT_CHANNEL } from '../shared/api';

/**
 * One handler per contract method: checks that the call comes from the app's own top-level
 * frame, then hands the raw input to the core, which parses it with the contract's schema.
 */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  invoke: (method: string, input: unknown) => Promise<Envelope<unknown>>,
  isTrustedUrl: (url: string) => boolean,
): () => void {
  for (const name of methodNames) {
    ipc.handle(name, async (event, input) => {
      const frame = event.senderFrame;
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url)) {
        return { ok: false, error: { code: 'forbidden', message: 'This call did not come from the Hookbench window.' } };
      }
      return invoke(name, input);
    });
  }
  return () => methodNames.forEach((n) => ipc.removeHandler(n));
}

/** Trusted: the built renderer's index.html, or the dev server's origin. */
export function createTrustedUrlCheck(rendererFile: string, devServerUrl?: string): (url: string) => boolean {
  const rendererPath = rendererFile.replace(/\\/g, '/');
  // Stryker disable next-line StringLiteral: WHATWG URL reads file://C:/… (no slash added) as the path /C:/…, so the slash for a Windows path is belt and braces.
  const slash = rendererFile.startsWith('/') ? '' : '/';
  const fileUrl = new URL(`file://${slash}${rendererPath}`).href;
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null;
  return (url: string) => {
    try {
      const u = new URL(url);
      if (devOrigin && u.origin === devOrigin) return true;
      // Stryker disable next-line ConditionalExpression: a URL of another protocol has another origin, and a file: URL's origin is always "null" in Node — the comparison alone decides; both checks say what is meant.
      return u.protocol === 'file:' && `${u.origin === 'null' ? 'file://' : u.origin}${u.pathname}` === fileUrl;
    } catch {
      return false;
    }
  };
}
