import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { openInboxFromHash } from './areas/inbox/InboxScreen';
import { getToken, hostKind } from './lib/api';
import { useStore } from './store';
import './styles/app.css';

// The Inbox's first page is the first thing it shows: ask for it now, not after the first render.
if (useStore.getState().area === 'inbox' && (hostKind === 'electron' || getToken())) openInboxFromHash();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
