import type { Migration } from '../store/database';

/**
 * Replay runs and their items. An item is a snapshot of what is replayed (request and baseline),
 * taken when the run is created, so a run stays readable and exportable after its source is gone.
 * An item is marked 'sending' before it goes out, so a restart never sends it a second time.
 */
export const replayMigrations: Migration[] = [
  {
    id: 'replay/001-runs-items-collections',
    sql: `
      CREATE TABLE replay_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        source_type TEXT NOT NULL,
        source_ref TEXT,
        source_label TEXT NOT NULL,
        target TEXT NOT NULL,
        options TEXT NOT NULL,
        secret_sealed TEXT,
        status TEXT NOT NULL,
        note TEXT,
        total INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      CREATE INDEX replay_runs_created ON replay_runs(created_at);
      CREATE TABLE replay_items (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES replay_runs(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        endpoint_id TEXT,
        event_id TEXT,
        topic TEXT,
        delivery_id TEXT,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        path TEXT NOT NULL,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        content_type TEXT,
        sig_scheme TEXT,
        base_status INTEGER,
        base_headers TEXT,
        base_body BLOB,
        state TEXT NOT NULL,
        sent_id TEXT,
        sent_at INTEGER,
        req_url TEXT,
        req_headers TEXT,
        req_body BLOB,
        res_status INTEGER,
        res_headers TEXT,
        res_body BLOB,
        res_size INTEGER,
        ok INTEGER,
        error TEXT,
        duration_ms REAL,
        verdict TEXT,
        comparison TEXT
      );
      CREATE UNIQUE INDEX replay_items_run ON replay_items(run_id, idx);
      CREATE INDEX replay_items_state ON replay_items(run_id, state, verdict, ok);
      CREATE TABLE replay_collections (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        items INTEGER NOT NULL,
        content TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
    `,
  },
];
