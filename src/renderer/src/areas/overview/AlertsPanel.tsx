import { useEffect, useState } from 'react';
import { Pencil, Trash2 } from 'lucide-react';
import type { Alert, AlertKind, AlertRule, AlertRuleFields } from '../../../../shared/monitoring';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { Toggle } from '../../components/controls';
import { formatMs } from './chart-data';

const KIND_LABEL: Record<AlertKind, string> = {
  retries_exhausted: 'Retries exhausted',
  failure_rate: 'Failure rate',
  slow_response: 'Slow responses',
  endpoint_disabled: 'Endpoint disabled',
  signature_invalid: 'Invalid signatures (inbox)',
  inbox_error_rate: 'Non-2xx answers (inbox)',
};

const isInboxKind = (k: AlertKind) => k === 'signature_invalid' || k === 'inbox_error_rate';
const isRate = (k: AlertKind) => k === 'failure_rate' || isInboxKind(k);

function condition(r: Pick<AlertRule, 'kind' | 'threshold' | 'windowMinutes' | 'minVolume'>): string {
  const win = r.windowMinutes % 60 === 0 ? `${r.windowMinutes / 60} h` : `${r.windowMinutes} min`;
  if (r.kind === 'endpoint_disabled') return 'while an endpoint is disabled';
  if (r.kind === 'slow_response') return `a response slower than ${formatMs(r.threshold)} in ${win}`;
  if (r.kind === 'retries_exhausted') return `≥ ${Math.max(1, r.threshold)} failed for good in ${win}`;
  return `> ${r.threshold}% in ${win} (min. ${r.minVolume})`;
}

const blank: AlertRuleFields = {
  name: '',
  kind: 'failure_rate',
  enabled: true,
  threshold: 5,
  windowMinutes: 60,
  minVolume: 20,
  scope: {},
  webhookEndpointId: null,
  desktop: true,
};

