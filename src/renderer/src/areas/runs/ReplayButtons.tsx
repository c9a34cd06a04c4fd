import { Repeat } from 'lucide-react';
import { useStore } from '../../store';
import { activeQuery } from '../../store/inbox-slice';

/** "Replay…" in the inbox header: every captured request matching the inbox's current filter. */
export function ReplayInboxButton() {
  const slug = useStore((s) => s.inboxSlug);
  const total = useStore((s) => s.requestsTotal);
  const query = useStore((s) => s.requestQuery);
  if (!slug || total === 0) return null;
  const filtered = activeQuery(query) !== undefined;
  return (
    <button
      type="button"
      className="button"
      title={filtered ? 'Replay every request matching the filter' : 'Replay every request of this inbox'}
      onClick={() =>
        useStore.getState().openReplay({
          source: {
            type: 'requests',
            inbox: slug,
            query: activeQuery(query),
            limit: Math.min(Math.max(total, 1), 100_000),
          },
          label: `${filtered ? 'the' : 'all'} ${total.toLocaleString()} ${filtered ? 'matching ' : ''}request${total === 1 ? '' : 's'} of /${slug}/`,
          hasEndpoints: false,
        })
      }
    >
      <Repeat size={15} /> Replay…
    </button>
  );
}

/** "Replay…" for one captured request (a run of one, compared with its answer). */
export function ReplayRequestButton({ id, number }: { id: number; number?: number }) {
  return (
    <button
      type="button"
      className="button small"
      onClick={() =>
        useStore.getState().openReplay({
          source: { type: 'requests', ids: [id] },
          label: `request #${number ?? id}`,
          hasEndpoints: false,
        })
      }
    >
      <Repeat size={13} /> Replay…
    </button>
  );
}
