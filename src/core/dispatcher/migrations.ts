import type { Migration } from '../store/database';

export const dispatcherMigrations: Migration[] = [
  {
    id: 'dispatcher/001-endpoints-deliveries-attempts',
    sql: `
      CREATE TABLE dispatch_endpoints (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        config TEXT NOT NULL,
        auth_sealed TEXT,
        scheme TEXT NOT NULL,
        custom_scheme TEXT,
        secret_sealed TEXT NOT NULL,
        secret_hint TEXT NOT NULL,
        prev_secret_sealed TEXT,
        prev_secret_expires_at INTEGER,
        state TEXT NOT NULL,
        disabled_reason TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE dispatch_events (
        id TEXT PRIMARY KEY,
        topic TEXT NOT NULL,
        payload TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE dispatch_deliveries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL,
        endpoint_id TEXT NOT NULL REFERENCES dispatch_endpoints(id) ON DELETE CASCADE,
        topic TEXT NOT NULL,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        body BLOB NOT NULL,
        content_type TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_attempt_at INTEGER,
        lease_until INTEGER,
        manual_next INTEGER NOT NULL DEFAULT 0,
        last_status INTEGER,
        last_error TEXT,
        duration_ms REAL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX dispatch_deliveries_due ON dispatch_deliveries(endpoint_id, next_attempt_at)
        WHERE status IN ('pending', 'retrying');
      CREATE INDEX dispatch_deliveries_endpoint ON dispatch_deliveries(endpoint_id, seq);
      CREATE INDEX dispatch_deliveries_status ON dispatch_deliveries(status, seq);
      CREATE INDEX dispatch_deliveries_topic ON dispatch_deliveries(topic, seq);
      CREATE TABLE dispatch_attempts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        delivery_seq INTEGER NOT NULL REFERENCES dispatch_deliveries(seq) ON DELETE CASCADE,
        endpoint_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        manual INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        req_method TEXT NOT NULL,
        req_url TEXT NOT NULL,
        req_headers TEXT NOT NULL,
        res_status INTEGER,
        res_headers TEXT,
        res_body BLOB,
        res_size INTEGER,
        outcome TEXT NOT NULL,
        error_code TEXT,
        error_message TEXT,
        connect_ms REAL,
        first_byte_ms REAL,
        total_ms REAL NOT NULL,
        next_attempt_at INTEGER
      );
      CREATE INDEX dispatch_attempts_delivery ON dispatch_attempts(delivery_seq, number);
      CREATE INDEX dispatch_attempts_endpoint ON dispatch_attempts(endpoint_id, seq);
    `,
  },
  {
    // A delivery whose body is exactly its event's stored payload (the common JSON case) keeps no
    // copy: its body is read from the event. Rows stay small, so status updates rewrite little.
    id: 'dispatcher/002-delivery-body-from-event',
    sql: `ALTER TABLE dispatch_deliveries ADD COLUMN body_from_event INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // Where a delivery's identity values (event id and time, delivery, endpoint and attempt ids,
    // attempt number) sit in its body and which headers carry them (JSON, see identity.ts); NULL for
    // a body without any, which every attempt sends as stored.
    id: 'dispatcher/003-delivery-identity',
    sql: `ALTER TABLE dispatch_deliveries ADD COLUMN identity TEXT;`,
  },
  {
    // Delivery-log filters at scale: each filter the UI offers has an index whose newest-first (or
    // slowest-first) walk stops after one page.
    id: 'dispatcher/004-delivery-log-filters',
    sql: `
      CREATE INDEX dispatch_deliveries_event ON dispatch_deliveries(event_id);
      CREATE INDEX dispatch_deliveries_created ON dispatch_deliveries(created_at);
      CREATE INDEX dispatch_deliveries_last_status ON dispatch_deliveries(last_status, seq);
      CREATE INDEX dispatch_deliveries_duration ON dispatch_deliveries(duration_ms);
    `,
  },
  {
    // Text search of the delivery log (payloads, own bodies, answers) with FTS5 trigram indexes:
    // substring matches, case-insensitive, like the LIKE they replace, without a window. The indexes
    // are filled in the background by search-index.ts, in rowid order up to the watermarks in
    // dispatch_search_state (the engine's inserts stay as they were); rows past a watermark are
    // searched with LIKE. Deletes are followed by triggers (a cascade from a delivery to its attempts
    // fires them too). Payload rows are keyed by dispatch_events.rowid: nothing here runs VACUUM,
    // which may renumber it; a VACUUM must reset the watermarks and the payload index.
    id: 'dispatcher/005-delivery-log-search',
    sql: `
      CREATE VIRTUAL TABLE dispatch_search_payload USING fts5(content, tokenize = 'trigram', content = '', contentless_delete = 1);
      CREATE VIRTUAL TABLE dispatch_search_body USING fts5(content, tokenize = 'trigram', content = '', contentless_delete = 1);
      CREATE VIRTUAL TABLE dispatch_search_answer USING fts5(content, tokenize = 'trigram', content = '', contentless_delete = 1);
      CREATE TABLE dispatch_search_state (name TEXT PRIMARY KEY, upto INTEGER NOT NULL);
      INSERT INTO dispatch_search_state (name, upto) VALUES ('payload', 0), ('body', 0), ('answer', 0);
      CREATE TRIGGER dispatch_search_event_gone AFTER DELETE ON dispatch_events BEGIN
        DELETE FROM dispatch_search_payload WHERE rowid = OLD.rowid;
      END;
      CREATE TRIGGER dispatch_search_delivery_gone AFTER DELETE ON dispatch_deliveries WHEN OLD.body_from_event = 0 BEGIN
        DELETE FROM dispatch_search_body WHERE rowid = OLD.seq;
      END;
      CREATE TRIGGER dispatch_search_attempt_gone AFTER DELETE ON dispatch_attempts WHEN OLD.res_body IS NOT NULL BEGIN
        DELETE FROM dispatch_search_answer WHERE rowid = OLD.seq;
      END;
    `,
  },
  {
    // "This endpoint, this topic, 5xx answers": the count is a range of this index alone, and the
    // first page sorts the few entries of one endpoint and topic instead of walking the log.
    id: 'dispatcher/006-delivery-log-endpoint-topic-answer',
    sql: `CREATE INDEX dispatch_deliveries_endpoint_topic_status ON dispatch_deliveries(endpoint_id, topic, last_status, seq);`,
  },
];
