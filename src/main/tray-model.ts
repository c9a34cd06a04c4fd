import type { ReceiverStatus } from '../shared/receiver';

/**
 * The optional tray icon (Settings → "Show in the tray"): the receiver's URL and state, how many
 * requests arrived since the window was last opened, and Open / Pause or Resume receiver / Quit. Pure, so it is unit-tested;
 * src/main/tray.ts turns it into an Electron Tray.
 */
export interface TrayItem {
  id: string;
  label: string;
  enabled: boolean;
}

export function trayTooltip(status: ReceiverStatus | null, newRequests: number): string {
  const state = !status
    ? 'Hookbench'
    : status.running
      ? `Hookbench: receiving on ${status.baseUrls[0] ?? ''}`
      : status.paused
        ? 'Hookbench: receiver paused'
        : 'Hookbench: receiver stopped';
  return newRequests > 0 ? `${state} (${newRequests} new)` : state;
}

export function trayMenuModel(status: ReceiverStatus | null, newRequests: number): TrayItem[] {
  const items: TrayItem[] = [];
  if (!status) items.push({ id: 'status', label: 'Receiver: starting…', enabled: false });
  else if (status.running) {
    for (const url of status.baseUrls)
      items.push({ id: `url:${url}`, label: `Receiving on ${url}`, enabled: false });
  } else if (status.paused) items.push({ id: 'status', label: 'Receiver paused', enabled: false });
  else
    items.push({
      id: 'status',
      label: `Receiver stopped${status.error ? `: ${status.error}` : ''}`.slice(0, 120),
      enabled: false,
    });
  items.push({
    id: 'new',
    label:
      newRequests === 0
        ? 'No new requests'
        : `${newRequests > 9999 ? '9999+' : newRequests} new request${newRequests === 1 ? '' : 's'}`,
    enabled: false,
  });
  items.push({ id: 'open', label: 'Open Hookbench', enabled: true });
  if (status)
    items.push({ id: 'pause', label: status.paused ? 'Resume Receiver' : 'Pause Receiver', enabled: true });
  items.push({ id: 'quit', label: 'Quit Hookbench', enabled: true });
  return items;
}

/** How many captured requests an event adds to the tray's count. */
export function newRequestsIn(event: string, payload: unknown): number {
  if (event !== 'requests.received') return 0;
  const items = (payload as { items?: unknown[] } | null)?.items;
  return Array.isArray(items) ? items.length : 0;
}
