import { useEffect } from 'react';
import { Inbox } from 'lucide-react';
import type { Endpoint } from '../../../../shared/dispatcher';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
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
 * After an endpoint is created at one of Hookbench's own inboxes, that inbox starts verifying
 * the endpoint's signatures (when it verifies nothing yet), so the first delivery already shows
 * "valid" in the Inbox.
 */
export async function linkLocalInbox(endpoint: Endpoint, secret: string): Promise<void> {
  const s = useStore.getState();
  const base = s.receiver?.http?.baseUrl;
  if (!base || !endpoint.url.startsWith(`${base}/`)) return;
  const slug = endpoint.url.slice(base.length + 1).split(/[/?#]/)[0];
  const inbox = s.inboxes.find((i) => i.slug === slug);
  if (!inbox || inbox.verify) return;
  try {
    await api.inboxes.update({
      slug,
      verify: {
        scheme: endpoint.signing.scheme,
        secrets: [secret],
        ...(endpoint.signing.custom ? { custom: endpoint.signing.custom } : {}),
      },
    });
    s.notify('info', `Inbox “${inbox.name}” now verifies this endpoint's signatures.`);
  } catch (err) {
    s.notify('error', `Could not set up verification on inbox “${inbox.name}”: ${errorMessage(err)}`);
  }
}

/**
 * After an endpoint's secret rotates, the local inbox it delivers to (checking the same scheme)
 * follows it: the new secret goes first and the ones it had stay as older secrets, so deliveries
 * signed before the rotation still verify ("matched an older secret") instead of turning invalid.
 */
export async function followRotation(endpoint: Endpoint, secret: string): Promise<void> {
  // The Endpoints screen may not have loaded the receiver or the inboxes yet.
  if (!useStore.getState().receiver) await useStore.getState().loadReceiver();
  await useStore.getState().loadInboxes();
  const s = useStore.getState();
  const base = s.receiver?.http?.baseUrl;
  if (!base || !endpoint.url.startsWith(`${base}/`)) return;
  const slug = endpoint.url.slice(base.length + 1).split(/[/?#]/)[0];
  const inbox = s.inboxes.find((i) => i.slug === slug);
  if (!inbox?.verify || inbox.verify.scheme !== endpoint.signing.scheme || inbox.verify.secrets.includes(secret)) return;
  try {
    await api.inboxes.update({
      slug,
      verify: { ...inbox.verify, secrets: [secret, ...inbox.verify.secrets].slice(0, 10) },
    });
    s.notify('info', `Inbox “${inbox.name}” now verifies with the new secret; its earlier secrets still count as older ones.`);
  } catch (err) {
    s.notify('error', `Inbox “${inbox.name}” still checks the old secret: ${errorMessage(err)}`);
  }
}
