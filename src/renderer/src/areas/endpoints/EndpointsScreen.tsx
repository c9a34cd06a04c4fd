import { useEffect, useState } from 'react';
import { Plus, Webhook } from 'lucide-react';
import type { Endpoint } from '../../../../shared/dispatcher';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { EndpointDialog } from './EndpointDialog';
import { EndpointRow } from './EndpointRow';
import { ConfirmDialog, RotateDialog, SecretReveal } from './SecretDialogs';
import { TestEventDialog } from './TestEventDialog';
import { EndpointHealthDialog } from '../overview/EndpointHealthDialog';
import './endpoints.css';
import { RefreshButton } from '../../components/controls';

export type EndpointAction =
  'edit' | 'pause' | 'resume' | 'reactivate' | 'rotate' | 'ping' | 'test' | 'deliveries' | 'delete' | 'health';

export function EndpointsScreen() {
  const endpoints = useStore((s) => s.endpoints);
  const loaded = useStore((s) => s.endpointsLoaded);
  const error = useStore((s) => s.endpointsError);
  const [editing, setEditing] = useState<Endpoint | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [rotating, setRotating] = useState<Endpoint | null>(null);
  const [testing, setTesting] = useState<Endpoint | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [health, setHealth] = useState<Endpoint | null>(null);

  useEffect(() => {
    const s = useStore.getState();
    void s.loadEndpoints();
    if (!s.catalogLoaded) void s.loadCatalog();
  }, []);

  const run = async (ep: Endpoint, action: EndpointAction) => {
    const s = useStore.getState();
    try {
      switch (action) {
        case 'edit':
          setEditing(ep);
          setDialogOpen(true);
          return;
        case 'rotate':
          return setRotating(ep);
        case 'test':
          return setTesting(ep);
        case 'health':
          return setHealth(ep);
        case 'deliveries':
          s.setDeliveryFilter({ endpointId: ep.id });
          s.navigate('deliveries');
          s.selectDelivery(null);
          return;
        case 'delete':
          if (s.settings?.confirmDestructive ?? true) return setDeleting(ep);
          return await remove(ep);
        case 'ping': {
          const res = await api.endpoints.ping({ id: ep.id });
          s.notify(
            'success',
            `Ping sent to “${ep.name}”. Follow it in Deliveries (${res.deliveryIds[0]?.slice(0, 12) ?? ''}…).`,
          );
          return;
        }
        case 'pause':
        case 'resume':
        case 'reactivate': {
          const updated = await api.endpoints[action]({ id: ep.id });
          s.endpointsChanged({
            id: ep.id,
            change: action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'reactivated',
            endpoint: updated,
          });
          s.notify(
            'success',
            action === 'pause'
              ? `“${ep.name}” is paused: deliveries are held, nothing is discarded.`
              : action === 'resume'
                ? `“${ep.name}” resumed: held deliveries are being sent.`
                : `“${ep.name}” is active again.`,
          );
          return;
        }
      }
    } catch (err) {
      s.notify('error', errorMessage(err));
    }
  };

  const remove = async (ep: Endpoint) => {
    const s = useStore.getState();
    try {
      await api.endpoints.delete({ id: ep.id });
      s.endpointsChanged({ id: ep.id, change: 'deleted', endpoint: null });
      s.notify('success', `Deleted “${ep.name}” and its deliveries.`);
    } catch (err) {
      s.notify('error', errorMessage(err));
    }
  };

  const add = () => {
    setEditing(null);
    setDialogOpen(true);
  };

  const counts = { active: 0, paused: 0, disabled: 0 };
  endpoints.forEach((e) => counts[e.state]++);

  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Endpoints</h1>
          <p className="muted">
            {endpoints.length
              ? `${endpoints.length} endpoint${endpoints.length === 1 ? '' : 's'} · ${counts.active} active${counts.paused ? ` · ${counts.paused} paused` : ''}${counts.disabled ? ` · ${counts.disabled} disabled` : ''}`
              : 'Where Hookbench delivers signed webhooks.'}
          </p>
        </div>
        <div className="area-actions">
          <RefreshButton onClick={() => void useStore.getState().loadEndpoints()} />
          <button type="button" className="button primary" onClick={add}>
            <Plus size={16} /> Add endpoint
          </button>
        </div>
      </header>
      {error && <div className="banner banner-error">Could not load endpoints: {error}</div>}
      <div className="area-body">
        {!loaded ? (
          <div className="muted">Loading endpoints…</div>
        ) : endpoints.length === 0 ? (
          <div className="empty-state">
            <Webhook size={40} strokeWidth={1.5} />
            <h2>No endpoints yet</h2>
            <p>
              Add the URL that should receive your webhooks, choose its topics and how it is signed. A local
              inbox of Hookbench's receiver works too.
            </p>
            <button type="button" className="button primary" onClick={add}>
              <Plus size={16} /> Add endpoint
            </button>
          </div>
        ) : (
          <div className="card ep-list" role="list" aria-label="Endpoints">
            <div className="ep-row ep-head" aria-hidden="true">
              <span>Endpoint</span>
              <span>Topics</span>
              <span>Success</span>
              <span>Last status</span>
              <span>Avg response</span>
              <span />
            </div>
            {[...endpoints]
              .sort((a, b) => a.createdAt - b.createdAt)
              .map((ep) => (
                <EndpointRow key={ep.id} endpoint={ep} onAction={(a) => void run(ep, a)} />
              ))}
          </div>
        )}
      </div>
      <EndpointDialog open={dialogOpen} endpoint={editing} onClose={() => setDialogOpen(false)} />
      <SecretReveal />
      {rotating && <RotateDialog endpoint={rotating} onClose={() => setRotating(null)} />}
      {testing && <TestEventDialog endpoint={testing} onClose={() => setTesting(null)} />}
      {health && <EndpointHealthDialog endpoint={health} onClose={() => setHealth(null)} />}
      <ConfirmDialog
        open={!!deleting}
        title={`Delete “${deleting?.name ?? ''}”?`}
        text="The endpoint and all its deliveries and attempts are deleted. Deliveries waiting to be sent are dropped. This cannot be undone."
        action="Delete endpoint"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const ep = deleting;
          setDeleting(null);
          if (ep) void remove(ep);
        }}
      />
    </div>
  );
}
