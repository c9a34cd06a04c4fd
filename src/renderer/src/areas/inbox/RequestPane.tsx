import { useEffect, useState } from 'react';
import { DropdownMenu } from 'radix-ui';
import { Download, MoreHorizontal, Search, Trash2, X } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import type { SignatureStatus } from '../../../../shared/signing';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { activeQuery } from '../../store/inbox-slice';
import { confirmDestructive } from '../../components/confirm';
import { WaitingForRequests } from './EmptyInbox';
import { RequestList } from './RequestList';
import { RejectedRequests } from './RejectedRequests';
import { RequestSelectBar, SelectAllTick } from './RequestSelectBar';
import { downloadFromHost, downloadText, hostStreamsDownloads } from '../../lib/download';
import { RefreshButton } from '../../components/controls';
import { PaneResizer } from '../../components/PaneResizer';
import './request-list.css';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

export async function exportRequests(
  input: { ids?: number[]; inbox?: string; query?: ReturnType<typeof activeQuery> },
  format: 'har' | 'json',
) {
  const { notify } = useStore.getState();
  try {
    let res: { count: number };
    if (hostStreamsDownloads) {
      // Streamed by the headless host, entry by entry, with no cap on the bodies it carries.
      const file = await downloadFromHost('/api/requests.export/file', {
        method: 'POST',
        body: { ...input, format, limit: 10_000 },
      });
      res = { count: file.count ?? 0 };
    } else {
      const built = await api.requests.export({ ...input, format, limit: 10_000 });
      downloadText(built.filename, built.mimeType, built.content);
      res = built;
    }
    notify(
      'success',
      `Exported ${res.count.toLocaleString()} request${res.count === 1 ? '' : 's'} as ${format.toUpperCase()}.`,
    );
  } catch (err) {
    notify('error', `Could not export: ${errorMessage(err)}`);
  }
}

export function RequestPane() {
  const slug = useStore((s) => s.inboxSlug);
  const query = useStore(useShallow((s) => s.requestQuery));
  const setQuery = useStore((s) => s.setRequestQuery);
  const total = useStore((s) => s.requestsTotal);
  const count = useStore((s) => s.requests.length);
  const loading = useStore((s) => s.requestsLoading);
  const error = useStore((s) => s.requestsError);
  const decodedSearch = useStore((s) => s.requestsDecodedSearch);
  const connection = useStore((s) => s.connection);
  const [text, setText] = useState(query.text ?? '');
  const filtered = !!activeQuery(query);

  useEffect(() => setText(query.text ?? ''), [slug]); // eslint-disable-line react-hooks/exhaustive-deps

  // Text search is server-side: wait for a pause in typing.
  useEffect(() => {
    if ((query.text ?? '') === text) return;
    const t = setTimeout(() => setQuery({ ...useStore.getState().requestQuery, text }), 250);
    return () => clearTimeout(t);
  }, [text]); // eslint-disable-line react-hooks/exhaustive-deps

  const clear = async () => {
    if (!slug) return;
    if (await confirmDestructive(`Delete every request in the inbox "${slug}"? This cannot be undone.`)) {
      await useStore.getState().clearInbox(slug);
    }
  };

  return (
    <section className="request-pane" aria-label="Requests">
      <PaneResizer id="inbox.list" label="Resize the request list" />
      <div className="filters">
        <div className="search">
          <Search size={14} />
          <input
            type="search"
            aria-label="Search headers and body"
            placeholder="Search path, headers and body…"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <div className="filter-row">
          <select
            aria-label="Method"
            value={query.methods?.[0] ?? ''}
            onChange={(e) => setQuery({ ...query, methods: e.target.value ? [e.target.value] : undefined })}
          >
            <option value="">Any method</option>
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          <select
            aria-label="Signature"
            value={query.signature?.[0] ?? (query.duplicate ? 'duplicate' : '')}
            onChange={(e) => {
              const v = e.target.value;
              setQuery({
                ...query,
                signature: v && v !== 'duplicate' ? [v as SignatureStatus] : undefined,
                duplicate: v === 'duplicate' ? true : undefined,
              });
            }}
          >
            <option value="">Any signature</option>
            <option value="valid">Valid</option>
            <option value="invalid">Invalid</option>
            <option value="unsigned">Unsigned</option>
            <option value="duplicate">Duplicates</option>
          </select>
          <input
            aria-label="Path contains"
            placeholder="/path…"
            className="mono path-filter"
            value={query.path ?? ''}
            onChange={(e) => setQuery({ ...query, path: e.target.value })}
          />
        </div>
      </div>
      <div className="list-bar">
        <SelectAllTick />
        <span className="small muted" aria-live="polite" data-testid="request-count">
          {filtered
            ? `${total.toLocaleString()} matching`
            : `${total.toLocaleString()} request${total === 1 ? '' : 's'}`}
          {count < total && ` · ${count.toLocaleString()} loaded`}
        </span>
        {filtered && (
          <button
            type="button"
            className="button ghost small"
            onClick={() => {
              setText('');
              setQuery({});
            }}
          >
            <X size={12} /> Clear filters
          </button>
        )}
        {slug && <RejectedRequests slug={slug} />}
        <span className="spacer" />
        <span
          className={`live live-${connection}`}
          title={connection === 'open' ? 'New requests appear as they arrive' : 'Reconnecting…'}
        >
          <span className="dot" /> {connection === 'open' ? 'Live' : 'Paused'}
        </span>
        <RefreshButton
          label="Reload requests"
          title="Reload"
          size={14}
          busy={loading}
          onClick={() => void useStore.getState().loadRequests()}
        />
        <DropdownMenu.Root modal={false}>
          <DropdownMenu.Trigger asChild>
            <button type="button" className="icon-button" aria-label="List actions">
              <MoreHorizontal size={16} />
            </button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
              <DropdownMenu.Item
                className="menu-item"
                disabled={!total}
                onSelect={() =>
                  slug && void exportRequests({ inbox: slug, query: activeQuery(query) }, 'har')
                }
              >
                <Download size={14} /> Export {filtered ? 'matching' : 'all'} as HAR
              </DropdownMenu.Item>
              <DropdownMenu.Item
                className="menu-item"
                disabled={!total}
                onSelect={() =>
                  slug && void exportRequests({ inbox: slug, query: activeQuery(query) }, 'json')
                }
              >
                <Download size={14} /> Export {filtered ? 'matching' : 'all'} as JSON
              </DropdownMenu.Item>
              <DropdownMenu.Separator className="menu-sep" />
              <DropdownMenu.Item className="menu-item danger" onSelect={() => void clear()}>
                <Trash2 size={14} /> Clear inbox…
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
      {decodedSearch && !decodedSearch.complete && (
        <p className="inline-banner warn small decoded-partial">
          Compressed bodies: only {decodedSearch.searched.toLocaleString()} of them were searched inside (the newest,
          within the time allowed); older ones match on path and headers only.
        </p>
      )}
      <RequestSelectBar />
      {error ? (
        <div className="list-message">
          <p className="field-error">{error}</p>
          <button
            type="button"
            className="button small"
            onClick={() => void useStore.getState().loadRequests()}
          >
            Try again
          </button>
        </div>
      ) : count === 0 && !loading && !filtered ? (
        <WaitingForRequests />
      ) : count === 0 && !loading ? (
        <div className="list-message muted">No request matches these filters.</div>
      ) : (
        <RequestList />
      )}
    </section>
  );
}
