import { SOURCE_LABELS, type CatalogEntry, type PayloadFormat } from '../../shared/catalog';
import { IdentityField } from '../../shared/identity';
import type { Db } from '../store/database';
import { builtinCatalog, findBuiltin } from './builtin';

interface CustomRow {
  topic: string;
  grp: string;
  description: string;
  format: PayloadFormat;
  sample: string;
  identity: string;
  created_at: number;
  updated_at: number;
}

const toEntry = (r: CustomRow): CatalogEntry => ({
  topic: r.topic,
  source: 'custom',
  sourceLabel: SOURCE_LABELS.custom,
  group: r.grp,
  description: r.description,
  format: r.format,
  sample: r.sample,
  builtin: false,
  identity: parseIdentity(r.identity),
});

/** Stored identity fields; a row that does not parse (edited by hand) has none rather than breaking the catalog. */
function parseIdentity(text: string): CatalogEntry['identity'] {
  try {
    const parsed = IdentityField.array().safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

const COLUMNS = 'topic, grp, description, format, sample, identity, created_at, updated_at';

export function listCustomEvents(db: Db): CatalogEntry[] {
  const rows = db.prepare(`SELECT ${COLUMNS} FROM catalog_custom_events ORDER BY topic`).all() as CustomRow[];
  return rows.map(toEntry);
}

export function getCustomEvent(db: Db, topic: string): CatalogEntry | undefined {
  const row = db.prepare(`SELECT ${COLUMNS} FROM catalog_custom_events WHERE topic = ?`).get(topic) as
    CustomRow | undefined;
  return row && toEntry(row);
}

/** The whole catalog: builtin events in catalog order, then user-defined ones by topic. */
export function listCatalog(db: Db): CatalogEntry[] {
  return [...builtinCatalog, ...listCustomEvents(db)];
}

/**
 * The catalog entry for a topic (builtin or user-defined), or undefined. Topics are matched
 * exactly (case-sensitive). For other areas: the dispatcher sends `sample` when an event has no
 * payload of its own.
 */
export function findCatalogEntry(db: Db, topic: string): CatalogEntry | undefined {
  return findBuiltin(topic) ?? getCustomEvent(db, topic);
}

export interface CustomEventFields {
  topic: string;
  group: string;
  description: string;
  format: PayloadFormat;
  sample: string;
  identity: CatalogEntry['identity'];
}

export function insertCustomEvent(db: Db, e: CustomEventFields, now: number): CatalogEntry {
  db.prepare(
    `INSERT INTO catalog_custom_events (${COLUMNS}) VALUES (@topic, @group, @description, @format, @sample, @identity, @now, @now)`,
  ).run({ ...e, identity: JSON.stringify(e.identity), now });
  return getCustomEvent(db, e.topic)!;
}

export function updateCustomEvent(db: Db, e: CustomEventFields, now: number): CatalogEntry {
  db.prepare(
    `UPDATE catalog_custom_events SET grp = @group, description = @description, format = @format, sample = @sample,
       identity = @identity, updated_at = @now WHERE topic = @topic`,
  ).run({ ...e, identity: JSON.stringify(e.identity), now });
  return getCustomEvent(db, e.topic)!;
}

export function deleteCustomEvent(db: Db, topic: string): boolean {
  return db.prepare('DELETE FROM catalog_custom_events WHERE topic = ?').run(topic).changes > 0;
}
