import { SOURCE_LABELS, type CatalogEntry, type CatalogSource } from '../../../shared/catalog';
import type { IdentityField, IdentityFormat, IdentityRole } from '../../../shared/identity';

/** A body field of the sample that holds an identity or time value. */
export const body = (path: string, role: IdentityRole, format: IdentityFormat): IdentityField => ({
  in: 'body',
  path,
  role,
  format,
});

/** A request header that carries an identity or time value. */
export const header = (name: string, role: IdentityRole, format: IdentityFormat): IdentityField => ({
  in: 'header',
  path: name,
  role,
  format,
});

/** Pretty-printed JSON, two spaces, keys in the order the product documents them. */
export const prettyJson = (value: unknown): string => JSON.stringify(value, null, 2);

/** A builtin catalog entry with a JSON sample. */
export const jsonEvent = (
  source: Exclude<CatalogSource, 'custom'>,
  topic: string,
  group: string,
  description: string,
  payload: unknown,
  identity: IdentityField[] = [],
): CatalogEntry => ({
  topic,
  source,
  sourceLabel: SOURCE_LABELS[source],
  group,
  description,
  format: 'json',
  sample: prettyJson(payload),
  builtin: true,
  identity,
});
