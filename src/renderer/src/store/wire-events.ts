import { api, onConnectionChange } from '../lib/api';
import { wireInboxEvents } from './inbox-slice';
import { wireDispatchEvents } from './dispatch-slice';
import { wireRunsEvents } from './runs-slice';
import { areaFromHash } from './ui-slice';
import { useStore } from '.';

/** Feeds host events into the store through actions named for what happened. */
export function wireEvents(): () => void {
  const s = () => useStore.getState();
  const offs = [
    api.on('settings.changed', (next) => s().settingsChanged(next)),
    onConnectionChange((state) => s().connectionChanged(state)),
    ...wireDispatchEvents(s),
    ...wireInboxEvents(s),
    ...wireRunsEvents(s),
  ];
  const onHash = () => useStore.setState({ area: areaFromHash(window.location.hash) });
  window.addEventListener('popstate', onHash);
  offs.push(() => window.removeEventListener('popstate', onHash));
  return () => offs.forEach((off) => off());
}
