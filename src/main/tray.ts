import { Menu, nativeImage, Tray } from 'electron';
import type { Core } from '../core';
import type { Logger } from '../core/util/logger';
import type { Settings } from '../shared/contract';
import type { ReceiverStatus } from '../shared/receiver';
import { newRequestsIn, trayMenuModel, trayTooltip } from './tray-model';

export interface TrayController {
  /** True while the tray icon is shown: closing the window then keeps Hookbench running. */
  active(): boolean;
  onEvent(event: string, payload: unknown): void;
  /** The user looked at the window: the new-request count starts again. */
  seen(): void;
  destroy(): void;
}

interface TrayOptions {
  core: Core;
  iconFile: string;
  isWindowFocused: () => boolean;
  onOpen: () => void;
  onQuit: () => void;
  logger: Logger;
}

/** The optional tray icon, shown while Settings → "Show Hookbench in the tray" is on. */
export function createTray(opts: TrayOptions): TrayController {
  let tray: Tray | null = null;
  let status: ReceiverStatus | null = null;
  let fresh = 0;
  let timer: NodeJS.Timeout | null = null;
  /** Counts change with every batch of captured requests: the menu is rebuilt at most once a second. */
  const renderSoon = () => {
    timer ??= setTimeout(() => {
      timer = null;
      render();
    }, 1000);
  };

  const render = () => {
    if (!tray) return;
    const items = trayMenuModel(status, fresh);
    tray.setToolTip(trayTooltip(status, fresh));
    if (process.platform === 'darwin') tray.setTitle(fresh > 0 ? String(Math.min(fresh, 9999)) : '');
    tray.setContextMenu(
      Menu.buildFromTemplate(
        items.flatMap((i) => [
          ...(i.id === 'open' ? [{ type: 'separator' as const }] : []),
          {
            id: i.id,
            label: i.label,
            enabled: i.enabled,
            click:
              i.id === 'open'
                ? opts.onOpen
                : i.id === 'quit'
                  ? opts.onQuit
                  : i.id === 'pause'
                    ? togglePause
                    : undefined,
          },
        ]),
      ),
    );
  };

  const togglePause = () => {
    void opts.core.invoke('receiver.pause', { paused: !status?.paused }).then((r) => {
      if (!r.ok) opts.logger.warn(`tray: ${r.error.message}`);
    });
  };

  const apply = (enabled: boolean) => {
    if (enabled && !tray) {
      const image = nativeImage.createFromPath(opts.iconFile);
      if (image.isEmpty()) {
        opts.logger.warn(`tray icon missing at ${opts.iconFile}`);
        return;
      }
      if (process.platform === 'darwin') image.setTemplateImage(true);
      tray = new Tray(image);
      tray.on('click', opts.onOpen);
      void opts.core.invoke('receiver.status', {}).then((r) => {
        if (r.ok) status = r.data as ReceiverStatus;
        render();
      });
      render();
    } else if (!enabled && tray) {
      tray.destroy();
      tray = null;
    }
  };

  void opts.core.invoke('settings.get', {}).then((r) => r.ok && apply((r.data as Settings).trayIcon));

  return {
    active: () => tray !== null,
    onEvent(event, payload) {
      if (event === 'settings.changed') return apply((payload as Settings).trayIcon);
      if (!tray) return;
      if (event === 'receiver.changed') {
        status = payload as ReceiverStatus;
        render();
      }
      const n = newRequestsIn(event, payload);
      if (n > 0 && !opts.isWindowFocused()) {
        fresh += n;
        renderSoon();
      }
    },
    seen() {
      if (fresh === 0) return;
      fresh = 0;
      render();
    },
    destroy() {
      if (timer) clearTimeout(timer);
      tray?.destroy();
      tray = null;
    },
  };
}
