import { SOURCE_LABELS, type CatalogEntry, type CatalogSource } from '../../../shared/catalog';

/** Pretty-printed JSON, two spaces, keys in the order the product documents them. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** A builtin catalog entry with a JSON sample. */
export const jsonEvent = (
  source: Exclude<CatalogSource, 'custom'>,
  topic: string,
  group: string,
  description: string,
  payload: unknown,
): CatalogEntry => ({
  topic,
  source,
  sourceLabel: SOURCE_LABELS[source],
  group,
  description,
  format: 'json',
  sample: prettyJson(payload),
  builtin: true,
});
