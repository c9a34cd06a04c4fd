import type { MenuItemConstructorOptions } from 'electron';
import { APP_COMMANDS, commandById, type AppCommandId } from '../shared/commands';

export interface MenuActions {
  /** Runs an app command in the window (src/shared/commands.ts). */
  command(id: AppCommandId): void;
  openReadme(): void;
  revealDataFolder(): void;
  openApiReference(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development build (`npm run dev` or an unpackaged app): adds the developer tools. */
  isDev: boolean;
  appName: string;
  actions: MenuActions;
}

const item = (id: AppCommandId, actions: MenuActions, label?: string): MenuItemConstructorOptions => {
  const c = commandById(id);
  return {
    id: `cmd:${id}`,
    label: label ?? c.label,
    ...(c.accelerator ? { accelerator: c.accelerator } : {}),
    click: () => actions.command(id),
  };
};

const SEP: MenuItemConstructorOptions = { type: 'separator' };

/**
 * The application menu on every OS, as plain data (Menu.buildFromTemplate turns it into a menu).
 * Pure: the same input gives the same template, which the unit test checks role by role.
 */
export function buildMenuTemplate({
  platform,
  isDev,
  appName,
  actions,
}: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: appName,
      submenu: [
        item('app.about', actions, `About ${appName}`),
        SEP,
        item('area.settings', actions),
        SEP,
        { role: 'services' },
        SEP,
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        SEP,
        { role: 'quit' },
      ],
    });
  }
  template.push({
    label: mac ? 'File' : '&File',
    submenu: [
      item('inbox.new', actions),
      item('send.open', actions),
      ...(mac
        ? [SEP, { role: 'close' } as const]
        : [SEP, item('area.settings', actions), SEP, { role: 'quit' } as const]),
    ],
  });
  template.push({
    label: mac ? 'Edit' : '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      SEP,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(mac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      { role: 'selectAll' },
      SEP,
      item('list.find', actions),
    ],
  });
  template.push({
    label: mac ? 'View' : '&View',
    submenu: [
      { role: 'reload' },
      ...(isDev ? [{ role: 'forceReload' } as const, { role: 'toggleDevTools' } as const] : []),
      SEP,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      SEP,
      { role: 'togglefullscreen' },
    ],
  });
  template.push({
    label: mac ? 'Go' : '&Go',
    submenu: APP_COMMANDS.filter((c) => c.menu === 'go').map((c) => item(c.id, actions)),
  });
  // macOS builds its Window menu (with the list of windows) from the role.
  template.push(
    mac ? { role: 'windowMenu' } : { label: '&Window', submenu: [{ role: 'minimize' }, { role: 'close' }] },
  );
  template.push({
    label: mac ? 'Help' : '&Help',
    role: 'help',
    submenu: [
      ...(mac ? [] : [item('app.about', actions, `About ${appName}`), SEP]),
      { id: 'help:readme', label: `${appName} README`, click: () => actions.openReadme() },
      { id: 'help:data', label: 'Show Data Folder', click: () => actions.revealDataFolder() },
      {
        id: 'help:api',
        label: 'Automation API Reference (OpenAPI)',
        click: () => actions.openApiReference(),
      },
    ],
  });
  return template;
}
