import { useMemo, useState } from 'react';
import { ChevronDown, ChevronRight, Search } from 'lucide-react';
import {
  CATALOG_SOURCES,
  searchCatalog,
  SOURCE_LABELS,
  type CatalogEntry,
  type CatalogSource,
} from '../../../../shared/catalog';
import { useStore } from '../../store';

/** The event catalog, grouped by source product and searchable. */
export function CatalogPanel(props: { selected: string; onPick(entry: CatalogEntry): void }) {
  const catalog = useStore((s) => s.catalog);
  const loaded = useStore((s) => s.catalogLoaded);
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
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
