import { useMemo, useState } from 'react';
import { Popover } from 'radix-ui';
import { ListPlus, Search, X } from 'lucide-react';
import { searchCatalog, SOURCE_LABELS, type CatalogEntry } from '../../../../shared/catalog';
import { Topic } from '../../../../shared/dispatcher';
import { useStore } from '../../store';
import './topics-picker.css';

/** Topics of an endpoint: chosen from the catalog (grouped by product) or typed, wildcards allowed. */
export function TopicsPicker(props: { topics: string[]; onChange(topics: string[]): void; error?: string }) {
  const catalog = useStore((s) => s.catalog);
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const { topics, onChange } = props;

  const add = (t: string) => {
    const res = Topic.safeParse(t);
    if (!res.success) return setTypedError(res.error.issues[0].message);
    if (!topics.includes(res.data)) onChange([...topics, res.data]);
    setTyped('');
    setTypedError(null);
  };
  const toggle = (t: string) => onChange(topics.includes(t) ? topics.filter((x) => x !== t) : [...topics, t]);
  const describe = (t: string) => catalog.find((c) => c.topic === t)?.description;

  return (
    <div className="field field-wide">
      <span id="topics-label">Topics</span>
      <div className={`topics-box ${props.error ? 'invalid' : ''}`} aria-labelledby="topics-label">
        {topics.map((t) => (
          <span
            key={t}
            className="chip"
            title={describe(t) ?? (t.includes('*') ? 'Wildcard' : 'Typed topic')}
          >
            <span className="mono">{t}</span>
            <button type="button" aria-label={`Remove topic ${t}`} onClick={() => toggle(t)}>
              <X size={12} />
            </button>
          </span>
        ))}
        <input
          className="topics-input mono"
          aria-label="Add a topic"
          placeholder={topics.length ? 'Add a topic…' : 'file.created, transfer.*, or * for every topic'}
          list="endpoint-topic-options"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setTypedError(null);
          }}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' || e.key === ',') && typed.trim()) {
              e.preventDefault();
              add(typed.trim());
            } else if (e.key === 'Backspace' && !typed && topics.length) onChange(topics.slice(0, -1));
          }}
          onBlur={() => typed.trim() && add(typed.trim())}
        />
        <datalist id="endpoint-topic-options">
          {catalog.map((c) => (
            <option key={c.topic} value={c.topic}>
              {c.sourceLabel} · {c.description}
            </option>
          ))}
        </datalist>
        <CatalogPopover catalog={catalog} selected={topics} onToggle={toggle} />
      </div>
      {typedError || props.error ? (
        <span className="field-error" role="alert">
          {typedError ?? props.error}
        </span>
      ) : (
        <span className="field-hint">
          Press Enter to add a typed topic. “transfer.*” matches every transfer event; “*” every event.
        </span>
      )}
    </div>
  );
}

function CatalogPopover(props: { catalog: CatalogEntry[]; selected: string[]; onToggle(t: string): void }) {
  const [query, setQuery] = useState('');
  const groups = useMemo(() => {
    const { items } = searchCatalog(props.catalog, { query });
    const by = new Map<string, CatalogEntry[]>();
    for (const e of items) by.set(e.source, [...(by.get(e.source) ?? []), e]);
    return [...by.entries()];
  }, [props.catalog, query]);
  return (
    <Popover.Root>
      <Popover.Trigger className="button small ghost topics-browse" type="button">
        <ListPlus size={14} /> Catalog
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          className="popover topic-popover"
          align="end"
          sideOffset={6}
          aria-label="Topics from the catalog"
        >
          <div className="search-input">
            <Search size={14} />
            <input
              aria-label="Search the catalog"
              placeholder="Search events"
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              autoFocus
            />
          </div>
          <div className="topic-popover-list">
            {groups.length === 0 && <p className="muted small pad">No catalog event matches “{query}”.</p>}
            {groups.map(([source, entries]) => {
              const prefixes = wildcardPrefixes(entries);
              return (
                <div key={source} className="topic-group">
                  <div className="topic-group-head">
                    {SOURCE_LABELS[source as keyof typeof SOURCE_LABELS] ?? source}
                    {prefixes.map((p) => (
                      <button
                        key={p}
                        type="button"
                        className="dx-link small"
                        onClick={() => props.onToggle(`${p}.*`)}
                      >
                        {props.selected.includes(`${p}.*`) ? '✓ ' : '+ '}
                        {p}.*
                      </button>
                    ))}
                  </div>
                  {entries.map((e) => (
                    <label key={e.topic} className="topic-option">
                      <input
                        type="checkbox"
                        checked={props.selected.includes(e.topic)}
                        onChange={() => props.onToggle(e.topic)}
                      />
                      <span className="mono">{e.topic}</span>
                      <span className="muted small ellipsis">{e.description}</span>
                    </label>
                  ))}
                </div>
              );
            })}
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/** First topic segments shared by several entries ("transfer" for transfer.*), for wildcard shortcuts. */
function wildcardPrefixes(entries: CatalogEntry[]): string[] {
  const counts = new Map<string, number>();
  for (const e of entries)
    if (e.topic.includes('.'))
      counts.set(e.topic.split('.')[0], (counts.get(e.topic.split('.')[0]) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([p]) => p);
}
