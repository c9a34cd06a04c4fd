import { useCallback, useState } from 'react';
import { useAppCommand } from '../../lib/app-commands';
import { DropdownMenu } from 'radix-ui';
import { Check, ChevronDown, Plus, Settings2, ShieldCheck, Forward } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import { CopyButton } from '../../components/controls';
import { schemeInfo } from '../../../../shared/signing-schemes';
import { useStore } from '../../store';
import { ReplayInboxButton } from '../runs/ReplayButtons';
import { CreateInboxDialog } from './lazy-dialogs';
import { inboxUrl } from './request-format';
import type { SettingsTab } from './settings/InboxSettingsDialog';

export function InboxHeader({ onOpenSettings }: { onOpenSettings(tab?: SettingsTab): void }) {
  const inboxes = useStore(useShallow((s) => s.inboxes));
  const slug = useStore((s) => s.inboxSlug);
  const receiver = useStore((s) => s.receiver);
  const openInbox = useStore((s) => s.openInbox);
  const [creating, setCreating] = useState(false);
  useAppCommand('inbox.new', useCallback(() => setCreating(true), []));
  const inbox = inboxes.find((i) => i.slug === slug);
  const urls = (receiver?.baseUrls.length ? receiver.baseUrls : [undefined]).map((b) =>
    inboxUrl(b, slug ?? 'default'),
  );

  return (
    <header className="area-header inbox-header">
      <div className="inbox-title">
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger asChild>
            <button type="button" className="inbox-switch">
              <h1>{inbox?.name ?? slug ?? 'Inbox'}</h1>
              <span className="badge">{slug}</span>
              <ChevronDown size={16} />
              <span className="sr-only">, switch inbox</span>
            </button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu inbox-menu" align="start" sideOffset={6}>
              <DropdownMenu.Label className="menu-label">Inboxes</DropdownMenu.Label>
              {inboxes.map((i) => (
                <DropdownMenu.Item key={i.slug} className="menu-item" onSelect={() => openInbox(i.slug)}>
                  <span className="menu-check">{i.slug === slug && <Check size={14} />}</span>
                  <span className="menu-main">
                    <span>{i.name}</span>
                    <span className="mono faint small">/{i.slug}/</span>
                  </span>
                  <span className="menu-count">{i.requestCount.toLocaleString()}</span>
                </DropdownMenu.Item>
              ))}
              <DropdownMenu.Separator className="menu-sep" />
              <DropdownMenu.Item className="menu-item" onSelect={() => setCreating(true)}>
                <span className="menu-check">
                  <Plus size={14} />
                </span>
                New inbox…
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
        <div className="inbox-urls">
          <span className="muted small">Send requests to</span>
          {urls.map((u) => (
            <span key={u} className="url-pill">
              <span className="mono" data-testid="inbox-url">
                {u}
              </span>
              <CopyButton text={u} label={`Copy ${u.startsWith('https') ? 'HTTPS ' : ''}inbox URL`} />
            </span>
          ))}
          {receiver && !receiver.running && (
            <span className={`badge ${receiver.paused ? 'badge-warn' : 'badge-err'}`}>
              {receiver.paused ? 'Receiver paused' : `Receiver stopped${receiver.error ? `: ${receiver.error}` : ''}`}
            </span>
          )}
        </div>
      </div>
      <div className="area-actions">
        {inbox?.verify && (
          <button
            type="button"
            className="button ghost small"
            onClick={() => onOpenSettings('verification')}
            title="Signature verification"
          >
            <ShieldCheck size={14} /> {schemeInfo(inbox.verify.scheme).label}
          </button>
        )}
        {inbox?.forwardUrl && (
          <button
            type="button"
            className="button ghost small"
            onClick={() => onOpenSettings('forwarding')}
            title="Auto-forward"
          >
            <Forward size={14} /> <span className="forward-target">{inbox.forwardUrl}</span>
          </button>
        )}
        <ReplayInboxButton />
        <button type="button" className="button" onClick={() => onOpenSettings()}>
          <Settings2 size={16} /> Inbox settings
        </button>
        <button type="button" className="button primary" onClick={() => setCreating(true)}>
          <Plus size={16} /> New inbox
        </button>
      </div>
      {creating && <CreateInboxDialog onClose={() => setCreating(false)} />}
    </header>
  );
}
