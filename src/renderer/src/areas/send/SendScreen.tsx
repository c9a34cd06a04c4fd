import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CircleAlert, CircleCheck, RotateCcw, Send } from 'lucide-react';
import type { CatalogEntry } from '../../../../shared/catalog';
import { CodeEditor } from '../../components/CodeEditor';
import { Segmented } from '../../components/controls';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { CatalogPanel } from './CatalogPanel';
import { PreviewPanel } from './PreviewPanel';
import { checkPayload, EXAMPLE_TEMPLATE, isTemplate, sendBody, subscribersOf } from './send-logic';
import { TargetPanel } from './TargetPanel';
import { TemplateHelp } from './TemplateHelp';
import '../endpoints/common.css';
import './send.css';

export function SendScreen() {
  const draft = useStore((s) => s.sendDraft);
  const update = useStore((s) => s.updateSendDraft);
  const endpoints = useStore(useShallow((s) => s.endpoints));
  const catalog = useStore((s) => s.catalog);
  const [sending, setSending] = useState(false);
  const [result, setResult] = useState<
    | { count: number; first: string | null; eventId: string; topic: string; at: number }
    | { error: string; at: number }
    | null
  >(null);

  useEffect(() => {
    const s = useStore.getState();
    void s.loadEndpoints();
    void s.loadCatalog();
  }, []);

  const pick = (e: CatalogEntry) => {
    update({ topic: e.topic, text: e.sample, sample: e.sample, format: e.format });
    setResult(null);
  };

  // Start on the first catalog event, or where another screen asked (Send test event → Edit the payload first).
  useEffect(() => {
    const s = useStore.getState();
    const intent = s.sendIntent;
    if (intent) {
      const entry = catalog.find((c) => c.topic === intent.topic);
      if (intent.topic && (entry || catalog.length)) {
        if (entry) pick(entry);
        else update({ topic: intent.topic, text: '{}', sample: null, format: 'json' });
        if (intent.endpointIds)
          update({ mode: 'chosen', chosen: intent.endpointIds, previewEndpointId: intent.endpointIds[0] });
        s.setSendIntent(null);
      }
    } else if (!draft.topic && catalog.length) pick(catalog[0]);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalog]);

  const targets = useMemo(
    () =>
      draft.mode === 'fanout'
        ? subscribersOf(endpoints, draft.topic)
        : endpoints.filter((e) => draft.chosen.includes(e.id)),
    [draft.mode, draft.chosen, draft.topic, endpoints],
  );
  const previewEndpoint = targets.find((e) => e.id === draft.previewEndpointId) ?? targets[0] ?? null;
  const check = useMemo(() => checkPayload(draft, previewEndpoint), [draft, previewEndpoint]);
  const templated = isTemplate(draft.text);
  const entry = catalog.find((c) => c.topic === draft.topic);
  // A template is not JSON/XML until rendered: keep the highlighting, leave checking to the rendered check below.
  const editorLanguage = draft.format;

  const send = async () => {
    setSending(true);
    setResult(null);
    try {
      const res = await api.events.send({
        topic: draft.topic.trim(),
        ...sendBody(draft),
        ...(draft.mode === 'chosen' ? { endpointIds: draft.chosen } : {}),
      });
      // The result shows next to the Send button (not as a notice that could cover it).
      setResult({
        count: res.deliveryIds.length,
        first: res.deliveryIds[0] ?? null,
        eventId: res.eventId,
        topic: draft.topic.trim(),
        at: Date.now(),
      });
    } catch (err) {
      setResult({ error: errorMessage(err), at: Date.now() });
    } finally {
      setSending(false);
    }
  };

  const canSend =
    !!draft.topic.trim() &&
    check.ok &&
    !sending &&
    (draft.mode === 'fanout' ? targets.length > 0 : draft.chosen.length > 0);

  return (
    <div className="area">
      <header className="area-header">
        <div>
          <h1>Send event</h1>
          <p className="muted">
            Pick an event, shape its payload, and see the exact request before it goes out.
          </p>
        </div>
      </header>
      <div className="send-layout">
        <CatalogPanel selected={draft.topic} onPick={pick} />
        <div className="send-work">
          <section className="send-editor" aria-label="Payload">
            <div className="send-topic-row">
              <label className="field send-topic">
                <span>Topic</span>
                <input
                  className="mono"
                  value={draft.topic}
                  onChange={(e) => update({ topic: e.target.value })}
                  placeholder="file.created"
                  spellCheck={false}
                />
              </label>
              <div className="field">
                <span>Format</span>
                <Segmented
                  label="Payload format"
                  value={draft.format}
                  onChange={(format) => update({ format })}
                  options={[
                    { value: 'json', label: 'JSON' },
                    { value: 'xml', label: 'XML' },
                  ]}
                />
              </div>
            </div>
            {entry && (
              <p className="send-entry muted small">
                <span className="badge">{entry.sourceLabel}</span> {entry.description}
              </p>
            )}
            <div className="send-editor-bar">
              <span className="small muted">{templated ? 'Template' : 'Payload'}</span>
              <div className="send-editor-tools">
                {draft.sample !== null && draft.text !== draft.sample && (
                  <button
                    type="button"
                    className="button small ghost"
                    onClick={() => update({ text: draft.sample ?? '' })}
                  >
                    <RotateCcw size={13} /> Reset to sample
                  </button>
                )}
                <TemplateHelp
                  onExample={() => {
                    const sample = catalog.find(
                      (c) => c.topic === 'transfer_failed' || c.topic === 'transfer_completed',
                    );
                    update({ text: EXAMPLE_TEMPLATE, format: 'json', vars: sample?.sample ?? '{}' });
                  }}
                />
              </div>
            </div>
            <div className="send-code">
              <CodeEditor
                value={draft.text}
                onChange={(text) => update({ text })}
                language={editorLanguage}
                lint={!templated}
                lineWrapping={false}
                ariaLabel="Payload editor"
                minHeight={240}
                placeholder="The payload to send"
              />
            </div>
            <div className={`send-check ${check.ok ? 'ok' : 'bad'}`} role="status" aria-label="Payload check">
              {check.ok ? <CircleCheck size={15} /> : <CircleAlert size={15} />}
              <span>
                {check.ok ? check.summary : check.message}
                {!check.ok && check.line !== undefined && (
                  <span className="faint">
                    {' '}
                    · line {check.line}, column {check.column}
                  </span>
                )}
              </span>
              {check.variables.length > 0 && (
                <span className="send-vars faint small">
                  Uses{' '}
                  {check.variables
                    .map((v) => v.name)
                    .slice(0, 6)
                    .join(', ')}
                  {check.variables.length > 6 ? '…' : ''}
                </span>
              )}
            </div>
            {templated && (
              <div className="send-template-vars">
                <div className="small muted">
                  Template variables (JSON, sent as the event’s payload; its fields are variables too)
                </div>
                <CodeEditor
                  value={draft.vars}
                  onChange={(vars) => update({ vars })}
                  language="json"
                  ariaLabel="Template variables"
                  minHeight={90}
                />
              </div>
            )}
          </section>
          <aside className="send-side">
            <div className="send-side-scroll">
              <TargetPanel draft={draft} endpoints={endpoints} onChange={update} />
              {targets.length > 1 && (
                <label className="field preview-for">
                  <span>Preview for</span>
                  <select
                    value={previewEndpoint?.id ?? ''}
                    onChange={(e) => update({ previewEndpointId: e.target.value })}
                  >
                    {targets.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <PreviewPanel draft={draft} endpointId={previewEndpoint?.id ?? null} valid={check.ok} />
            </div>
            <div className="send-actions">
              {result && 'error' in result && (
                <span className="small send-result send-result-error" role="alert" key={result.at}>
                  <CircleAlert size={14} /> {result.error}
                </span>
              )}
              {result && 'count' in result && (
                <span className="small send-result" role="status" key={result.at}>
                  {result.count ? (
                    <CircleCheck size={14} className="send-result-ok" />
                  ) : (
                    <CircleAlert size={14} className="send-result-warn" />
                  )}{' '}
                  {result.count
                    ? `Queued ${result.count} ${result.count === 1 ? 'delivery' : 'deliveries'} of ${result.topic}. `
                    : `No endpoint subscribes to ${result.topic}: nothing was sent. `}
                  {result.first && (
                    <button
                      type="button"
                      className="dx-link"
                      onClick={() => {
                        const s = useStore.getState();
                        s.setDeliveryFilter({ eventId: result.eventId });
                        s.navigate('deliveries');
                        s.selectDelivery(result.first);
                      }}
                    >
                      View in Deliveries
                    </button>
                  )}
                </span>
              )}
              <button type="button" className="button primary send-button" disabled={!canSend} onClick={send}>
                <Send size={15} />{' '}
                {sending ? 'Sending…' : targets.length > 1 ? `Send to ${targets.length} endpoints` : 'Send'}
              </button>
            </div>
          </aside>
        </div>
      </div>
    </div>
  );
}
