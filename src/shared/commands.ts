/**
 * The app's commands with their shortcuts: one list for the desktop menu (src/main/menu.ts), the
 * renderer's keyboard handling in the browser host and any command palette. Accelerators use
 * Electron's syntax (`CmdOrCtrl+1` is Cmd+1 on macOS, Ctrl+1 elsewhere).
 */
export const APP_COMMANDS = [
  { id: 'inbox.new', label: 'New Inbox…', accelerator: 'CmdOrCtrl+N', menu: 'file' },
  { id: 'send.open', label: 'Send Event…', accelerator: 'CmdOrCtrl+E', menu: 'file' },
  { id: 'list.find', label: 'Find in List', accelerator: 'CmdOrCtrl+F', menu: 'edit' },
  { id: 'area.inbox', label: 'Inbox', accelerator: 'CmdOrCtrl+1', menu: 'go' },
  { id: 'area.endpoints', label: 'Endpoints', accelerator: 'CmdOrCtrl+2', menu: 'go' },
  { id: 'area.send', label: 'Send Event', accelerator: 'CmdOrCtrl+3', menu: 'go' },
  { id: 'area.deliveries', label: 'Deliveries', accelerator: 'CmdOrCtrl+4', menu: 'go' },
  { id: 'area.signatures', label: 'Signature Lab', accelerator: 'CmdOrCtrl+5', menu: 'go' },
  { id: 'area.settings', label: 'Settings…', accelerator: 'CmdOrCtrl+,', menu: 'app' },
  { id: 'app.about', label: 'About Hookbench', accelerator: null, menu: 'help' },
] as const;

export type AppCommand = (typeof APP_COMMANDS)[number];
export type AppCommandId = AppCommand['id'];
export const APP_COMMAND_IDS = APP_COMMANDS.map((c) => c.id) as [AppCommandId, ...AppCommandId[]];

export const commandById = (id: AppCommandId): AppCommand => APP_COMMANDS.find((c) => c.id === id)!;

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether a keydown matches an accelerator (`CmdOrCtrl+Shift+K` style) on this platform. */
export function acceleratorMatches(accelerator: string, e: KeyLike, isMac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.pop()!.toLowerCase();
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  const wantMeta =
    mods.has('cmd') ||
    mods.has('command') ||
    (isMac && (mods.has('cmdorctrl') || mods.has('commandorcontrol')));
  const wantCtrl =
    mods.has('ctrl') ||
    mods.has('control') ||
    (!isMac && (mods.has('cmdorctrl') || mods.has('commandorcontrol')));
  if (e.metaKey !== wantMeta || e.ctrlKey !== wantCtrl) return false;
  if (e.altKey !== (mods.has('alt') || mods.has('option'))) return false;
  if (e.shiftKey !== mods.has('shift')) return false;
  return e.key.toLowerCase() === key;
}

/** The command a keydown triggers, if any. */
export function commandForKey(e: KeyLike, isMac: boolean): AppCommandId | null {
  for (const c of APP_COMMANDS) if (c.accelerator && acceleratorMatches(c.accelerator, e, isMac)) return c.id;
  return null;
}

/** "CmdOrCtrl+1" as the user reads it: "⌘1" on macOS, "Ctrl+1" elsewhere. */
export function formatAccelerator(accelerator: string, isMac: boolean): string {
  const parts = accelerator.split('+').map((p) => {
    const l = p.toLowerCase();
    if (l === 'cmdorctrl' || l === 'commandorcontrol') return isMac ? '⌘' : 'Ctrl';
    if (l === 'shift') return isMac ? '⇧' : 'Shift';
    if (l === 'alt' || l === 'option') return isMac ? '⌥' : 'Alt';
    return p.length === 1 ? p.toUpperCase() : p;
  });
  return isMac ? parts.join('') : parts.join('+');
}
