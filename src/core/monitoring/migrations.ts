import type { Migration } from '../store/database';
import { REBUILD_SQL, ROLLUP_SCHEMA, TEN_MINUTE_SCHEMA } from './rollup-sql';

/**
 * The monitoring area: per-minute rollups (kept in the writing transactions, filled from the raw
 * rows that exist when the migration runs), alert rules and the alert history. Runs after the
 * dispatcher's and the receiver's migrations, whose tables the rollups fold.
 */
export const monitoringMigrations: Migration[] = [
  {
    id: 'monitoring/001-rollups',
    sql: `${ROLLUP_SCHEMA}
      ${REBUILD_SQL.endpoint};
      ${REBUILD_SQL.topic};
      ${REBUILD_SQL.inbox};`,
  },
  {
    id: 'monitoring/002-alerts',
    sql: `
      CREATE TABLE alert_rules (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        builtin INTEGER NOT NULL DEFAULT 0,
        config TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE alerts (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        rule_id TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        data TEXT NOT NULL,
        fired_at INTEGER NOT NULL,
        cleared_at INTEGER
      );
      CREATE INDEX alerts_open ON alerts (rule_id, subject_key) WHERE cleared_at IS NULL;
    `,
  },
  {
    // Filled on the first query that needs it (folds every finished 10-minute block then).
    id: 'monitoring/003-ten-minute-rollups',
    sql: TEN_MINUTE_SCHEMA,
  },
  {
    // The receiver's capture writer sums its batch and upserts once per inbox and minute
    // (INBOX_ROLLUP_UPSERT) instead of a trigger firing per captured request (~3-5 us each).
    id: 'monitoring/004-request-rollup-by-batch',
    sql: 'DROP TRIGGER stats_request_rollup;',
  },
  {
    // The dispatcher's writer worker adds each cycle's attempts to the minute rollups, one UPSERT
    // per minute and endpoint or topic (rollup-sql.ts, UPSERT_SQL), instead of this per-row trigger.
    id: 'monitoring/005-attempt-rollups-batched',
    sql: 'DROP TRIGGER stats_attempt_rollup;',
  },
];
