import { useMemo, useState } from 'react';
import { Download } from 'lucide-react';
import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { CodeEditor, type CodeLanguage } from '../../../components/CodeEditor';
import { CopyButton, Segmented } from '../../../components/controls';
import { formatBytes } from '../../../lib/format';
import { base64ToBytes, bodyKind, formFields, hexDump, prettyJson, prettyXml } from '../request-format';

type Mode = 'pretty' | 'form' | 'text' | 'hex';

export function BodyTab({ r }: { r: RequestDetail }) {
  const [showDecoded, setShowDecoded] = useState(true);
  const body = r.decodedBody && showDecoded ? r.decodedBody : r.body;
  const kind = bodyKind(body, r.contentType);
  const modes: { value: Mode; label: string }[] = [];
  if (kind === 'json' || kind === 'xml')
    modes.push({ value: 'pretty', label: kind === 'json' ? 'Pretty JSON' : 'Pretty XML' });
  if (kind === 'form') modes.push({ value: 'form', label: 'Form fields' });
  if (body.text !== null && kind !== 'empty') modes.push({ value: 'text', label: 'Text' });
  if (kind !== 'empty') modes.push({ value: 'hex', label: 'Hex' });
  const [picked, setPicked] = useState<Mode | null>(null);
  const mode = picked && modes.some((m) => m.value === picked) ? picked : (modes[0]?.value ?? 'text');

  const view = useMemo((): { text: string; language: CodeLanguage } => {
    if (mode === 'hex') return { text: hexDump(base64ToBytes(body.base64)), language: 'text' };
    if (mode === 'pretty' && kind === 'json') return { text: prettyJson(body.text ?? ''), language: 'json' };
    if (mode === 'pretty' && kind === 'xml') return { text: prettyXml(body.text ?? ''), language: 'xml' };
    return { text: body.text ?? '', language: 'text' };
  }, [mode, kind, body]);

  // A decoded preview that stops early is never offered as the whole body: download the bytes as received.
  const saved = body !== r.body && r.decodedTruncated ? r.body : body;
  const download = () => {
    const bytes = base64ToBytes(saved.base64);
    const url = URL.createObjectURL(
      new Blob([bytes as BlobPart], { type: r.contentType ?? 'application/octet-stream' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `request-${r.id}-body${saved === r.body && r.contentEncoding ? `.${r.contentEncoding}` : ''}.bin`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="body-tab">
      <div className="tab-toolbar">
        {modes.length > 0 && (
          <Segmented label="Body view" value={mode} options={modes} onChange={(m) => setPicked(m as Mode)} />
        )}
        {r.contentEncoding && (
          <Segmented
            label="Encoding"
            value={showDecoded && r.decodedBody ? 'decoded' : 'raw'}
            onChange={(v) => setShowDecoded(v === 'decoded')}
            options={[
              { value: 'decoded', label: `Decoded` },
              { value: 'raw', label: `As received (${r.contentEncoding})` },
            ]}
            disabled={!r.decodedBody}
          />
        )}
        <span className="spacer" />
        <span className="small muted">
          {formatBytes(body.size)}
          {body.text === null && body.size > 0 && ' · binary'}
        </span>
        {body.text !== null && body.size > 0 && <CopyButton text={body.text} label="Copy body" />}
        {body.size > 0 && (
          <button
            type="button"
            className="icon-button"
            aria-label="Download body"
            title="Download body"
            onClick={download}
          >
            <Download size={14} />
          </button>
        )}
      </div>
      {body !== r.body && r.decodedTruncated && (
        <div className="inline-banner">
          Showing the first {formatBytes(body.size)} of the decoded body; it is larger. Download gives the body as
          received ({r.contentEncoding}, {formatBytes(r.body.size)}).
        </div>
      )}
      {r.decodeError && (
        <div className="inline-banner warn">
          Could not decode the {r.contentEncoding} body: {r.decodeError}
        </div>
      )}
      {kind === 'empty' ? (
        <div className="empty-body muted">This request has no body.</div>
      ) : mode === 'form' ? (
        <FormTable text={body.text ?? ''} />
      ) : (
        <div className="code-fill">
          <CodeEditor
            value={view.text}
            language={view.language}
            readOnly
            ariaLabel="Request body"
            lineWrapping={mode !== 'hex'}
            minHeight={120}
          />
        </div>
      )}
    </div>
  );
}

function FormTable({ text }: { text: string }) {
  const fields = formFields(text);
  return (
    <table className="table headers-table" aria-label="Form fields">
      <thead>
        <tr>
          <th>Field</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {fields.map(([k, v], i) => (
          <tr key={i}>
            <td className="mono header-name">{k}</td>
            <td className="mono break">{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
