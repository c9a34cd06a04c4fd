import { useEffect, useState, type ReactNode } from 'react';
import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { CopyButton } from '../../../components/controls';
import { api } from '../../../lib/api';
import { formatBytes, formatDuration } from '../../../lib/format';
import { useStore } from '../../../store';
import { StatusBadge } from '../badges';
import { HeadersTable } from './HeadersTab';
import { openRequest } from './ForwardsTab';
import { openDelivery } from '../../overview/DeliveryPanel';

/** "Open delivery" when a delivery of this Hookbench has the id the request carried; nothing otherwise. */
function DeliveryLink({ deliveryId }: { deliveryId: string }) {
  const [found, setFound] = useState<{ id: string; endpointName: string } | null>(null);
  useEffect(() => {
    let live = true;
    setFound(null);
    // Null when it is not one of this Hookbench's deliveries (or it was deleted): no link.
    api.deliveries
      .find({ id: deliveryId })
      .then(({ delivery: d }) => live && setFound(d && { id: d.id, endpointName: d.endpointName }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [deliveryId]);
  if (!found || found.id !== deliveryId) return null;
  return (
    <>
      {' · '}
      <button
        type="button"
        className="link-button"
        onClick={() => openDelivery(found.id)}
        title={`The delivery Hookbench sent to the endpoint "${found.endpointName}"`}
      >
        Open delivery
      </button>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

export function OverviewTab({ r, baseUrl }: { r: RequestDetail; baseUrl: string }) {
  const rules = useStore((s) => s.inboxes.find((i) => i.slug === r.inbox)?.rules);
  const rule = r.response.ruleId ? rules?.find((x) => x.id === r.response.ruleId) : null;
  const fullUrl = `${r.tls ? baseUrl.replace(/^http:/, 'https:') : baseUrl}${r.url}`;
  const received = new Date(r.receivedAt);
  const answer =
    r.response.kind === 'hang'
      ? 'Never answered (hang): the client waited until it gave up.'
      : r.response.kind === 'drop'
        ? 'Connection dropped without an answer.'
        : null;

  return (
    <div className="overview">
      <section>
        <h3>Request</h3>
        <dl className="facts">
          <Fact label="URL">
            <span className="mono break">{fullUrl}</span> <CopyButton text={fullUrl} label="Copy URL" />
          </Fact>
          <Fact label="Method">{r.method}</Fact>
          {r.forwardedFrom && (
            <Fact label="Forwarded from">
              <button
                type="button"
                className="link-button"
                onClick={() => openRequest(r.forwardedFrom!.inbox, r.forwardedFrom!.requestId)}
              >
                request #{r.forwardedFrom.number} in {r.forwardedFrom.inbox}
              </button>
            </Fact>
          )}
          {r.forwards.length > 0 && (
            <Fact label="Forwarded">
              {r.forwards.length} time{r.forwards.length === 1 ? '' : 's'}
              {r.forwards
                .filter((f) => f.capturedAs)
                .slice(-3)
                .map((f) => (
                  <span key={f.id}>
                    {' · '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => openRequest(f.capturedAs!.inbox, f.capturedAs!.id)}
                    >
                      captured as #{f.capturedAs!.number} in {f.capturedAs!.inbox}
                    </button>
                  </span>
                ))}
            </Fact>
          )}
          <Fact label="Received">
            {received.toLocaleString()} <span className="faint">· {received.toISOString()}</span>
          </Fact>
          <Fact label="From">
            <span className="mono">
              {r.remoteAddress}
              {r.remotePort !== null && `:${r.remotePort}`}
            </span>
          </Fact>
          <Fact label="Protocol">
            HTTP/{r.httpVersion}{' '}
            {r.tls ? <span className="badge badge-ok">TLS</span> : <span className="badge">plain HTTP</span>}
          </Fact>
          <Fact label="Content type">
            {r.contentType ? (
              <span className="mono">{r.contentType}</span>
            ) : (
              <span className="faint">none</span>
            )}
          </Fact>
          <Fact label="Body size">
            {formatBytes(r.body.size)} <span className="faint">({r.body.size.toLocaleString()} bytes)</span>
            {r.contentEncoding && (
              <>
                {' '}
                · <span className="mono">{r.contentEncoding}</span>
                {r.decodedBody && <span className="faint"> → {r.decodedTruncated ? 'more than ' : ''}{formatBytes(r.decodedBody.size)} decoded</span>}
              </>
            )}
          </Fact>
          <Fact label="Body read in">{formatDuration(r.bodyReadMs)}</Fact>
          {r.deliveryId && (
            <Fact label="Delivery id">
              <span className="mono">{r.deliveryId}</span>
              <DeliveryLink deliveryId={r.deliveryId} />
              {r.duplicateOf !== null && (
                <span className="badge badge-warn">duplicate of #{r.duplicateOfNumber ?? r.duplicateOf}</span>
              )}
            </Fact>
          )}
        </dl>
      </section>
      <section>
        <h3>Answer it got</h3>
        <dl className="facts">
          <Fact label="Status">
            <StatusBadge kind={r.response.kind} status={r.response.status} />{' '}
            {answer && <span className="muted">{answer}</span>}
          </Fact>
          <Fact label="From">
            {r.response.ruleId ? (
              <>
                Rule <strong>{rule?.name || r.response.ruleId}</strong>
                {r.response.step && (
                  <span>
                    , step {r.response.step.step} of {r.response.step.of}
                  </span>
                )}
                {!rule && <span className="faint"> (since changed or removed)</span>}
              </>
            ) : (
              'The inbox default answer'
            )}
          </Fact>
          {r.response.delayMs > 0 && <Fact label="Delay">{formatDuration(r.response.delayMs)}</Fact>}
        </dl>
        {r.response.kind !== 'hang' && r.response.kind !== 'drop' && (
          <div className="answer-box">
            <HeadersTable headers={r.response.headers} compact />
            {r.response.body && <pre className="answer-body mono" tabIndex={0} role="region" aria-label="Answer body">{r.response.body}</pre>}
          </div>
        )}
      </section>
    </div>
  );
}