/** Alert rules (defaults from MFTPlus's advice plus your own) and the alert history. */
export function AlertsPanel() {
  const endpoints = useStore((s) => s.endpoints);
  const inboxes = useStore((s) => s.inboxes);
  const [rules, setRules] = useState<AlertRule[]>([]);
  const [history, setHistory] = useState<Alert[]>([]);
  const [draft, setDraft] = useState<AlertRuleFields & { id?: string }>(blank);
  const [error, setError] = useState<string | null>(null);

  const load = () => {
    void api.alerts['rules.list']().then(setRules, (e: unknown) => setError(errorMessage(e)));
    void api.alerts.list({ limit: 100 }).then(setHistory, (e: unknown) => setError(errorMessage(e)));
  };
  useEffect(() => {
    load();
    const s = useStore.getState();
    if (!s.inboxesLoaded) void s.loadInboxes();
    const offs = [api.on('alerts.fired', load), api.on('alerts.cleared', load)];
    return () => offs.forEach((o) => o());
  }, []);

  const save = async () => {
    setError(null);
    const { id, ...fields } = draft;
    try {
      if (id) await api.alerts['rules.update']({ id, ...fields });
      else await api.alerts['rules.create'](fields);
      setDraft(blank);
      useStore.getState().notify('success', id ? 'Alert rule saved.' : 'Alert rule added.');
      load();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const patch = async (rule: AlertRule, p: Partial<AlertRuleFields>) => {
    try {
      await api.alerts['rules.update']({ id: rule.id, ...p });
      load();
    } catch (e) {
      useStore.getState().notify('error', errorMessage(e));
    }
  };
  const remove = async (rule: AlertRule) => {
    try {
      await api.alerts['rules.delete']({ id: rule.id });
      load();
    } catch (e) {
      useStore.getState().notify('error', errorMessage(e));
    }
  };
  const epName = (id: string | null | undefined) => endpoints.find((e) => e.id === id)?.name ?? id ?? '';
  const scopeText = (r: AlertRule) =>
    r.scope.endpointId ? `Endpoint ${epName(r.scope.endpointId)}` : r.scope.topic ? `Topic ${r.scope.topic}` : r.scope.inbox ? `Inbox ${r.scope.inbox}` : isInboxKind(r.kind) ? 'Every inbox' : 'Every endpoint';
  const set = (p: Partial<AlertRuleFields>) => setDraft((d) => ({ ...d, ...p }));

  return (
    <div className="ov-panel">
      <section className="card ov-table ov-rules" aria-label="Alert rules">
        <h2>Rules</h2>
        <table className="table">
          <thead>
            <tr>
              <th>On</th>
              <th>Rule</th>
              <th>Fires on</th>
              <th>Scope</th>
              <th>Also send to</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <Toggle label={`Rule ${r.name} on`} checked={r.enabled} onChange={(v) => void patch(r, { enabled: v })} />
                </td>
                <td className="ov-name">
                  {r.name} {r.builtin && <span className="badge">default</span>}
                </td>
                <td className="small">{condition(r)}</td>
                <td className="small">{scopeText(r)}</td>
                <td className="small">{r.webhookEndpointId ? epName(r.webhookEndpointId) : <span className="muted">–</span>}</td>
                <td className="ov-row-actions">
                  <button type="button" className="icon-button" aria-label={`Edit rule ${r.name}`} onClick={() => setDraft({ ...r })}>
                    <Pencil size={14} />
                  </button>
                  {!r.builtin && (
                    <button type="button" className="icon-button" aria-label={`Delete rule ${r.name}`} onClick={() => void remove(r)}>
                      <Trash2 size={14} />
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card ov-rule-form" aria-label={draft.id ? 'Edit alert rule' : 'New alert rule'}>
        <h2>{draft.id ? `Edit “${draft.name}”` : 'New rule'}</h2>
        <div className="ov-form-grid">
          <label className="field">
            <span>Name</span>
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Refunds failing" />
          </label>
          <label className="field">
            <span>Kind</span>
            <select
              value={draft.kind}
              disabled={!!draft.id && rules.find((r) => r.id === draft.id)?.builtin}
              onChange={(e) => {
                const kind = e.target.value as AlertKind;
                set({ kind, threshold: kind === 'slow_response' ? 5000 : kind === 'retries_exhausted' ? 1 : 5, scope: {} });
              }}
            >
              {Object.entries(KIND_LABEL).map(([k, l]) => (
                <option key={k} value={k}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          {draft.kind !== 'endpoint_disabled' && (
            <label className="field">
              <span>{isRate(draft.kind) ? 'Threshold (%)' : draft.kind === 'slow_response' ? 'Slower than (ms)' : 'At least (deliveries)'}</span>
              <input type="number" min={0} value={draft.threshold} onChange={(e) => set({ threshold: Number(e.target.value) })} />
            </label>
          )}
          {draft.kind !== 'endpoint_disabled' && (
            <label className="field">
              <span>Window (minutes)</span>
              <input type="number" min={1} value={draft.windowMinutes} onChange={(e) => set({ windowMinutes: Math.round(Number(e.target.value)) })} />
            </label>
          )}
          {isRate(draft.kind) && (
            <label className="field">
              <span>Minimum volume</span>
              <input type="number" min={1} value={draft.minVolume} onChange={(e) => set({ minVolume: Math.round(Number(e.target.value)) })} />
            </label>
          )}
          <label className="field">
            <span>Scope</span>
            <select
              value={draft.scope.endpointId ? `e:${draft.scope.endpointId}` : draft.scope.inbox ? `i:${draft.scope.inbox}` : draft.scope.topic !== undefined ? 't:' : ''}
              onChange={(e) => {
                const v = e.target.value;
                set({ scope: v.startsWith('e:') ? { endpointId: v.slice(2) } : v.startsWith('i:') ? { inbox: v.slice(2) } : v === 't:' ? { topic: draft.scope.topic ?? '' } : {} });
              }}
            >
              <option value="">{isInboxKind(draft.kind) ? 'Every inbox' : 'Every endpoint'}</option>
              {isInboxKind(draft.kind)
                ? inboxes.map((i) => (
                    <option key={i.slug} value={`i:${i.slug}`}>
                      Inbox {i.name || i.slug}
                    </option>
                  ))
                : [
                    ...(draft.kind !== 'endpoint_disabled' ? [<option key="t" value="t:">One topic…</option>] : []),
                    ...endpoints.map((e) => (
                      <option key={e.id} value={`e:${e.id}`}>
                        Endpoint {e.name}
                      </option>
                    )),
                  ]}
            </select>
          </label>
          {draft.scope.topic !== undefined && (
            <label className="field">
              <span>Topic</span>
              <input value={draft.scope.topic} onChange={(e) => set({ scope: { topic: e.target.value } })} placeholder="invoice.paid" />
            </label>
          )}
          <label className="field">
            <span>Also send as a webhook to</span>
            <select value={draft.webhookEndpointId ?? ''} onChange={(e) => set({ webhookEndpointId: e.target.value || null })}>
              <option value="">No webhook</option>
              {endpoints.map((e) => (
                <option key={e.id} value={e.id}>
                  {e.name} ({e.type})
                </option>
              ))}
            </select>
          </label>
          <label className="field ov-inline">
            <Toggle label="Desktop notification" checked={draft.desktop} onChange={(v) => set({ desktop: v })} />
            <span>Desktop notification</span>
          </label>
        </div>
        {error && <p className="ov-error-text">{error}</p>}
        <div className="dialog-actions">
          {draft.id && (
            <button type="button" className="button ghost" onClick={() => setDraft(blank)}>
              Cancel
            </button>
          )}
          <button type="button" className="button primary" onClick={() => void save()} disabled={!draft.name.trim()}>
            {draft.id ? 'Save rule' : 'Add rule'}
          </button>
        </div>
      </section>

      <section className="card ov-table" aria-label="Alert history">
        <h2>History</h2>
        {history.length === 0 ? (
          <p className="muted small">No alert has fired yet.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Fired</th>
                <th>Rule</th>
                <th>What happened</th>
                <th>Cleared</th>
              </tr>
            </thead>
            <tbody>
              {history.map((a) => (
                <tr key={a.id}>
                  <td className="ov-when">{new Date(a.firedAt).toLocaleString()}</td>
                  <td className="ov-name">{a.ruleName}</td>
                  <td className="small">{a.message}</td>
                  <td className="ov-when">
                    {a.clearedAt ? new Date(a.clearedAt).toLocaleString() : <span className="badge badge-err">open</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
