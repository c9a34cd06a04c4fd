import { useMemo, useState } from 'react';
import { Dialog } from 'radix-ui';
import { FlaskConical } from 'lucide-react';
import type { CatalogEntry } from '../../../../shared/catalog';
import type { Endpoint } from '../../../../shared/dispatcher';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { DialogFrame } from '../../components/DialogFrame';

/** Catalog topics an endpoint's topic list matches ("transfer.*", "*"), then its typed topics. */
export function topicsFor(ep: Endpoint, catalog: CatalogEntry[]): string[] {
  const out = new Set<string>();
  for (const t of ep.topics) {
    if (t === '*') catalog.forEach((c) => out.add(c.topic));
    else if (t.endsWith('.*'))
      catalog.filter((c) => c.topic.startsWith(t.slice(0, -1))).forEach((c) => out.add(c.topic));
    else out.add(t);
  }
  return [...out];
}

/** "Send test event": choose one of the endpoint's event types and send its sample to this endpoint only. */
export function TestEventDialog(props: { endpoint: Endpoint | null; onClose(): void }) {
  const ep = props.endpoint;
  const catalog = useStore((s) => s.catalog);
  const topics = useMemo(() => (ep ? topicsFor(ep, catalog) : []), [ep, catalog]);
  const [topic, setTopic] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!ep) return null;
  const chosen = topic ?? topics[0] ?? '';
  const entry = catalog.find((c) => c.topic === chosen);
  const s = useStore.getState;

  const send = async () => {
    setBusy(true);
    try {
      const res = await api.events.send({ topic: chosen, endpointIds: [ep.id] });
      s().notify(
        'success',
        `Test event ${chosen} queued for “${ep.name}”${ep.state === 'paused' ? ' (held while paused)' : ''}.`,
      );
      s().setDeliveryFilter({ endpointId: ep.id });
      props.onClose();
      s().navigate('deliveries');
      s().selectDelivery(res.deliveryIds[0] ?? null);
    } catch (err) {
      s().notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame
      onOpenChange={(o) => !o && props.onClose()}
      title={<>Send a test event to “{ep.name}”</>}
      closeButton={false}
      describedBy="test-desc"
    >
      <p id="test-desc" className="muted">
        The event's sample payload is sent to this endpoint only, signed and retried like any delivery.
      </p>
      <label className="field">
        <span>Event type</span>
        <select value={chosen} onChange={(e) => setTopic(e.target.value)}>
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        {entry && (
          <span className="field-hint">
            {entry.sourceLabel} · {entry.description}
          </span>
        )}
      </label>
      <div className="dialog-actions spread">
        <button
          type="button"
          className="button ghost"
          onClick={() => {
            s().setSendIntent({ topic: chosen, endpointIds: [ep.id] });
            props.onClose();
            s().navigate('send');
          }}
        >
          Edit the payload first…
        </button>
        <div className="dialog-actions">
          <Dialog.Close className="button">Cancel</Dialog.Close>
          <button type="button" className="button primary" disabled={busy || !chosen} onClick={send}>
            <FlaskConical size={15} /> Send test event
          </button>
        </div>
      </div>
    </DialogFrame>
  );
}
