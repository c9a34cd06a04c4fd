import { randomUUID } from 'node:crypto';
import type { Alert, AlertKind, AlertRule, AlertRuleFields } from '../../shared/monitoring';
import { HookbenchError } from '../../shared/errors';
import type { CoreContext } from '../context';
import type { StatsQueries } from './stats-queries';

const MINUTE = 60_000;

/** The seed-004 defaults (MFTPlus monitoring advice). */
export const DEFAULT_RULES: (AlertRuleFields & { id: string })[] = [
  {
    id: 'default-retries-exhausted',
    name: 'Retries exhausted',
    kind: 'retries_exhausted',
    enabled: true,
    threshold: 1,
    windowMinutes: 15,
    minVolume: 1,
    scope: {},
    webhookEndpointId: null,
    desktop: true,
  },
  {
    id: 'default-failure-rate',
    name: 'Failure rate over 5% in the last hour',
    kind: 'failure_rate',
    enabled: true,
    threshold: 5,
    windowMinutes: 60,
    minVolume: 20,
    scope: {},
    webhookEndpointId: null,
    desktop: true,
  },
  {
    id: 'default-slow-response',
    name: 'Responses slower than 5 s',
    kind: 'slow_response',
    enabled: true,
    threshold: 5000,
    windowMinutes: 15,
    minVolume: 1,
    scope: {},
    webhookEndpointId: null,
    desktop: true,
  },
  {
    id: 'default-endpoint-disabled',
    name: 'Endpoint disabled',
    kind: 'endpoint_disabled',
    enabled: true,
    threshold: 0,
    windowMinutes: 60,
    minVolume: 1,
    scope: {},
    webhookEndpointId: null,
    desktop: true,
  },
];

const INBOX_KINDS: AlertKind[] = ['signature_invalid', 'inbox_error_rate'];

interface Condition {
  key: string;
  subject: Alert['subject'];
  value: number;
  message: string;
}

interface RuleRow {
  id: string;
  builtin: number;
  config: string;
  created_at: number;
  updated_at: number;
}

interface AlertRow {
  id: string;
  rule_id: string;
  subject_key: string;
  data: string;
  fired_at: number;
  cleared_at: number | null;
}

