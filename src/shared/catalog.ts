import { z } from 'zod';
import { IdentityField } from './identity';

/**
 * The event catalog: the events the seed products send (SFTP To Go, MFTPlus, GoMFT, ExaVault)
 * with their sample payloads, plus events the user defines. Pure: the builtin entries live in
 * src/core/catalog, user-defined ones in the store.
 */

export const CatalogSource = z.enum(['sftptogo', 'mftplus', 'gomft', 'exavault', 'custom']);
export type CatalogSource = z.infer<typeof CatalogSource>;

export const SOURCE_LABELS: Readonly<Record<CatalogSource, string>> = {
  sftptogo: 'SFTP To Go',
  mftplus: 'MFTPlus',
  gomft: 'GoMFT',
  exavault: 'ExaVault',
  custom: 'Custom',
};

/** Display order of the sources (the catalog's own order). */
export const CATALOG_SOURCES: readonly CatalogSource[] = CatalogSource.options;

export const PayloadFormat = z.enum(['json', 'xml']);
export type PayloadFormat = z.infer<typeof PayloadFormat>;

export const TOPIC_PATTERN = /^[A-Za-z0-9_.:-]+$/;
export const TOPIC_MAX = 200;
export const SAMPLE_MAX = 256 * 1024;

export const Topic = z
  .string()
  .trim()
  .min(1, 'Enter a topic, for example "invoice.paid".')
  .max(TOPIC_MAX, `A topic may be at most ${TOPIC_MAX} characters long.`)
  .regex(TOPIC_PATTERN, 'A topic may only contain letters, digits and . _ : - (no spaces).');

export const CatalogEntry = z.object({
  /** The event name sent with a delivery, e.g. "file.created"; unique across the catalog. */
  topic: z.string(),
  source: CatalogSource,
  sourceLabel: z.string(),
  /** A family of events within the source: "transfer", "agent", "file"… */
  group: z.string(),
  description: z.string(),
  format: PayloadFormat,
  /** The exact sample payload text (pretty printed), sent when an event has no payload of its own. */
  sample: z.string(),
  /** Builtin entries come from the seed products and cannot be changed or deleted. */
  builtin: z.boolean(),
  /**
   * Where the event's id, time, delivery id, attempt id / number and endpoint id go and in what
   * format: filled afresh when sent (event fields per send, delivery fields per delivery, attempt
   * fields per attempt) instead of the sample's fixed values.
   */
  identity: z.array(IdentityField),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export const CatalogSourceCount = z.object({ id: CatalogSource, label: z.string(), count: z.number().int() });
export type CatalogSourceCount = z.infer<typeof CatalogSourceCount>;

const searchable = (e: CatalogEntry): string =>
  [e.topic, e.description, e.source, e.sourceLabel, e.group].join('\n').toLowerCase();

/**
 * Whether an entry matches a free-text query: every word of the query must occur (case-insensitive)
 * in the topic, description, source id or label, or group. An empty query matches everything.
 */
export function matchesCatalogQuery(entry: CatalogEntry, query: string | undefined): boolean {
  const terms = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return true;
  const text = searchable(entry);
  return terms.every((t) => text.includes(t));
}

/**
 * Filters entries by query and source; entries whose topic matches the whole query come first
 * (exact, then prefix, then substring), otherwise catalog order is kept. `sources` counts the
 * query's matches per source (ignoring the source filter), so a UI can show them on its tabs.
 */
export function searchCatalog(
  entries: readonly CatalogEntry[],
  opts: { query?: string; source?: CatalogSource } = {},
): { items: CatalogEntry[]; sources: CatalogSourceCount[] } {
  const matched = entries.filter((e) => matchesCatalogQuery(e, opts.query));
  const q = (opts.query ?? '').trim().toLowerCase();
  const rank = (e: CatalogEntry): number => {
    if (!q) return 0;
    const t = e.topic.toLowerCase();
    return t === q ? 0 : t.startsWith(q) ? 1 : t.includes(q) ? 2 : 3;
  };
  const items = matched
    .map((e, i) => ({ e, i, r: rank(e) }))
    .filter(({ e }) => !opts.source || e.source === opts.source)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ e }) => e);
  const sources = CATALOG_SOURCES.map((id) => ({
    id,
    label: SOURCE_LABELS[id],
    count: matched.filter((e) => e.source === id).length,
  }));
  return { items, sources };
}
