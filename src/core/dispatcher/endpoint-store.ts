import { EndpointFields, type EndpointHealth, type EndpointState } from '../../shared/dispatcher';
import type { CustomScheme, SchemeId } from '../../shared/signing';
import type { SecretVault } from '../secrets/secret-vault';
import type { Db } from '../store/database';

/** An endpoint as the core holds it: fields (auth included), decrypted secrets, state. */
export interface EndpointRecord {
  id: string;
  seq: number;
  fields: EndpointFields;
  scheme: SchemeId;
  custom?: CustomScheme;
  /** Current secret first; the previous one while its overlap lasts. */
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  secretHint: string;
  state: EndpointState;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  seq: number;
  config: string;
  auth_sealed: string | null;
  scheme: SchemeId;
  custom_scheme: string | null;
  secret_sealed: string;
  secret_hint: string;
  prev_secret_sealed: string | null;
  prev_secret_expires_at: number | null;
  state: EndpointState;
  disabled_reason: string | null;
  consecutive_failures: number;
  created_at: number;
  updated_at: number;
}

/** Reads and writes endpoints; secrets and auth values are sealed by the vault before they touch the store. */
export class EndpointStore {
  constructor(
    private readonly db: Db,
    private readonly vault: SecretVault,
  ) {}

  private fromRow(r: Row): EndpointRecord {
    const { headersSealed, ...config } = JSON.parse(r.config) as Omit<EndpointFields, 'auth'> & { headersSealed?: string };
    const auth = r.auth_sealed ? JSON.parse(this.vault.open(r.auth_sealed)) : { type: 'none' };
    // Custom header values often carry credentials (X-Api-Key…): sealed like the auth value.
    if (headersSealed) config.headers = JSON.parse(this.vault.open(headersSealed)) as EndpointFields['headers'];
    return {
      id: r.id,
      seq: r.seq,
      fields: EndpointFields.parse({ ...config, auth }),
      scheme: r.scheme,
      custom: r.custom_scheme ? (JSON.parse(r.custom_scheme) as CustomScheme) : undefined,
      secret: this.vault.open(r.secret_sealed),
      previousSecret: r.prev_secret_sealed ? this.vault.open(r.prev_secret_sealed) : null,
      previousSecretExpiresAt: r.prev_secret_expires_at,
      secretHint: r.secret_hint,
      state: r.state,
      disabledReason: r.disabled_reason,
      consecutiveFailures: r.consecutive_failures,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  loadAll(): EndpointRecord[] {
    return (this.db.prepare('SELECT * FROM dispatch_endpoints ORDER BY seq').all() as Row[]).map((r) => {
      const ep = this.fromRow(r);
      // Custom headers written in clear by an earlier version: sealed now.
      const stored = JSON.parse(r.config) as { headers?: unknown[]; headersSealed?: string };
      if (stored.headers?.length && !stored.headersSealed) this.save(ep);
      return ep;
    });
  }

  nextSeq(): number {
    return (
      ((this.db.prepare('SELECT MAX(seq) AS m FROM dispatch_endpoints').get() as { m: number | null }).m ??
        0) + 1
    );
  }

  private columns(e: EndpointRecord) {
    const { auth, ...config } = e.fields;
    return {
      id: e.id,
      seq: e.seq,
      config: JSON.stringify(
        config.headers.length ? { ...config, headers: [], headersSealed: this.vault.seal(JSON.stringify(config.headers)) } : config,
      ),
      auth_sealed: auth.type === 'none' ? null : this.vault.seal(JSON.stringify(auth)),
      scheme: e.scheme,
      custom_scheme: e.custom ? JSON.stringify(e.custom) : null,
      secret_sealed: this.vault.seal(e.secret),
      secret_hint: e.secretHint,
      prev_secret_sealed: e.previousSecret ? this.vault.seal(e.previousSecret) : null,
      prev_secret_expires_at: e.previousSecretExpiresAt,
      state: e.state,
      disabled_reason: e.disabledReason,
      consecutive_failures: e.consecutiveFailures,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
    };
  }

  /** Inserts or replaces the whole endpoint. */
  save(e: EndpointRecord): void {
    this.db
      .prepare(
        `INSERT INTO dispatch_endpoints (id, seq, config, auth_sealed, scheme, custom_scheme, secret_sealed, secret_hint,
           prev_secret_sealed, prev_secret_expires_at, state, disabled_reason, consecutive_failures, created_at, updated_at)
         VALUES (@id, @seq, @config, @auth_sealed, @scheme, @custom_scheme, @secret_sealed, @secret_hint,
           @prev_secret_sealed, @prev_secret_expires_at, @state, @disabled_reason, @consecutive_failures, @created_at, @updated_at)
         ON CONFLICT(id) DO UPDATE SET config = excluded.config, auth_sealed = excluded.auth_sealed, scheme = excluded.scheme,
           custom_scheme = excluded.custom_scheme, secret_sealed = excluded.secret_sealed, secret_hint = excluded.secret_hint,
           prev_secret_sealed = excluded.prev_secret_sealed, prev_secret_expires_at = excluded.prev_secret_expires_at,
           state = excluded.state, disabled_reason = excluded.disabled_reason,
           consecutive_failures = excluded.consecutive_failures, updated_at = excluded.updated_at`,
      )
      .run(this.columns(e));
  }

  health(id: string, consecutiveFailures: number): EndpointHealth {
    const agg = this.db
      .prepare(
        `SELECT COUNT(*) AS n, SUM(outcome = 'succeeded') AS ok, AVG(CASE WHEN res_status IS NOT NULL THEN total_ms END) AS avg
         FROM (SELECT outcome, res_status, total_ms FROM dispatch_attempts WHERE endpoint_id = ? ORDER BY seq DESC LIMIT 100)`,
      )
      .get(id) as { n: number; ok: number | null; avg: number | null };
    const last = this.db
      .prepare(
        `SELECT res_status, error_message, started_at FROM dispatch_attempts WHERE endpoint_id = ? ORDER BY seq DESC LIMIT 1`,
      )
      .get(id) as { res_status: number | null; error_message: string | null; started_at: number } | undefined;
    const queued = this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM dispatch_deliveries WHERE endpoint_id = ? AND status IN ('pending', 'retrying')`,
      )
      .get(id) as { n: number };
    return {
      successRate: agg.n ? (agg.ok ?? 0) / agg.n : null,
      attemptsCounted: agg.n,
      lastStatus: last?.res_status ?? null,
      lastError: last?.error_message ?? null,
      lastAttemptAt: last?.started_at ?? null,
      avgResponseMs: agg.avg === null ? null : Math.round(agg.avg * 10) / 10,
      consecutiveFailures,
      queued: queued.n,
    };
  }
}
