import { useEffect, useState } from 'react';
import { ListChecks, X } from 'lucide-react';
import { DeliveryStatus } from '../../../../shared/dispatcher-deliveries';
import { useStore } from '../../store';
import { DeliveryDetail } from './DeliveryDetail';
import { DeliveryList } from './DeliveryList';
import { DeliverySelectBar } from './DeliverySelectBar';
import { DeliveryLogFilters } from './DeliveryLogFilters';
import { STATUS_LABEL } from './delivery-format';
import '../endpoints/common.css';
import './deliveries.css';
import { RefreshButton } from '../../components/controls';
import { PaneResizer } from '../../components/PaneResizer';

export function DeliveriesScreen() {
  const items = useStore((s) => s.deliveries);
  const total = useStore((s) => s.deliveriesTotal);
  const loaded = useStore((s) => s.deliveriesLoaded);
  const error = useStore((s) => s.deliveriesError);
  const filter = useStore((s) => s.deliveryFilter);
  const setFilter = useStore((s) => s.setDeliveryFilter);
  const endpoints = useStore((s) => s.endpoints);
  const catalog = useStore((s) => s.catalog);
  const selected = useStore((s) => s.selectedDeliveryId);
  const select = useStore((s) => s.selectDelivery);
  const [topic, setTopic] = useState(filter.topic ?? '');
  const [checked, setChecked] = useState<Set<string>>(() => new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [anchor, setAnchor] = useState<string | null>(null);
  // A new filter is a new set to choose from.
  useEffect(() => {
    setChecked(new Set());
    setAllMatching(false);
  }, [filter]);

  useEffect(() => {
    const s = useStore.getState();
    s.openDeliveries();
    if (!s.endpointsLoaded) void s.loadEndpoints();
    if (!s.catalogLoaded) void s.loadCatalog();
    const fromHash = /^#\/deliveries\/([^/]+)/.exec(window.location.hash)?.[1];
    if (fromHash && fromHash !== s.selectedDeliveryId) s.selectDelivery(fromHash);
    else if (s.selectedDeliveryId) s.selectDelivery(s.selectedDeliveryId);
  }, []);

  useEffect(() => setTopic(filter.topic ?? ''), [filter.topic]);
  useEffect(() => {
    const t = setTimeout(() => {
      if ((filter.topic ?? '') !== topic.trim()) setFilter({ ...filter, topic: topic.trim() || undefined });
    }, 300);
    return () => clearTimeout(t);
  }, [topic, filter, setFilter]);

  const filtered = !!(
    filter.endpointId ||
    filter.status ||
    filter.topic ||
    filter.eventId ||
    filter.responseStatus !== undefined ||
    filter.since !== undefined ||
    filter.text
  );
  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Deliveries</h1>
          <p className="muted">
            Every delivery and each of its attempts, live: request, response, timing and retries.
          </p>
        </div>
        <div className="area-actions">
          <RefreshButton onClick={() => void useStore.getState().loadDeliveries()} />
        </div>
      </header>
      <div className="dl-filters">
        <label className="dl-filter">
          <span>Endpoint</span>
          <select
            value={filter.endpointId ?? ''}
            onChange={(e) => setFilter({ ...filter, endpointId: e.target.value || undefined })}
          >
            <option value="">All endpoints</option>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label className="dl-filter">
          <span>Status</span>
          <select
            value={filter.status ?? ''}
            onChange={(e) =>
              setFilter({ ...filter, status: (e.target.value || undefined) as typeof filter.status })
            }
          >
            <option value="">Any status</option>
            {DeliveryStatus.options.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="dl-filter">
          <span>Topic</span>
          <input
            className="mono"
            list="delivery-topics"
            placeholder="Any topic"
            value={topic}
            onChange={(e) => setTopic(e.target.value)}
          />
          <datalist id="delivery-topics">
            {[...catalog.map((c) => c.topic), 'webhook.ping'].map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </label>
        <DeliveryLogFilters filter={filter} setFilter={setFilter} />
        {filter.eventId && (
          <span className="badge badge-accent" title="Deliveries of one send">
            event <span className="mono">{filter.eventId}</span>
          </span>
        )}
        {filtered && (
          <button type="button" className="button small ghost" onClick={() => setFilter({})}>
            <X size={13} /> Clear filters
          </button>
        )}
        <span className="dl-count faint small">
          {loaded
            ? `${total.toLocaleString()} ${total === 1 ? 'delivery' : 'deliveries'}${filtered ? ' match' : ''}`
            : ''}
        </span>
      </div>
      {error && <div className="banner banner-error">Could not load deliveries: {error}</div>}
      <div className="dl-layout">
        <div className="dl-pane">
          <PaneResizer id="deliveries.list" label="Resize the delivery list" />
          {!loaded ? (
            <p className="muted pad">Loading deliveries…</p>
          ) : items.length === 0 ? (
            <div className="empty-state">
              <ListChecks size={36} strokeWidth={1.5} />
              <h2>{filtered ? 'No delivery matches' : 'No deliveries yet'}</h2>
              <p>
                {filtered
                  ? 'Change or clear the filters.'
                  : 'Send an event, ping an endpoint or send a test event, and follow it here.'}
              </p>
              {!filtered && (
                <button type="button" className="button" onClick={() => useStore.getState().navigate('send')}>
                  Send an event
                </button>
              )}
            </div>
          ) : (
            <>
              <DeliverySelectBar
                checked={checked}
                allMatching={allMatching}
                loaded={items.map((d) => d.id)}
                total={total}
                filter={filter}
                onChange={(next, all) => {
                  setChecked(next);
                  setAllMatching(all);
                }}
              />
              <DeliveryList
                items={items}
                selected={selected}
                onSelect={select}
                checked={allMatching ? new Set(items.map((d) => d.id)) : checked}
                onCheck={(id, on, range) => {
                  const next = new Set(allMatching ? items.map((d) => d.id) : checked);
                  const from = range && anchor ? items.findIndex((d) => d.id === anchor) : -1;
                  const to = items.findIndex((d) => d.id === id);
                  const span =
                    from >= 0 && to >= 0
                      ? items.slice(Math.min(from, to), Math.max(from, to) + 1).map((d) => d.id)
                      : [id];
                  for (const x of span) {
                    if (on) next.add(x);
                    else next.delete(x);
                  }
                  setAnchor(id);
                  setChecked(next);
                  setAllMatching(false);
                }}
                onMore={
                  items.length < total ? () => void useStore.getState().loadDeliveries(true) : undefined
                }
              />
            </>
          )}
        </div>
        <div className="dl-detail">
          {selected ? (
            <DeliveryDetail id={selected} />
          ) : (
            <div className="empty-state">
              <p>
                Select a delivery to see each attempt: the request exactly as sent, the response, timings and
                the next retry.
              </p>
            </div>
          )}
        </div>
      </div>
    </div>
  );
}
