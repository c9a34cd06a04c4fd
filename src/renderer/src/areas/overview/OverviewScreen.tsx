import { useEffect, useState } from 'react';
import type { StatsWindowName } from '../../../../shared/monitoring';
import { api } from '../../lib/api';
import { useStore } from '../../store';
import { RefreshButton, Segmented } from '../../components/controls';
import { AlertsPanel } from './AlertsPanel';
import { DeliveryPanel } from './DeliveryPanel';
import { InboxPanel } from './InboxPanel';
import { useLive } from './use-live';
import './overview.css';

type WindowChoice = StatsWindowName | 'custom';
type Tab = 'deliveries' | 'inboxes' | 'alerts';

const WINDOWS: { value: WindowChoice; label: string }[] = [
  { value: '15m', label: '15 min' },
  { value: '1h', label: '1 h' },
  { value: '24h', label: '24 h' },
  { value: '7d', label: '7 d' },
  { value: 'custom', label: 'Custom' },
];

/** datetime-local value (local time) for ms. */
const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** Health at a glance: deliveries and inboxes over a window, and alerts. */
export function OverviewScreen() {
  const endpoints = useStore((s) => s.endpoints);
  const inboxes = useStore((s) => s.inboxes);
  const [tab, setTab] = useState<Tab>(() => (/^#\/overview\/(inboxes|alerts)/.exec(window.location.hash)?.[1] as Tab) ?? 'deliveries');
  const [win, setWin] = useState<WindowChoice>('1h');
  const [from, setFrom] = useState(() => toLocalInput(Date.now() - 3 * 3600_000));
  const [to, setTo] = useState(() => toLocalInput(Date.now()));
  const [endpointId, setEndpointId] = useState('');
  const [topic, setTopic] = useState('');
  const [topicQuery, setTopicQuery] = useState('');
  const [inbox, setInbox] = useState('');

  useEffect(() => {
    const s = useStore.getState();
    if (!s.endpointsLoaded) void s.loadEndpoints();
    if (!s.inboxesLoaded) void s.loadInboxes();
  }, []);
  useEffect(() => {
    window.history.replaceState(null, '', tab === 'deliveries' ? '#/overview' : `#/overview/${tab}`);
  }, [tab]);
  useEffect(() => {
    const t = setTimeout(() => setTopicQuery(topic.trim()), 400);
    return () => clearTimeout(t);
  }, [topic]);

  const customFrom = new Date(from).getTime();
  const customTo = new Date(to).getTime();
  const customOk = Number.isFinite(customFrom) && Number.isFinite(customTo) && customFrom < customTo;
  const windowInput = win === 'custom' ? (customOk ? { from: customFrom, to: customTo } : { window: '1h' as const }) : { window: win };
  const live = win === 'custom' ? null : win === '15m' || win === '1h' ? 15_000 : 60_000;

  const deliveries = useLive(
    () => api.stats.overview({ ...windowInput, endpointId: endpointId || undefined, topic: topicQuery || undefined }),
    `d|${JSON.stringify(windowInput)}|${endpointId}|${topicQuery}`,
    live,
  );
  const requests = useLive(
    () => api.stats.inbox({ ...windowInput, slug: inbox || undefined }),
    `i|${JSON.stringify(windowInput)}|${inbox}`,
    live,
  );
  const current = tab === 'inboxes' ? requests : deliveries;

  return (
    <div className="area ov-area">
      <header className="area-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">Delivery and inbox health over time{live ? ', live' : ''}: outcomes, latency, failures and alerts.</p>
        </div>
        <div className="area-actions">
          <Segmented<Tab>
            label="Overview section"
            value={tab}
            onChange={setTab}
            options={[
              { value: 'deliveries', label: 'Deliveries' },
              { value: 'inboxes', label: 'Inboxes' },
              { value: 'alerts', label: 'Alerts' },
            ]}
          />
          <RefreshButton onClick={() => current.reload()} />
        </div>
      </header>
      {tab !== 'alerts' && (
        <div className="ov-filters">
          <Segmented<WindowChoice> label="Time window" value={win} onChange={setWin} options={WINDOWS} />
          {win === 'custom' && (
            <>
              <label className="ov-filter">
                <span>From</span>
                <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
              </label>
              <label className="ov-filter">
                <span>To</span>
                <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
              </label>
              {!customOk && <span className="ov-error-text small">From must be before To.</span>}
            </>
          )}
          {tab === 'deliveries' ? (
            <>
              <label className="ov-filter">
                <span>Endpoint</span>
                <select value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
                  <option value="">All endpoints</option>
                  {endpoints.map((e) => (
                    <option key={e.id} value={e.id}>
                      {e.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="ov-filter">
                <span>Topic</span>
                <input value={topic} onChange={(e) => setTopic(e.target.value)} placeholder="Any topic" />
              </label>
            </>
          ) : (
            <label className="ov-filter">
              <span>Inbox</span>
              <select value={inbox} onChange={(e) => setInbox(e.target.value)}>
                <option value="">All inboxes</option>
                {inboxes.map((i) => (
                  <option key={i.slug} value={i.slug}>
                    {i.name || i.slug}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <div className="area-body">
        {tab === 'alerts' ? (
          <AlertsPanel />
        ) : current.error ? (
          <div className="banner banner-error">{current.error}</div>
        ) : tab === 'deliveries' ? (
          deliveries.data ? <DeliveryPanel stats={deliveries.data} /> : <p className="muted">Loading…</p>
        ) : requests.data ? (
          <InboxPanel stats={requests.data} />
        ) : (
          <p className="muted">Loading…</p>
        )}
      </div>
    </div>
  );
}
