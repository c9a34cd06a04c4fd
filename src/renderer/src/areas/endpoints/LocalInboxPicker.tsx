import { useEffect } from 'react';
import { Inbox } from 'lucide-react';
import type { InboxLink } from '../../../../shared/dispatcher';
import { inboxSlugAt } from '../../../../shared/inbox-url';
import { useStore } from '../../store';

/**
 * "Send to a local inbox": fills the URL with one of Hookbench's own inboxes, so a new user can
 * watch a delivery arrive, signature and all, without any other server.
 */
export function LocalInboxPicker({ onPick }: { onPick(url: string): void }) {
  const inboxes = useStore((s) => s.inboxes);
  const receiver = useStore((s) => s.receiver);
  useEffect(() => {
    const s = useStore.getState();
    if (!s.inboxesLoaded) void s.loadInboxes();
    if (!s.receiver) void s.loadReceiver();
  }, []);
  const base = receiver?.http?.baseUrl;
  if (!base || inboxes.length === 0) return null;
  return (
    <div className="field-wide local-inbox">
      <Inbox size={14} />
      <span className="muted small">Or deliver to one of Hookbench's inboxes:</span>
      <select
        aria-label="Deliver to a local inbox"
        value=""
        onChange={(e) => e.target.value && onPick(`${base}/${e.target.value}/webhooks`)}
      >
        <option value="">Choose an inbox…</option>
        {inboxes.map((i) => (
          <option key={i.slug} value={i.slug}>
            {i.name} ({base}/{i.slug}/)
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The local inbox a URL delivers to (one of Hookbench's own, by the receiver's address), for the
 * endpoints methods' verifyAtInbox option; null for any other URL.
 */
export function localInboxAt(url: string): string | null {
  const s = useStore.getState();
  const slug = s.receiver ? inboxSlugAt(url.trim(), s.receiver) : null;
  return slug && s.inboxes.some((i) => i.slug === slug) ? slug : null;
}

/** Tells what verifyAtInbox did to the inbox (nothing to say when it already verified the endpoint). */
export function reportInboxLink(link: InboxLink | undefined): void {
  if (!link || (link.result === 'unchanged' && link.message.includes('already'))) return;
  useStore.getState().notify(link.result === 'failed' ? 'error' : 'info', link.message);
}
