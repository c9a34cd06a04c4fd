import type { ForwardRecord } from '../../../../shared/receiver-requests';
import { CodeEditor } from '../../components/CodeEditor';
import { formatBytes, formatDuration } from '../../lib/format';
import { StatusBadge } from './badges';
import { HeadersTable } from './detail/HeadersTab';
import { bodyKind, hexDump, base64ToBytes, prettyJson, prettyXml } from './request-format';
import './detail/detail.css';
import './detail/forwards.css';

/** The downstream answer to a forward: status, headers, body; or why there was none. */
export function ForwardResponse({ record: f }: { record: ForwardRecord }) {
  if (!f.response) {
    return (
      <div className="inline-banner err" role="alert" data-testid="forward-response">
        {f.error ?? 'No answer.'} <span className="faint">({formatDuration(f.durationMs)})</span>
      </div>
    );
  }
  const res = f.response;
  const ct = res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? null;
  const kind = bodyKind(res.body, ct);
  const text =
    kind === 'json'
      ? prettyJson(res.body.text ?? '')
      : kind === 'xml'
        ? prettyXml(res.body.text ?? '')
        : kind === 'binary'
          ? hexDump(base64ToBytes(res.body.base64), 4096)
          : (res.body.text ?? '');
  return (
    <div className="forward-response" data-testid="forward-response">
      <div className="forward-status">
        <StatusBadge kind="respond" status={res.status} />
        <span className="small muted">
          in {formatDuration(f.durationMs)} · {formatBytes(res.body.size)}
          {res.truncated && ' (cut at 1 MiB)'}
        </span>
        {f.error && <span className="small field-error">{f.error}</span>}
      </div>
      <HeadersTable headers={res.headers} compact />
      {kind === 'empty' ? (
        <p className="small faint">Empty body.</p>
      ) : (
        <CodeEditor
          value={text}
          readOnly
          language={kind === 'json' ? 'json' : kind === 'xml' ? 'xml' : 'text'}
          ariaLabel="Downstream response body"
          minHeight={60}
        />
      )}
    </div>
  );
}
