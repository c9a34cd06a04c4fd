// First: every stylesheet, in its fixed order (styles/all-styles.ts).
import './styles/all-styles';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { areaById } from './areas/registry';
import { openInboxFromHash } from './areas/inbox/InboxScreen';
import { getToken, hostKind } from './lib/api';
import { useStore } from './store';

// The Inbox's first page is the first thing it shows: ask for it now, not after the first render.
if (useStore.getState().area === 'inbox' && (hostKind === 'electron' || getToken())) openInboxFromHash();
// Any other area shown first: fetch its code now, alongside the first render.
void areaById(useStore.getState().area).preload?.();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
