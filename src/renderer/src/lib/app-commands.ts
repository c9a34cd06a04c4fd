import { useEffect } from 'react';
import { commandForKey, type AppCommandId } from '../../../shared/commands';
import { useStore } from '../store';
import type { AreaId } from '../store/ui-slice';
import { api, hostKind } from './api';

/**
 * Runs the app's commands (src/shared/commands.ts) in the UI. In the desktop app they come from
 * the menu (the `app.command` event; the menu owns the shortcuts there); in the browser the same
 * shortcuts are read from the keyboard, except those the browser keeps for itself.
 */
const COMMAND_EVENT = 'hookbench:command';

/** Lets a screen act on a command it owns (e.g. the inbox opens its "New inbox" dialog). */
export function useAppCommand(id: AppCommandId, run: () => void): void {
  useEffect(() => {
    const onCommand = (e: Event) => {
      if ((e as CustomEvent<AppCommandId>).detail === id) run();
    };
    window.addEventListener(COMMAND_EVENT, onCommand);
    return () => window.removeEventListener(COMMAND_EVENT, onCommand);
  }, [id, run]);
}

/** The list's search or filter field of the current screen. */
const FIND_TARGETS = ['[data-find]', 'input[type="search"]', '.dl-filter input'];
const findTarget = (): HTMLInputElement | null => {
  const main = document.querySelector('main');
  for (const sel of FIND_TARGETS) {
    const el = main?.querySelector<HTMLInputElement>(sel);
    if (el) return el;
  }
  return null;
};

export function runAppCommand(id: AppCommandId): void {
  const s = useStore.getState();
  if (id.startsWith('area.')) return s.navigate(id.slice(5) as AreaId);
  switch (id) {
    case 'app.about':
      return s.setAboutOpen(true);
    case 'send.open':
      return s.navigate('send');
    case 'inbox.new':
      s.navigate('inbox');
      // The inbox screen mounts on this frame when it was not shown: let it subscribe first.
      requestAnimationFrame(() => window.dispatchEvent(new CustomEvent(COMMAND_EVENT, { detail: id })));
      return;
    case 'list.find': {
      const el = findTarget();
      el?.focus();
      el?.select?.();
      return;
    }
  }
}

/** Browser shortcuts: Ctrl/Cmd+N and Ctrl/Cmd+1…5 open windows and tabs there, so they stay the browser's. */
const BROWSER_RESERVED = new Set<AppCommandId>([
  'inbox.new',
  'area.inbox',
  'area.endpoints',
  'area.send',
  'area.deliveries',
  'area.signatures',
]);

export function useAppCommands(): void {
  useEffect(() => {
    const offs = [
      api.on('app.command', ({ command }) => runAppCommand(command)),
      api.on('app.fileOpened', ({ fileName }) => {
        const s = useStore.getState();
        s.navigate('runs');
        s.notify('info', `Imported ${fileName}: pick it under Replay runs to replay it against a target.`);
      }),
    ];
    if (hostKind === 'browser') {
      const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
      const onKey = (e: KeyboardEvent) => {
        const id = commandForKey(e, isMac);
        if (!id || BROWSER_RESERVED.has(id)) return;
        if (id === 'list.find' && !findTarget()) return; // the browser's own find, then
        e.preventDefault();
        runAppCommand(id);
      };
      window.addEventListener('keydown', onKey);
      offs.push(() => window.removeEventListener('keydown', onKey));
    }
    return () => offs.forEach((off) => off());
  }, []);
}
