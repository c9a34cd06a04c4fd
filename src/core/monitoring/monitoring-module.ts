import type { Alert, AlertRule } from '../../shared/monitoring';
import type { CoreContext, CoreModule } from '../context';
import { AlertEngine } from './alert-engine';
import { REBUILD_SQL, ROLLUP_TABLES, TIERS } from './rollup-sql';
import { resolveWindow, StatsQueries } from './stats-queries';

/** Rollups older than this are dropped (they outlive the raw rows, which retention prunes much sooner). */
const KEEP_ROLLUPS_DAYS = 400;
/** How long changes gather before stats.updated and an alert pass (ms). */
const SETTLE_MS = 1000;
/** Alert pass even without traffic, so time-window conditions clear. */
const TICK_MS = 15_000;

/**
 * Rebuilds a rollup table from the raw rows when it is empty but raw rows exist (a copy of the
 * database whose rollups were dropped, or rows written before the triggers existed).
 */
export function rebuildMissingRollups(db: CoreContext['db']): string[] {
  const rebuilt: string[] = [];
  const empty = (t: string) => db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() === undefined;
  const has = (t: string) => db.prepare(`SELECT 1 FROM ${t} LIMIT 1`).get() !== undefined;
  db.transaction(() => {
    if (empty('stats_endpoint_minute') && has('dispatch_attempts')) {
      db.exec(REBUILD_SQL.endpoint);
      rebuilt.push('endpoint');
    }
    if (empty('stats_topic_minute') && has('dispatch_attempts')) {
      db.exec(REBUILD_SQL.topic);
      rebuilt.push('topic');
    }
    if (empty('stats_inbox_minute') && has('requests')) {
      db.exec(REBUILD_SQL.inbox);
      rebuilt.push('inbox');
    }
    // Tiers (10 minutes, hours) are folded again from the (rebuilt) minutes on the next long-window query.
    if (rebuilt.length) {
      for (const t of ROLLUP_TABLES) if (!t.endsWith('_minute')) db.exec(`DELETE FROM ${t}`);
      for (const tier of TIERS) db.prepare(`DELETE FROM meta WHERE key = ?`).run(tier.meta);
    }
  }).immediate();
  return rebuilt;
}

export function createMonitoringModule(ctx: CoreContext, modules: Readonly<Record<string, CoreModule>>): CoreModule {
  const { db, clock } = ctx;
  const rebuilt = rebuildMissingRollups(db);
  if (rebuilt.length) ctx.logger.info('rebuilt stats rollups from raw rows', { tables: rebuilt.join(',') });
  const oldest = Math.floor((clock.now() - KEEP_ROLLUPS_DAYS * 86_400_000) / 60_000);
  for (const t of ROLLUP_TABLES)
    db.prepare(`DELETE FROM ${t} WHERE minute < ?`).run(oldest);

  const queries = new StatsQueries(db, () => clock.now());

  const sendWebhook = (alert: Alert, rule: AlertRule, state: 'fired' | 'cleared') => {
    const target = rule.webhookEndpointId;
    // Never about the alert endpoint itself: its own failures would feed its alerts.
    if (!target || (alert.subject.type === 'endpoint' && alert.subject.id === target)) return;
    const send = modules.dispatcher?.handlers['events.send'];
    if (!send) return;
    Promise.resolve()
      .then(() =>
        send({
          topic: `hookbench.alert.${state}`,
          endpointIds: [target],
          payload: {
            type: `alert.${state}`,
            alert: {
              id: alert.id,
              rule: alert.ruleName,
              kind: alert.kind,
              subject: alert.subject,
              value: alert.value,
              threshold: alert.threshold,
              message: alert.message,
              firedAt: new Date(alert.firedAt).toISOString(),
              clearedAt: alert.clearedAt === null ? null : new Date(alert.clearedAt).toISOString(),
            },
          },
        }),
      )
      .catch((err: Error) =>
        ctx.logger.warn('alert webhook not sent', { rule: rule.id, endpoint: target, error: err.message }),
      );
  };

  const engine = new AlertEngine(ctx, queries, sendWebhook);

  let timer: NodeJS.Timeout | null = null;
  let tick: NodeJS.Timeout | null = null;
  const endpointIds = new Set<string>();
  const inboxes = new Set<string>();
  let closed = false;
  const evaluate = () => {
    try {
      engine.evaluate();
    } catch (err) {
      ctx.logger.error('alert evaluation failed', { error: (err as Error).message });
    }
  };
  const flush = () => {
    timer = null;
    if (closed) return;
    if (endpointIds.size || inboxes.size) {
      ctx.events.emit('stats.updated', { at: clock.now(), endpointIds: [...endpointIds], inboxes: [...inboxes] });
      endpointIds.clear();
      inboxes.clear();
    }
    evaluate();
  };
  const schedule = () => {
    if (!timer && !closed) timer = setTimeout(flush, SETTLE_MS);
  };
  const unsubscribe = ctx.events.subscribe((event, payload) => {
    if (event === 'deliveries.updated') {
      for (const d of (payload as { items: { endpointId: string }[] }).items) endpointIds.add(d.endpointId);
      schedule();
    } else if (event === 'requests.received') {
      for (const r of (payload as { items: { inbox: string }[] }).items) inboxes.add(r.inbox);
      schedule();
    } else if (event === 'endpoints.changed' || event === 'endpoints.disabled') schedule();
  });

  const now = () => clock.now();
  return {
    handlers: {
      'stats.overview': ({ endpointId, topic, ...w }) =>
        queries.deliveries(resolveWindow(w, now()), { endpointId, topic }),
      'stats.endpoint': ({ id, ...w }) => queries.deliveries(resolveWindow(w, now()), { endpointId: id }),
      'stats.inbox': ({ slug, ...w }) => queries.inboxes(resolveWindow(w, now()), slug),
      'stats.sparklines': ({ window, buckets }) =>
        queries.sparklines(resolveWindow({ window: window ?? '24h' }, now(), (buckets ?? 24) + 1)),
      'alerts.rules.list': () => engine.rules(),
      'alerts.rules.create': (input) => {
        const rule = engine.create({
          enabled: true,
          desktop: true,
          webhookEndpointId: null,
          scope: {},
          minVolume: 1,
          ...input,
        });
        schedule();
        return rule;
      },
      'alerts.rules.update': ({ id, ...patch }) => {
        const rule = engine.update(id, patch);
        schedule();
        return rule;
      },
      'alerts.rules.delete': ({ id }) => ({ deleted: engine.delete(id) }),
      'alerts.list': ({ open, limit }) => engine.list(open, limit),
    },
    start() {
      tick = setInterval(evaluate, TICK_MS);
      tick.unref();
      evaluate();
    },
    close() {
      closed = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      if (tick) clearInterval(tick);
    },
    // For tests on a fake clock: one alert pass now.
    evaluate: () => engine.evaluate(),
  } as CoreModule & { evaluate: () => ReturnType<AlertEngine['evaluate']> };
}
