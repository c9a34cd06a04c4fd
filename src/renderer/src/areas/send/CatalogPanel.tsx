import { useMemo, useState } from 'react';
import { ChevronDown, ChevronRight, Pencil, Plus, Search, Trash2 } from 'lucide-react';
import {
  CATALOG_SOURCES,
  searchCatalog,
  SOURCE_LABELS,
  type CatalogEntry,
  type CatalogSource,
} from '../../../../shared/catalog';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { ConfirmDialog } from '../endpoints/SecretDialogs';
import { CustomEventDialog, type CustomEventSeed } from './CustomEventDialog';
import { PaneResizer } from '../../components/PaneResizer';
import './catalog.css';

/** The event catalog, grouped by source product and searchable. */
export function CatalogPanel(props: { selected: string; onPick(entry: CatalogEntry): void }) {
  const catalog = useStore((s) => s.catalog);
  const loaded = useStore((s) => s.catalogLoaded);
  const draft = useStore((s) => s.sendDraft);
  const [dialog, setDialog] = useState<{ seed: CustomEventSeed; editing: CatalogEntry | null } | null>(null);
  const [deleting, setDeleting] = useState<CatalogEntry | null>(null);

  // A new event starts from what is in the editor, under a topic that is not taken yet.
  const startNew = () => {
    const taken = catalog.some((c) => c.topic === draft.topic);
    setDialog({
      seed: {
        topic: taken ? '' : draft.topic,
        description: '',
        format: draft.format,
        sample: draft.text || '{}',
      },
      editing: null,
    });
  };
  const remove = async (entry: CatalogEntry) => {
    try {
      await api.catalog.delete({ topic: entry.topic });
      useStore.getState().notify('success', `Deleted “${entry.topic}” from your events.`);
    } catch (err) {
      useStore.getState().notify('error', errorMessage(err));
    }
  };
  const askRemove = (entry: CatalogEntry) => {
    if (useStore.getState().settings?.confirmDestructive ?? true) setDeleting(entry);
    else void remove(entry);
  };
  const [query, setQuery] = useState('');
  const [collapsed, setCollapsed] = useState<Partial<Record<CatalogSource, boolean>>>({});
  const groups = useMemo(() => {
    const { items } = searchCatalog(catalog, { query });
    return CATALOG_SOURCES.map((source) => ({
      source,
      items: items.filter((e) => e.source === source),
    })).filter((g) => g.items.length);
  }, [catalog, query]);

  return (
    <aside className="send-catalog" aria-label="Event catalog">
      <PaneResizer id="send.catalog" label="Resize the event catalog" />
      <div className="send-catalog-search">
        <div className="search-input">
          <Search size={14} />
          <input
            aria-label="Search events"
            placeholder="Search events"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="button small"
          onClick={startNew}
          title="Add an event type of your own to the catalog"
        >
          <Plus size={14} /> New
        </button>
      </div>
      <div className="send-catalog-list">
        {!loaded && <p className="muted small pad">Loading the catalog…</p>}
        {loaded && groups.length === 0 && (
          <p className="muted small pad">
            No event matches “{query}”. Type any topic above the editor to send it anyway.
          </p>
        )}
        {groups.map(({ source, items }) => {
          const closed = collapsed[source] && !query;
          return (
            <section key={source} className="catalog-group">
              <button
                type="button"
                className="catalog-group-head"
                aria-expanded={!closed}
                onClick={() => setCollapsed((c) => ({ ...c, [source]: !c[source] }))}
              >
                {closed ? <ChevronRight size={14} /> : <ChevronDown size={14} />}
                <span>{SOURCE_LABELS[source]}</span>
                <span className="catalog-count">{items.length}</span>
              </button>
              {!closed && (
                <ul role="listbox" aria-label={`${SOURCE_LABELS[source]} events`}>
                  {items.map((e) => (
                    <li
                      key={e.topic}
                      role="option"
                      aria-selected={e.topic === props.selected}
                      tabIndex={0}
                      className={`catalog-item ${e.topic === props.selected ? 'selected' : ''}`}
                      onClick={() => props.onPick(e)}
                      onKeyDown={(k) =>
                        (k.key === 'Enter' || k.key === ' ') && (k.preventDefault(), props.onPick(e))
                      }
                      title={e.description}
                    >
                      <span className="mono catalog-topic">{e.topic}</span>
                      <span className="catalog-desc">{e.description}</span>
                      {e.format === 'xml' && <span className="badge catalog-format">XML</span>}
                      {!e.builtin && (
                        <span className="catalog-actions">
                          <button
                            type="button"
                            className="icon-button"
                            aria-label={`Edit ${e.topic}`}
                            onClick={(ev) => {
                              ev.stopPropagation();
                              setDialog({
                                seed: {
                                  topic: e.topic,
                                  description: e.description,
                                  format: e.format,
                                  sample: e.sample,
                                  identity: e.identity,
                                },
                                editing: e,
                              });
                            }}
                          >
                            <Pencil size={13} />
                          </button>
                          <button
                            type="button"
                            className="icon-button"
                            aria-label={`Delete ${e.topic}`}
                            onClick={(ev) => {
                              ev.stopPropagation();
                              askRemove(e);
                            }}
                          >
                            <Trash2 size={13} />
                          </button>
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
      <CustomEventDialog
        seed={dialog?.seed ?? null}
        editing={dialog?.editing ?? null}
        onClose={(saved) => {
          setDialog(null);
          if (saved) props.onPick(saved);
        }}
      />
      <ConfirmDialog
        open={!!deleting}
        title={`Delete “${deleting?.topic ?? ''}”?`}
        text="The event type leaves the catalog. Endpoints subscribed to it keep their subscription, and past deliveries stay."
        action="Delete event type"
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const e = deleting;
          setDeleting(null);
          if (e) void remove(e);
        }}
      />
    </aside>
  );
}
