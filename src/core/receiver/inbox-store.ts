import crypto from 'node:crypto';
import { HookbenchError } from '../../shared/errors';
import { Inbox, InboxConfig, type ResponseRule } from '../../shared/receiver';
import type { SecretVault } from '../secrets/secret-vault';
import type { Db } from '../store/database';
import { answerFromSpec, RuleSet } from './rules';

/** An inbox as the receiver uses it: its settings, prepared rules and live counters. */
export interface LiveInbox {
  slug: string;
  config: InboxConfig & { rules: (ResponseRule & { id: string })[] };
  createdAt: number;
  updatedAt: number;
  count: number;
  lastRequestAt: number | null;
  /** The last request number given in this inbox; the next request gets lastSeq + 1. */
  lastSeq: number;
  rules: RuleSet;
}

type ConfigInput = Partial<Omit<InboxConfig, 'name'>> & { name?: string };

const withRuleIds = (rules: ResponseRule[]): (ResponseRule & { id: string })[] => {
  const seen = new Set<string>();
  return rules.map((r) => {
    let id = r.id ?? crypto.randomUUID().slice(0, 8);
    while (seen.has(id)) id = crypto.randomUUID().slice(0, 8);
    seen.add(id);
    return { ...r, id };
  });
};

/**
 * Inboxes live in the `inboxes` table (config as JSON, verification secrets sealed by the core's
 * vault) and in memory, where the receiver looks them up for every request.
 */
export class InboxStore {
  private live = new Map<string, LiveInbox>();

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
    private readonly vault: SecretVault,
  ) {}

  load(): void {
    const rows = this.db.prepare('SELECT slug, config, created_at, updated_at, seq_floor FROM inboxes ORDER BY created_at, slug').all() as {
      slug: string;
      config: string;
      created_at: number;
      updated_at: number;
      seq_floor: number;
    }[];
    const lastSeq = this.db.prepare('SELECT seq FROM requests WHERE inbox = ? ORDER BY inbox, id DESC LIMIT 1').pluck();
    const counts = new Map(
      (this.db.prepare('SELECT inbox, COUNT(*) AS n, MAX(received_at) AS last FROM requests GROUP BY inbox').all() as {
        inbox: string;
        n: number;
        last: number | null;
      }[]).map((r) => [r.inbox, r]),
    );
    this.live.clear();
    const reseal = this.db.prepare('UPDATE inboxes SET config = ? WHERE slug = ?');
    for (const row of rows) {
      const config = this.decode(row.config);
      // Written by a version that kept them in clear (hookbench serve did): seal them now.
      if (config.verify && this.vault.kind !== 'none' && !(JSON.parse(row.config) as { verify?: { encrypted?: boolean } }).verify?.encrypted) {
        reseal.run(this.encode(config), row.slug);
      }
      const c = counts.get(row.slug);
      const inbox = this.build(row.slug, config, row.created_at, row.updated_at, c?.n ?? 0, c?.last ?? null);
      inbox.lastSeq = Math.max(row.seq_floor, (lastSeq.get(row.slug) as number | null | undefined) ?? 0);
      this.live.set(row.slug, inbox);
    }
    if (rows.length === 0) this.create('default', { name: 'Default' });
  }

  private build(slug: string, config: LiveInbox['config'], createdAt: number, updatedAt: number, count: number, last: number | null): LiveInbox {
    return { slug, config, createdAt, updatedAt, count, lastRequestAt: last, lastSeq: 0, rules: new RuleSet(config.rules, answerFromSpec(config.response, null)) };
  }

  private encode(config: InboxConfig): string {
    if (!config.verify || this.vault.kind === 'none') return JSON.stringify(config);
    const secrets = config.verify.secrets.map((s) => this.vault.seal(s));
    return JSON.stringify({ ...config, verify: { ...config.verify, secrets, encrypted: true } });
  }

  private decode(text: string): LiveInbox['config'] {
    const raw = JSON.parse(text) as Record<string, unknown> & { verify?: { secrets: string[]; encrypted?: boolean } | null };
    if (raw.verify?.encrypted) {
      const { encrypted: _e, ...verify } = raw.verify;
      raw.verify = { ...verify, secrets: verify.secrets.map((s) => this.vault.open(s)) };
    }
    const config = InboxConfig.parse(raw);
    return { ...config, rules: withRuleIds(config.rules) };
  }

  get(slug: string): LiveInbox | undefined {
    return this.live.get(slug);
  }

  require(slug: string): LiveInbox {
    const inbox = this.live.get(slug);
    if (!inbox) throw new HookbenchError('not_found', `There is no inbox "${slug}". Existing inboxes: ${this.slugs().join(', ') || 'none'}.`);
    return inbox;
  }

  slugs(): string[] {
    return [...this.live.keys()];
  }

  all(): LiveInbox[] {
    return [...this.live.values()];
  }

  create(slug: string, input: ConfigInput): LiveInbox {
    if (this.live.has(slug)) throw new HookbenchError('conflict', `An inbox with the slug "${slug}" already exists. Pick another slug.`);
    const parsed = InboxConfig.parse({ name: input.name ?? slug, ...stripUndefined(input) });
    const config = { ...parsed, rules: withRuleIds(parsed.rules) };
    const now = this.now();
    this.db.prepare('INSERT INTO inboxes (slug, config, created_at, updated_at) VALUES (?, ?, ?, ?)').run(slug, this.encode(config), now, now);
    const inbox = this.build(slug, config, now, now, 0, null);
    this.live.set(slug, inbox);
    return inbox;
  }

  update(slug: string, patch: ConfigInput): LiveInbox {
    const current = this.require(slug);
    const parsed = InboxConfig.parse({ ...current.config, ...stripUndefined(patch) });
    const config = { ...parsed, rules: withRuleIds(parsed.rules) };
    const now = this.now();
    this.db.prepare('UPDATE inboxes SET config = ?, updated_at = ? WHERE slug = ?').run(this.encode(config), now, slug);
    const inbox = this.build(slug, config, current.createdAt, now, current.count, current.lastRequestAt);
    inbox.lastSeq = current.lastSeq;
    inbox.rules.carryFrom(current.rules);
    this.live.set(slug, inbox);
    return inbox;
  }

  /** Removes the inbox row; its requests are deleted by the caller through the writer. */
  remove(slug: string): void {
    this.require(slug);
    this.db.prepare('DELETE FROM inboxes WHERE slug = ?').run(slug);
    this.live.delete(slug);
  }

  /**
   * Keeps the inbox's highest request number before its requests are deleted, so a restart after
   * deleting the newest ones does not give their numbers again.
   */
  keepSeqFloor(slug: string): void {
    const inbox = this.live.get(slug);
    if (inbox) this.db.prepare('UPDATE inboxes SET seq_floor = MAX(seq_floor, ?) WHERE slug = ?').run(inbox.lastSeq, slug);
  }

  /** Re-reads the count after deletes (clear, retention, delete). */
  recount(slug: string): void {
    const inbox = this.live.get(slug);
    if (!inbox) return;
    const r = this.db.prepare('SELECT COUNT(*) AS n, MAX(received_at) AS last FROM requests WHERE inbox = ?').get(slug) as { n: number; last: number | null };
    inbox.count = r.n;
    inbox.lastRequestAt = r.last;
  }

  toOutput(inbox: LiveInbox): Inbox {
    return { ...inbox.config, slug: inbox.slug, createdAt: inbox.createdAt, updatedAt: inbox.updatedAt, requestCount: inbox.count, lastRequestAt: inbox.lastRequestAt };
  }

  list(): Inbox[] {
    return this.all().map((i) => this.toOutput(i));
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
