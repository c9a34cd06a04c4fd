import { useMemo, useState } from 'react';
import { Download } from 'lucide-react';
import type { RequestDetail } from '../../../../../shared/receiver-requests';
import { CodeEditor, type CodeLanguage } from '../../../components/CodeEditor';
import { CopyButton, Segmented } from '../../../components/controls';
import { formatBytes } from '../../../lib/format';
import { api } from '../../../lib/api';
import { errorMessage } from '../../../lib/api-error';
import { downloadFromHost, hostStreamsDownloads } from '../../../lib/download';
import { useStore } from '../../../store';
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

  const showingDecoded = body !== r.body;
  // What the button saves is always a whole body, never a preview: the headless host streams what
  // is not inlined whole; the desktop window takes a large raw body from requests.export (64 MiB at most).
  const wholeInlined = showingDecoded ? !r.decodedTruncated : !r.bodyTruncated;
  const [busy, setBusy] = useState(false);
  const wholeRawFromExport = async () => {
    setBusy(true);
    try {
      const res = await api.requests.export({ ids: [r.id], format: 'json' });
      const [d] = JSON.parse(res.content) as { body: { base64: string } }[];
      saveBytes(base64ToBytes(d.body.base64), true);
    } catch (err) {
      useStore.getState().notify('error', `Could not download the body: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const fromHost = async (decoded: boolean) => {
    setBusy(true);
    try {
      await downloadFromHost(`/api/requests/${r.id}/body${decoded ? '?decoded=1' : ''}`);
    } catch (err) {
      useStore.getState().notify('error', `Could not download the body: ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  const download = () => {
    if (!wholeInlined && hostStreamsDownloads) return void fromHost(showingDecoded);
    // A decoded preview that stops early is never offered as the whole body: the bytes as received.
    const saved = wholeInlined ? body : r.body;
    if (saved === r.body && r.bodyTruncated) return void wholeRawFromExport();
    saveBytes(base64ToBytes(saved.base64), saved === r.body);
  };
  const saveBytes = (bytes: Uint8Array, asReceived: boolean) => {
    const url = URL.createObjectURL(
      new Blob([bytes as BlobPart], { type: r.contentType ?? 'application/octet-stream' }),
    );
    const a = document.createElement('a');
    a.href = url;
    a.download = `request-${r.id}-body${asReceived && r.contentEncoding ? `.${r.contentEncoding}` : ''}.bin`;
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
            title={
              showingDecoded && (hostStreamsDownloads || !r.decodedTruncated)
                ? 'Download decoded body'
                : 'Download body as received'
            }
            disabled={busy}
            onClick={download}
          >
            <Download size={14} />
          </button>
        )}
      </div>
      {showingDecoded && r.decodedTruncated && (
        <div className="inline-banner">
          Showing the first {formatBytes(body.size)} of the decoded body; it is larger.{' '}
          {hostStreamsDownloads ? (
            <>
              <button type="button" className="link-button" disabled={busy} onClick={() => void fromHost(true)}>
                Download decoded body
              </button>{' '}
              (up to 1 GiB) or the body as received ({r.contentEncoding}, {formatBytes(r.body.size)}).
            </>
          ) : (
            <>
              Download gives the body as received ({r.contentEncoding}, {formatBytes(r.body.size)}).
            </>
          )}
        </div>
      )}
      {!showingDecoded && r.bodyTruncated && (
        <div className="inline-banner">
          Showing the first {formatBytes(inlinedBytes(body.base64))} of{' '}
          {formatBytes(r.body.size)}.{' '}
          {hostStreamsDownloads ? (
            <button type="button" className="link-button" disabled={busy} onClick={() => void fromHost(false)}>
              Download the whole body
            </button>
          ) : (
            <button type="button" className="link-button" disabled={busy} onClick={() => void wholeRawFromExport()}>
              Download the whole body
            </button>
          )}
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

/** How many bytes a base64 string holds. */
const inlinedBytes = (b64: string) =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);

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
