import type { Migration } from '../store/database';

/**
 * The receiver's tables. Requests are written by the capture writer (its own connection) and read
 * through the main connection; headers are stored as the raw name/value list joined by "\n"
 * (neither can contain a line break), bodies as the raw bytes.
 */
export const receiverMigrations: Migration[] = [
  {
    id: 'receiver/001-inboxes-requests-forwards',
    sql: `
      CREATE TABLE inboxes (
        slug TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        inbox TEXT NOT NULL,
        received_at INTEGER NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        path TEXT NOT NULL,
        query TEXT NOT NULL,
        http_version TEXT NOT NULL,
        tls INTEGER NOT NULL,
        remote_addr TEXT NOT NULL,
        remote_port INTEGER,
        headers TEXT NOT NULL,
        body BLOB NOT NULL,
        body_size INTEGER NOT NULL,
        body_ms REAL NOT NULL,
        content_type TEXT,
        content_encoding TEXT,
        delivery_id TEXT,
        duplicate_of INTEGER,
        sig_status TEXT NOT NULL,
        sig_reason TEXT,
        sig_scheme TEXT,
        sig_report TEXT,
        answer_kind TEXT NOT NULL,
        answer_status INTEGER,
        rule_id TEXT,
        response TEXT NOT NULL,
        forward_status INTEGER,
        forward_error TEXT,
        forward_at INTEGER
      );
      CREATE INDEX requests_inbox_id ON requests (inbox, id);
      CREATE INDEX requests_inbox_received ON requests (inbox, received_at);
      CREATE INDEX requests_delivery ON requests (inbox, delivery_id) WHERE delivery_id IS NOT NULL;
      CREATE TABLE forwards (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        auto INTEGER NOT NULL,
        at INTEGER NOT NULL,
        method TEXT NOT NULL,
        url TEXT NOT NULL,
        headers TEXT NOT NULL,
        status INTEGER,
        response_headers TEXT,
        response_body BLOB,
        truncated INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        duration_ms REAL NOT NULL
      );
      CREATE INDEX forwards_request ON forwards (request_id);
    `,
  },
  {
    // Age-based retention walks (inbox, id) from the oldest row instead: one index less to
    // maintain on every captured request.
    id: 'receiver/002-drop-received-index',
    sql: `DROP INDEX requests_inbox_received;`,
  },
  {
    // Per-inbox request numbers (#1, #2, … in each inbox). seq_floor keeps the highest number an
    // inbox ever gave, so numbers are not reused after its newest requests are deleted.
    id: 'receiver/003-request-numbers',
    sql: `
      ALTER TABLE requests ADD COLUMN seq INTEGER;
      UPDATE requests SET seq = t.n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY inbox ORDER BY id) AS n FROM requests) AS t WHERE t.id = requests.id;
      ALTER TABLE inboxes ADD COLUMN seq_floor INTEGER NOT NULL DEFAULT 0;
      -- Search looks inside compressed bodies: finds them without reading every row.
      CREATE INDEX requests_encoded ON requests (inbox, id) WHERE content_encoding IS NOT NULL;
    `,
  },
  {
    // Forwards as records: the body sent when it was edited (NULL: the captured body), its size, and
    // the request a forward to this receiver was captured as.
    id: 'receiver/004-forward-records',
    sql: `
      ALTER TABLE forwards ADD COLUMN body BLOB;
      ALTER TABLE forwards ADD COLUMN body_size INTEGER;
      ALTER TABLE forwards ADD COLUMN captured_request_id INTEGER;
      CREATE INDEX forwards_captured ON forwards (captured_request_id) WHERE captured_request_id IS NOT NULL;
    `,
  },
];
