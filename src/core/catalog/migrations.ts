import type { Migration } from '../store/database';

/** User-defined catalog events. Builtin events are code, never rows. */
export const catalogMigrations: Migration[] = [
  {
    id: 'catalog/001-custom-events',
    sql: `
      CREATE TABLE catalog_custom_events (
        topic TEXT PRIMARY KEY,
        grp TEXT NOT NULL DEFAULT 'custom',
        description TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL CHECK (format IN ('json', 'xml')),
        sample TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    // The identity and time fields the user marked in the sample (JSON array of IdentityField).
    id: 'catalog/002-custom-event-identity',
    sql: `ALTER TABLE catalog_custom_events ADD COLUMN identity TEXT NOT NULL DEFAULT '[]';`,
  },
];
