import { lazy, type ComponentType } from 'react';
import {
  Activity,
  FileCheck2,
  Inbox,
  ListChecks,
  type LucideIcon,
  Repeat,
  Send,
  Settings,
  Webhook,
} from 'lucide-react';
import type { AreaId } from '../store/ui-slice';
import { InboxScreen } from './inbox/InboxScreen';

/**
 * An area whose code is its own chunk, fetched when it is first shown (or preloaded): the start
 * path holds only the shell and the Inbox. `load` may be called any number of times.
 */
function lazyArea(load: () => Promise<ComponentType>): Pick<AreaDef, 'component' | 'preload'> {
  return { component: lazy(() => load().then((c) => ({ default: c }))), preload: load };
}

export interface AreaDef {
  id: AreaId;
  label: string;
  icon: LucideIcon;
  /** Which group of the navigation it sits in. */
  group: 'receive' | 'send' | 'tools' | 'app';
  /** Rendered inside a Suspense boundary (App.tsx); a lazy area shows an empty area until its code is in. */
  component: ComponentType;
  /** Fetches a lazy area's code (App.tsx: the area shown first at once, the rest when the page is idle). */
  preload?: () => Promise<unknown>;
}

/** The app's areas, in navigation order. */
export const AREAS: AreaDef[] = [
  {
    id: 'overview',
    label: 'Overview',
    icon: Activity,
    group: 'tools',
    ...lazyArea(() => import('./overview/OverviewScreen').then((m) => m.OverviewScreen)),
  },
  {
    id: 'inbox',
    label: 'Inbox',
    icon: Inbox,
    group: 'receive',
    component: InboxScreen,
  },
  {
    id: 'endpoints',
    label: 'Endpoints',
    icon: Webhook,
    group: 'send',
    ...lazyArea(() => import('./endpoints/EndpointsScreen').then((m) => m.EndpointsScreen)),
  },
  {
    id: 'send',
    label: 'Send event',
    icon: Send,
    group: 'send',
    ...lazyArea(() => import('./send/SendScreen').then((m) => m.SendScreen)),
  },
  {
    id: 'deliveries',
    label: 'Deliveries',
    icon: ListChecks,
    group: 'send',
    ...lazyArea(() => import('./deliveries/DeliveriesScreen').then((m) => m.DeliveriesScreen)),
  },
  {
    id: 'runs',
    label: 'Replay runs',
    icon: Repeat,
    group: 'tools',
    ...lazyArea(() => import('./runs/RunsScreen').then((m) => m.RunsScreen)),
  },
  {
    id: 'signatures',
    label: 'Signature lab',
    icon: FileCheck2,
    group: 'tools',
    ...lazyArea(() => import('./signatures/SignatureLab').then((m) => m.SignatureLab)),
  },
  {
    id: 'settings',
    label: 'Settings',
    icon: Settings,
    group: 'app',
    ...lazyArea(() => import('./settings/SettingsScreen').then((m) => m.SettingsScreen)),
  },
];

export const areaById = (id: AreaId): AreaDef => AREAS.find((a) => a.id === id) ?? AREAS[0];

/**
 * Once the page has loaded and is idle, fetches the other areas' code (and `more`) one at a time,
 * so a click in the navigation shows its area at once. Each chunk's evaluation is its own short task.
 */
export function preloadAreasWhenIdle(more: (() => Promise<unknown>)[] = []): void {
  const pending = [...AREAS.flatMap((a) => (a.preload ? [a.preload] : [])), ...more];
  // No timeout: while the page is busy (scrolling a long list), a chunk's evaluation waits, rather
  // than land in the middle of it as a long frame.
  const idle = (fn: () => void) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(fn) : setTimeout(fn, 50);
  const next = () => {
    const load = pending.shift();
    // A preload that fails (the page is leaving, the server restarted) is no error: the area asks
    // for its code again when it is shown.
    if (load)
      void load()
        .catch(() => undefined)
        .finally(() => idle(next));
  };
  const start = () => setTimeout(() => idle(next), 1000);
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}
