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
];