const pct = (x: number) => `${Math.round(x * 10) / 10}%`;
const secs = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`);

/**
 * Evaluates the alert rules against the rollups: a condition that starts to hold opens an alert
 * (once per episode, per rule and subject), one that stops holding clears it. Both are stored as
 * history and announced as events; a rule can also send the alert as a webhook.
 */
export class AlertEngine {
  constructor(
    private readonly ctx: CoreContext,
    private readonly queries: StatsQueries,
    private readonly notify: (alert: Alert, rule: AlertRule, state: 'fired' | 'cleared') => void,
  ) {
    const insert = ctx.db.prepare(
      'INSERT OR IGNORE INTO alert_rules (id, seq, builtin, config, created_at, updated_at) VALUES (?, ?, 1, ?, ?, ?)',
    );
    const now = ctx.clock.now();
    DEFAULT_RULES.forEach(({ id, ...fields }, i) => insert.run(id, i, JSON.stringify(fields), now, now));
  }

  rules(): AlertRule[] {
    const rows = this.ctx.db.prepare('SELECT * FROM alert_rules ORDER BY builtin DESC, seq').all() as RuleRow[];
    return rows.map(toRule);
  }

  rule(id: string): AlertRule {
    const row = this.ctx.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    if (!row) throw new HookbenchError('not_found', `No alert rule "${id}". It may have been deleted.`);
    return toRule(row);
  }

  create(fields: AlertRuleFields): AlertRule {
    checkRule(fields);
    const id = `rule_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const now = this.ctx.clock.now();
    const seq = (this.ctx.db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM alert_rules').get() as { n: number }).n;
    this.ctx.db
      .prepare('INSERT INTO alert_rules (id, seq, builtin, config, created_at, updated_at) VALUES (?, ?, 0, ?, ?, ?)')
      .run(id, seq, JSON.stringify(fields), now, now);
    return this.rule(id);
  }

  update(id: string, patch: Partial<AlertRuleFields>): AlertRule {
    const cur = this.rule(id);
    const { id: _id, builtin, createdAt: _c, updatedAt: _u, ...fields } = cur;
    const next: AlertRuleFields = { ...fields, ...patch };
    if (builtin && patch.kind !== undefined && patch.kind !== cur.kind)
      throw new HookbenchError('invalid_input', 'A default rule keeps its kind; add a new rule for another kind.');
    checkRule(next);
    this.ctx.db
      .prepare('UPDATE alert_rules SET config = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(next), this.ctx.clock.now(), id);
    // A changed rule starts over: what it opened under the old settings is cleared by the next pass.
    return this.rule(id);
  }

  delete(id: string): boolean {
    const cur = this.rule(id);
    if (cur.builtin)
      throw new HookbenchError('invalid_input', 'Default rules cannot be deleted; turn the rule off instead.');
    this.ctx.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id);
    this.evaluate();
    return true;
  }

  list(open: boolean | undefined, limit: number): Alert[] {
    const rows = this.ctx.db
      .prepare(
        `SELECT * FROM alerts ${open ? 'WHERE cleared_at IS NULL' : ''} ORDER BY seq DESC LIMIT ?`,
      )
      .all(limit) as AlertRow[];
    return rows.map(toAlert);
  }

  /** One pass over every rule: fire new episodes, clear finished ones. */
  evaluate(): { fired: Alert[]; cleared: Alert[] } {
    const now = this.ctx.clock.now();
    const rules = this.rules();
    const openRows = this.ctx.db.prepare('SELECT * FROM alerts WHERE cleared_at IS NULL').all() as AlertRow[];
    const open = new Map(openRows.map((r) => [`${r.rule_id}\n${r.subject_key}`, r]));
    const fired: Alert[] = [];
    const cleared: Alert[] = [];
    const byId = new Map(rules.map((r) => [r.id, r]));
    const active = new Set<string>();
    const insert = this.ctx.db.prepare(
      'INSERT INTO alerts (id, rule_id, subject_key, data, fired_at, cleared_at) VALUES (?, ?, ?, ?, ?, NULL)',
    );
    const clear = this.ctx.db.prepare('UPDATE alerts SET cleared_at = ? WHERE id = ?');
    this.ctx.db.transaction(() => {
      for (const rule of rules) {
        if (!rule.enabled) continue;
        // A rule changed since an episode opened starts over.
        for (const c of this.conditions(rule, now)) {
          const k = `${rule.id}\n${c.key}`;
          const cur = open.get(k);
          if (cur && cur.fired_at >= rule.updatedAt) {
            active.add(k);
            continue;
          }
          if (cur) continue; // cleared below, fires again on the next pass with the new settings
          active.add(k);
          const alert: Alert = {
            id: `alert_${randomUUID().replace(/-/g, '').slice(0, 16)}`,
            ruleId: rule.id,
            ruleName: rule.name,
            kind: rule.kind,
            subject: c.subject,
            value: Math.round(c.value * 100) / 100,
            threshold: rule.threshold,
            message: c.message,
            firedAt: now,
            clearedAt: null,
            desktop: rule.desktop,
          };
          insert.run(alert.id, rule.id, c.key, JSON.stringify(alert), now);
          fired.push(alert);
        }
      }
      for (const [k, row] of open) {
        if (active.has(k)) continue;
        clear.run(now, row.id);
        cleared.push({ ...toAlert(row), clearedAt: now });
      }
    })();
    for (const a of fired) {
      this.ctx.events.emit('alerts.fired', a);
      const rule = byId.get(a.ruleId);
      if (rule) this.notify(a, rule, 'fired');
    }
    for (const a of cleared) {
      this.ctx.events.emit('alerts.cleared', a);
      const rule = byId.get(a.ruleId);
      if (rule) this.notify(a, rule, 'cleared');
    }
    return { fired, cleared };
  }

  private conditions(rule: AlertRule, now: number): Condition[] {
    const untilMin = Math.floor(now / MINUTE);
    const sinceMin = untilMin - rule.windowMinutes + 1;
    const scope = rule.scope;
    const names = this.queries.endpointNames();
    const win = rule.windowMinutes >= 60 && rule.windowMinutes % 60 === 0 ? `${rule.windowMinutes / 60} h` : `${rule.windowMinutes} min`;
    if (INBOX_KINDS.includes(rule.kind)) {
      return this.queries.inboxSums(sinceMin, untilMin, scope.inbox).flatMap(([slug, t]): Condition[] => {
        if (t.requests < rule.minVolume) return [];
        const bad = rule.kind === 'signature_invalid' ? t.sigInvalid : t.requests - t.a2xx;
        const value = (bad / t.requests) * 100;
        if (value <= rule.threshold) return [];
        const what = rule.kind === 'signature_invalid' ? 'invalid signatures' : 'answers that are not 2xx';
        return [
          {
            key: `inbox:${slug}`,
            subject: { type: 'inbox', id: slug, name: slug },
            value,
            message: `Inbox ${slug}: ${pct(value)} ${what} (${bad} of ${t.requests}) in the last ${win}, above ${rule.threshold}%.`,
          },
        ];
      });
    }
    if (rule.kind === 'endpoint_disabled') {
      const rows = this.ctx.db
        .prepare(`SELECT id, disabled_reason FROM dispatch_endpoints WHERE state = 'disabled'`)
        .all() as { id: string; disabled_reason: string | null }[];
      return rows
        .filter((r) => scope.endpointId === undefined || r.id === scope.endpointId)
        .map((r) => ({
          key: `endpoint:${r.id}`,
          subject: { type: 'endpoint' as const, id: r.id, name: names.get(r.id) ?? r.id },
          value: 1,
          message: `Endpoint "${names.get(r.id) ?? r.id}" is disabled${r.disabled_reason ? `: ${r.disabled_reason}` : '; reactivate it once it is fixed.'}`,
        }));
    }
    if (scope.inbox !== undefined) return [];
    const byTopic = scope.topic !== undefined && scope.endpointId === undefined;
    const sums = this.queries.deliverySums(
      sinceMin,
      untilMin,
      { endpointId: scope.endpointId, topic: scope.topic },
      byTopic ? null : 'endpoint_id',
    );
    const out: Condition[] = [];
    for (const [id, acc] of sums) {
      const t = acc.totals();
      const subject: Alert['subject'] = byTopic
        ? { type: 'topic', id: scope.topic ?? '', name: scope.topic ?? '' }
        : { type: 'endpoint', id, name: names.get(id) ?? id };
      if (!byTopic && !names.has(id)) continue; // deleted endpoints raise nothing
      const who = subject.type === 'topic' ? `Topic ${subject.name}` : `Endpoint "${subject.name}"`;
      const key = `${subject.type}:${subject.id}`;
      if (rule.kind === 'retries_exhausted') {
        if (t.failed >= Math.max(1, rule.threshold))
          out.push({
            key,
            subject,
            value: t.failed,
            message: `${who}: ${t.failed} ${t.failed === 1 ? 'delivery' : 'deliveries'} failed for good (retries exhausted or not retryable) in the last ${win}.`,
          });
      } else if (rule.kind === 'failure_rate') {
        if (t.attempts < rule.minVolume) continue;
        const bad = t.retried + t.failed;
        const value = (bad / t.attempts) * 100;
        if (value > rule.threshold)
          out.push({
            key,
            subject,
            value,
            message: `${who}: ${pct(value)} of attempts failed (${bad} of ${t.attempts}) in the last ${win}, above ${rule.threshold}%.`,
          });
      } else if (rule.kind === 'slow_response') {
        if (t.maxMs !== null && t.maxMs > rule.threshold)
          out.push({
            key,
            subject,
            value: t.maxMs,
            message: `${who}: a response took ${secs(t.maxMs)} in the last ${win}, slower than ${secs(rule.threshold)} (p95 ${secs(t.p95 ?? 0)}).`,
          });
      }
    }
    return out;
  }
}

function checkRule(f: AlertRuleFields): void {
  const inboxKind = INBOX_KINDS.includes(f.kind);
  if (inboxKind && (f.scope.endpointId !== undefined || f.scope.topic !== undefined))
    throw new HookbenchError('invalid_input', 'Inbox rules are scoped to an inbox, not an endpoint or topic.');
  if (!inboxKind && f.scope.inbox !== undefined)
    throw new HookbenchError('invalid_input', 'Only signature and inbox error rules can be scoped to an inbox.');
  if ((f.kind === 'failure_rate' || inboxKind) && f.threshold > 100)
    throw new HookbenchError('invalid_input', 'A rate threshold is a percentage between 0 and 100.');
}

function toRule(r: RuleRow): AlertRule {
  const f = JSON.parse(r.config) as AlertRuleFields;
  return { ...f, id: r.id, builtin: r.builtin === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toAlert(r: AlertRow): Alert {
  const a = JSON.parse(r.data) as Alert;
  return { ...a, clearedAt: r.cleared_at };
}
