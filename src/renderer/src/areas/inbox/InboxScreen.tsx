import { useCallback, useEffect, useState } from 'react';
import { Inbox as InboxIcon, Plus } from 'lucide-react';
import { useAppCommand } from '../../lib/app-commands';
import { useStore } from '../../store';
import { CreateInboxDialog, InboxSettingsDialog } from './lazy-dialogs';
import { InboxHeader } from './InboxHeader';
import type { SettingsTab } from './settings/InboxSettingsDialog';
import { RequestDetailPane } from './RequestDetailPane';
import { RequestPane } from './RequestPane';
import './inbox.css';

/** `#/inbox/<slug>/<id>`: the inbox and request a link or a reload opens. */
const parseHash = (): { slug: string | null; id: number | null } => {
  const [, slug, id] = window.location.hash.replace(/^#\/?/, '').split('/');
  return { slug: slug || null, id: id && /^\d+$/.test(id) ? Number(id) : null };
};

/**
 * Opens the inbox (and request) the hash names, which starts loading its first page. main.tsx
 * calls it before the first render, so the page is on its way while the app renders; the mount
 * effect below finds it open already.
 */
export function openInboxFromHash(): void {
  const { slug, id } = parseHash();
  if (slug) useStore.getState().openInbox(slug, id);
}

export function InboxScreen() {
  const inboxSlug = useStore((s) => s.inboxSlug);
  const selected = useStore((s) => s.selectedRequestId);
  const loaded = useStore((s) => s.inboxesLoaded);
  const hasInboxes = useStore((s) => s.inboxes.length > 0);
  const connection = useStore((s) => s.connection);
  const [settingsTab, setSettingsTab] = useState<SettingsTab | null>(null);
  const [creating, setCreating] = useState(false);
  // "New inbox" from the menu: the header's dialog when there are inboxes, this one when there are none.
  useAppCommand(
    'inbox.new',
    useCallback(() => {
      if (useStore.getState().inboxes.length === 0) setCreating(true);
    }, []),
  );

  useEffect(() => {
    const s = useStore.getState();
    openInboxFromHash();
    void s.loadInboxes();
    void s.loadReceiver();
  }, []);

  // After the event stream reconnects, catch up on what it missed.
  useEffect(() => {
    if (connection !== 'open') return;
    const s = useStore.getState();
    if (s.inboxSlug) void s.loadRequests();
    void s.loadInboxes();
    void s.loadReceiver();
  }, [connection]);

  useEffect(() => {
    if (!inboxSlug) return;
    const hash = `#/inbox/${inboxSlug}${selected !== null ? `/${selected}` : ''}`;
    if (window.location.hash !== hash && window.location.hash.startsWith('#/inbox'))
      window.history.replaceState(null, '', hash);
    else if (window.location.hash === '' || window.location.hash === '#/')
      window.history.replaceState(null, '', hash);
  }, [inboxSlug, selected]);

  if (loaded && !hasInboxes) {
    return (
      <div className="area">
        <div className="empty-state">
          <InboxIcon size={40} />
          <h2>No inbox yet</h2>
          <p>Create an inbox to start capturing webhooks.</p>
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            <Plus size={16} /> New inbox
          </button>
          {creating && <CreateInboxDialog onClose={() => setCreating(false)} />}
        </div>
      </div>
    );
  }

  return (
    <div className="area inbox-area">
      <InboxHeader onOpenSettings={(tab) => setSettingsTab(tab ?? 'responses')} />
      <div className="inbox-split">
        <RequestPane />
        <RequestDetailPane onOpenSettings={(tab) => setSettingsTab(tab)} />
      </div>
      {settingsTab && inboxSlug && (
        <InboxSettingsDialog slug={inboxSlug} initialTab={settingsTab} onClose={() => setSettingsTab(null)} />
      )}
    </div>
  );
}
