// First: every stylesheet, in its fixed order (styles/all-styles.ts).
import './styles/all-styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { areaById } from './areas/registry';
import { openInboxFromHash } from './areas/inbox/InboxScreen';
import { getToken, hostKind } from './lib/api';
import { useStore } from './store';

// The first page of the list the app opens on is the first thing it shows: ask for it now, not
// after the first render (for Deliveries, not after its code has loaded either).
const first = useStore.getState();
if (hostKind === 'electron' || getToken()) {
  if (first.area === 'inbox') openInboxFromHash();
  else if (first.area === 'deliveries') first.openDeliveries(true);
}
// Any other area shown first: fetch its code now, alongside the first render.
void areaById(first.area).preload?.();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
