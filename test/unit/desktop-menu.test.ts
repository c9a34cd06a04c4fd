import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../src/main/menu';
import {
  APP_COMMANDS,
  acceleratorMatches,
  commandForKey,
  formatAccelerator,
  type AppCommandId,
} from '../../src/shared/commands';
import { events } from '../../src/shared/contract';

function template(platform: NodeJS.Platform, isDev = false) {
  const calls: string[] = [];
  const actions: MenuActions = {
    command: (id) => calls.push(id),
    openReadme: () => calls.push('readme'),
    revealDataFolder: () => calls.push('data'),
    openApiReference: () => calls.push('api'),
  };
  return { menu: buildMenuTemplate({ platform, isDev, appName: 'Hookbench', actions }), calls };
}

const submenu = (m: MenuItemConstructorOptions[], label: string) => {
  const top = m.find(
    (t) => t.label?.replace('&', '') === label || (label === 'Window' && t.role === 'windowMenu'),
  );
  if (!top) throw new Error(`no ${label} menu`);
  return (top.submenu ?? []) as MenuItemConstructorOptions[];
};
const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role).filter(Boolean);
const flat = (m: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] =>
  m.flatMap((i) => [i, ...flat((Array.isArray(i.submenu) ? i.submenu : []) as MenuItemConstructorOptions[])]);
const click = (i: MenuItemConstructorOptions) => (i.click as unknown as () => void)();

describe('application menu', () => {
  for (const platform of ['win32', 'linux', 'darwin'] as const) {
    it(`has the standard roles and the app's commands on ${platform}`, () => {
      const { menu, calls } = template(platform);
      const labels = menu.map((m) => m.label?.replace('&', '') ?? m.role);
      expect(labels).toEqual([
        ...(platform === 'darwin' ? ['Hookbench'] : []),
        'File',
        'Edit',
        'View',
        'Go',
        platform === 'darwin' ? 'windowMenu' : 'Window',
        'Help',
      ]);
      expect(roles(submenu(menu, 'Edit'))).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']),
      );
      expect(roles(submenu(menu, 'View'))).toEqual([
        'reload',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        'togglefullscreen',
      ]);
      const all = flat(menu);
      // Quit is reachable on every OS; devtools are not in a release build.
      expect(all.some((i) => i.role === 'quit')).toBe(true);
      expect(all.some((i) => i.role === 'toggleDevTools' || i.role === 'forceReload')).toBe(false);
      // Every command is in the menu exactly once, with its accelerator, and runs itself.
      for (const c of APP_COMMANDS) {
        const items = all.filter((i) => i.id === `cmd:${c.id}`);
        expect(items, c.id).toHaveLength(1);
        expect(items[0]!.accelerator ?? null, c.id).toBe(c.accelerator);
        click(items[0]!);
      }
      expect(calls).toEqual(APP_COMMANDS.map((c) => c.id));
      // Help: about, README, data folder, OpenAPI.
      const help = submenu(menu, 'Help');
      for (const id of ['help:readme', 'help:data', 'help:api']) click(help.find((i) => i.id === id)!);
      expect(calls.slice(-3)).toEqual(['readme', 'data', 'api']);
      expect(all.filter((i) => i.id === 'cmd:app.about')).toHaveLength(1);
    });
  }

  it('adds the developer tools in development only', () => {
    const view = submenu(template('linux', true).menu, 'View');
    expect(roles(view)).toContain('toggleDevTools');
    expect(roles(view)).toContain('forceReload');
  });

  it('switches areas with Ctrl/Cmd+1…5 and gives no two commands one shortcut', () => {
    const go = submenu(template('linux').menu, 'Go');
    expect(go.map((i) => i.accelerator)).toEqual([
      'CmdOrCtrl+1',
      'CmdOrCtrl+2',
      'CmdOrCtrl+3',
      'CmdOrCtrl+4',
      'CmdOrCtrl+5',
    ]);
    const accels = APP_COMMANDS.map((c) => c.accelerator).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });
});

describe('command shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
  ) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  });
  it('maps keys to commands per platform', () => {
    expect(commandForKey(key('1', { ctrlKey: true }), false)).toBe<AppCommandId>('area.inbox');
    expect(commandForKey(key('1', { metaKey: true }), true)).toBe('area.inbox');
    expect(commandForKey(key('1', { metaKey: true }), false)).toBeNull();
    expect(commandForKey(key('1', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(commandForKey(key('F', { ctrlKey: true }), false)).toBe('list.find');
    expect(commandForKey(key(',', { metaKey: true }), true)).toBe('area.settings');
    expect(commandForKey(key('n'), false)).toBeNull();
    expect(acceleratorMatches('CmdOrCtrl+Shift+K', key('K', { ctrlKey: true, shiftKey: true }), false)).toBe(
      true,
    );
  });
  it('reads shortcuts the way each OS writes them', () => {
    expect(formatAccelerator('CmdOrCtrl+1', true)).toBe('⌘1');
    expect(formatAccelerator('CmdOrCtrl+Shift+n', false)).toBe('Ctrl+Shift+N');
  });
  it('the app.command event carries exactly the command ids', () => {
    for (const c of APP_COMMANDS)
      expect(events['app.command'].safeParse({ command: c.id }).success).toBe(true);
    expect(events['app.command'].safeParse({ command: 'rm -rf' }).success).toBe(false);
  });
});
