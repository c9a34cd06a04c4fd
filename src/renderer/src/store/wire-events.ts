import { api, onConnectionChange } from '../lib/api';
import { wireInboxEvents } from './inbox-slice';
import { wireDispatchEvents } from './dispatch-slice';
import { wireRunsEvents } from './runs-slice';
import { areaFromHash } from './ui-slice';
import { useStore } from '.';

/** Feeds host events into the store through actions named for what happened. */
export function wireEvents(): () => void {
  const s = () => useStore.getState();
  let wasOpen = false;
  const refetchAll = () => {
    const st = s();
    void st.loadInboxes();
    void st.loadReceiver();
    void st.loadRequests();
    void st.loadEndpoints();
    void st.loadDeliveries();
    void st.loadCatalog();
  };
  const offs = [
    api.on('settings.changed', (next) => s().settingsChanged(next)),
    onConnectionChange((state) => {
      // Back after a loss (the server drops a client that falls behind): events were missed, refetch.
      if (state === 'open' && wasOpen) refetchAll();
      if (state === 'open') wasOpen = true;
      s().connectionChanged(state);
    }),
    ...wireDispatchEvents(s),
    ...wireInboxEvents(s),
    ...wireRunsEvents(s),
  ];
  const onHash = () => useStore.setState({ area: areaFromHash(window.location.hash) });
  window.addEventListener('popstate', onHash);
  offs.push(() => window.removeEventListener('popstate', onHash));
  return () => offs.forEach((off) => off());
}
