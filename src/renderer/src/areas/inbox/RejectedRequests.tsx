import { useCallback, useEffect, useState } from 'react';
import { Dialog } from 'radix-ui';
import { ShieldAlert, X } from 'lucide-react';
import type { RejectedRequest } from '../../../../shared/receiver-requests';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { formatTime } from '../../lib/format';
import { useStore } from '../../store';
import './rejected.css';

/**
 * "N refused": the requests the receiver refused for this inbox (too large, store failure) and
 * those that named no inbox or could not be parsed, since the receiver started. They were never
 * stored, so they are not in the list; this says why.
 */
export function RejectedRequests({ slug }: { slug: string }) {
  const [items, setItems] = useState<RejectedRequest[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const timeFormat = useStore((s) => s.settings?.timeFormat ?? 'relative');

  const load = useCallback(async () => {
    try {
      const res = await api.requests.rejected({ inbox: slug, limit: 200 });
      setItems(res.items);
      setTotal(res.total);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [slug]);

  useEffect(() => {
    void load();
    return api.on('requests.rejected', (p) => {
      if (p.items.some((r) => r.inbox === slug || r.inbox === null)) void load();
    });
  }, [load, slug]);

  if (total === 0) return null;
  return (
    <Dialog.Root onOpenChange={(o) => o && void load()}>
      <Dialog.Trigger asChild>
        <button
          type="button"
          className="button ghost small rejected-button"
          title="Requests the receiver refused (not stored): too large, unknown inbox, malformed"
        >
          <ShieldAlert size={12} /> {total} refused
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog rejected-dialog" aria-describedby="rejected-desc">
          <Dialog.Title asChild>
            <h2>Refused requests</h2>
          </Dialog.Title>
          <p id="rejected-desc" className="small muted">
            Requests to <span className="mono">/{slug}/</span> the receiver refused, and requests that named no inbox or
            could not be read, since it started (the last 500 are kept). They were answered with the status shown and
            not stored.
          </p>
          {error && <p className="field-error">{error}</p>}
          <div className="rejected-scroll" role="region" aria-label="Refused requests" tabIndex={0}>
            <table className="table headers-table compact">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Answer</th>
                  <th>Request</th>
                  <th>Why</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap" title={new Date(r.at).toISOString()}>
                      {formatTime(r.at, timeFormat)}
                    </td>
                    <td>
                      {r.status === null ? (
                        <span className="badge badge-muted">cut</span>
                      ) : (
                        <span className="badge badge-err">{r.status}</span>
                      )}
                    </td>
                    <td className="mono break">
                      {r.method ?? '?'} {r.target ?? '(unreadable)'}
                      <div className="faint small rejected-from">
                        from {r.remoteAddress || 'unknown'}
                        {r.inbox === null && ' · no inbox'}
                      </div>
                    </td>
                    <td className="rejected-reason">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Dialog.Close asChild>
            <button type="button" className="icon-button dialog-close" aria-label="Close">
              <X size={16} />
            </button>
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
