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

/** The trusted-URL check lives with the app:// protocol it follows. */
export { createTrustedUrlCheck } from './app-protocol';
