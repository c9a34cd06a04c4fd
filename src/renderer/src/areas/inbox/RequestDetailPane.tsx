import { useState } from 'react';
import { DropdownMenu, Tabs } from 'radix-ui';
import { ChevronDown, Download, MousePointerClick, Send, Terminal, Trash2 } from 'lucide-react';
import { copyText, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { activeQuery } from '../../store/inbox-slice';
import { confirmDestructive } from '../../components/confirm';
import { BodyTab } from './detail/BodyTab';
import { ForwardsTab } from './detail/ForwardsTab';
import { HeadersTab } from './detail/HeadersTab';
import { OverviewTab } from './detail/OverviewTab';
import { QueryTab } from './detail/QueryTab';
import { RawTab } from './detail/RawTab';
import { SignatureTab } from './detail/SignatureTab';
import { EmptyInbox } from './EmptyInbox';
import { ForwardDialog } from './ForwardDialog';
import { ReplayRequestButton } from '../runs/ReplayButtons';
import { exportRequests } from './RequestPane';
import { MethodBadge, repeatKind, SignatureBadge, StatusBadge } from './badges';
import {
  base64ToBytes,
  curlBodyFile,
  curlBodyMode,
  curlCommand,
  headerValue,
  withWholeBody,
  queryParams,
} from './request-format';
import { errorMessage } from '../../lib/api-error';
import { downloadBytes, fetchWholeBody, hostStreamsDownloads } from '../../lib/download';
import type { SettingsTab } from './settings/InboxSettingsDialog';
import './detail/detail.css';

type DetailTab = 'overview' | 'query' | 'headers' | 'body' | 'raw' | 'signature' | 'forwards';

export function RequestDetailPane({ onOpenSettings }: { onOpenSettings(tab: SettingsTab): void }) {
  const detail = useStore((s) => s.detail);
  const error = useStore((s) => s.detailError);
  const selected = useStore((s) => s.selectedRequestId);
  const empty = useStore((s) => s.requestsTotal === 0 && !s.requestsLoading && !activeQuery(s.requestQuery));
  const baseUrl = useStore((s) => s.receiver?.baseUrls[0] ?? 'http://127.0.0.1:7780');
  const timeFormat = useStore((s) => s.settings?.timeFormat ?? 'relative');
  const [tab, setTab] = useState<DetailTab>('overview');
  const [forwarding, setForwarding] = useState(false);
  const earlierStatus = useStore((s) => {
    const d = s.detail;
    if (!d || d.duplicateOf === null) return undefined;
    return s.requests.find((x) => x.id === d.duplicateOf)?.answer.status;
  });

  if (empty && selected === null) return <section className="detail-pane">{<EmptyInbox />}</section>;
  if (selected === null)
    return (
      <section className="detail-pane">
        <div className="empty-state">
          <MousePointerClick size={32} />
          <h2>Select a request</h2>
          <p>
            Pick a request in the list to see its headers, body, signature and the answer it got. Use{' '}
            <kbd>↑</kbd> <kbd>↓</kbd> to move and <kbd>Delete</kbd> to delete.
          </p>
        </div>
      </section>
    );
  if (error)
    return (
      <section className="detail-pane">
        <div className="empty-state">
          <p className="field-error">{error}</p>
        </div>
      </section>
    );
  if (!detail)
    return (
      <section className="detail-pane" aria-busy="true">
        <div className="empty-state muted">Loading…</div>
      </section>
    );

  const r = detail;
  const copyCurl = async () => {
    // A body larger than the preview: the browser host streams the whole one, so the command
    // carries every byte (the desktop window's command points to the Body tab's download).
    let whole = r;
    if (r.bodyTruncated && hostStreamsDownloads) {
      try {
        whole = withWholeBody(r, await fetchWholeBody(r.id));
      } catch (err) {
        useStore.getState().notify('error', errorMessage(err));
        return;
      }
    }
    const ok = await copyText(curlCommand(whole, baseUrl));
    const viaFile = curlBodyMode(whole) === 'file';
    useStore
      .getState()
      .notify(
        ok ? 'success' : 'error',
        !ok
          ? 'Could not copy: the clipboard is not available here.'
          : viaFile
            ? `Copied as cURL. The body is ${r.body.text === null ? 'binary' : 'large'}: the command writes it to ${curlBodyFile(r)} first, then sends that file.`
            : 'Copied as cURL',
      );
  };
  const remove = async () => {
    if (await confirmDestructive(`Delete request #${r.number}?`))
      await useStore.getState().deleteRequests([r.id]);
  };

  return (
    <section className="detail-pane" aria-label="Request detail">
      <header className="detail-head">
        <div className="detail-title">
          <MethodBadge method={r.method} />
          <h2 className="mono" title={r.url}>
            {r.path}
            {r.query && <span className="faint">?{r.query}</span>}
          </h2>
        </div>
        <div className="detail-sub small muted">
          <span title={`Request ${r.number} of this inbox (id ${r.id})`}>#{r.number}</span>
          <span title={new Date(r.receivedAt).toISOString()}>{formatTime(r.receivedAt, timeFormat)}</span>
          <span>from {r.remoteAddress}</span>
          <StatusBadge kind={r.response.kind} status={r.response.status} />
          <SignatureBadge
            status={r.signature.status}
            scheme={r.signature.scheme}
            reason={r.signature.reason}
          />
          {r.duplicateOf !== null && (
            <button
              type="button"
              className={`badge ${repeatKind(earlierStatus) === 'retry' ? 'badge-muted' : 'badge-warn'} link-badge`}
              onClick={() => useStore.getState().selectRequest(r.duplicateOf)}
            >
              {repeatKind(earlierStatus) === 'retry' ? 'retry of' : 'duplicate of'} #{r.duplicateOfNumber ?? r.duplicateOf}
            </button>
          )}
        </div>
        <div className="detail-actions">
          <button type="button" className="button small" onClick={() => void copyCurl()}>
            <Terminal size={13} /> Copy as cURL
          </button>
          <button type="button" className="button small" onClick={() => setForwarding(true)}>
            <Send size={13} /> Forward…
          </button>
          <ReplayRequestButton id={r.id} number={r.number} />
          <DropdownMenu.Root modal={false}>
            <DropdownMenu.Trigger asChild>
              <button type="button" className="button small">
                <Download size={13} /> Export <ChevronDown size={12} />
              </button>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
                <DropdownMenu.Item
                  className="menu-item"
                  onSelect={() => void exportRequests({ ids: [r.id] }, 'har')}
                >
                  As HAR
                </DropdownMenu.Item>
                <DropdownMenu.Item
                  className="menu-item"
                  onSelect={() => void exportRequests({ ids: [r.id] }, 'json')}
                >
                  As JSON
                </DropdownMenu.Item>
                <DropdownMenu.Item
                  className="menu-item"
                  disabled={r.body.size === 0}
                  onSelect={() =>
                    downloadBytes(
                      curlBodyFile(r),
                      headerValue(r.headers, 'content-type') ?? 'application/octet-stream',
                      base64ToBytes(r.body.base64),
                    )
                  }
                >
                  Save body (exact bytes)
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
          <button
            type="button"
            className="icon-button danger"
            aria-label="Delete request"
            title="Delete (Del)"
            onClick={() => void remove()}
          >
            <Trash2 size={15} />
          </button>
        </div>
      </header>
      <Tabs.Root className="detail-tabs" value={tab} onValueChange={(v) => setTab(v as DetailTab)}>
        <Tabs.List className="tabs-list" aria-label="Request views">
          <Tabs.Trigger className="tab" value="overview">
            Overview
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="query">
            Query {r.query && <span className="tab-count">{queryParams(r.query).length}</span>}
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="headers">
            Headers <span className="tab-count">{r.headers.length}</span>
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="body">
            Body
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="raw">
            Raw
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="signature">
            Signature {r.signature.status === 'invalid' && <span className="tab-dot err" />}
            {r.signature.status === 'valid' && <span className="tab-dot ok" />}
          </Tabs.Trigger>
          <Tabs.Trigger className="tab" value="forwards">
            Forwards {r.forwards.length > 0 && <span className="tab-count">{r.forwards.length}</span>}
          </Tabs.Trigger>
        </Tabs.List>
        <div className="tab-body">
          <Tabs.Content value="overview" className="tab-panel">
            <OverviewTab r={r} baseUrl={baseUrl} />
          </Tabs.Content>
          <Tabs.Content value="query" className="tab-panel">
            <QueryTab r={r} />
          </Tabs.Content>
          <Tabs.Content value="headers" className="tab-panel">
            <HeadersTab headers={r.headers} />
          </Tabs.Content>
          <Tabs.Content value="body" className="tab-panel tab-panel-fill">
            <BodyTab r={r} />
          </Tabs.Content>
          <Tabs.Content value="raw" className="tab-panel tab-panel-fill">
            <RawTab r={r} />
          </Tabs.Content>
          <Tabs.Content value="signature" className="tab-panel">
            <SignatureTab r={r} onSetUp={() => onOpenSettings('verification')} />
          </Tabs.Content>
          <Tabs.Content value="forwards" className="tab-panel">
            <ForwardsTab r={r} onForward={() => setForwarding(true)} />
          </Tabs.Content>
        </div>
      </Tabs.Root>
      {forwarding && (
        <ForwardDialog r={r} onClose={() => setForwarding(false)} onSent={() => setTab('forwards')} />
      )}
    </section>
  );
}
