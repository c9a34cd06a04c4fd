import type { Completion, PlannedCompletion } from './completion';
import type { CycleBatch } from './cycle-batch';
import type { EndpointRecord } from './endpoint-store';
import type { EngineHooks } from './engine';

/** Consecutive failed deliveries per endpoint; returns what to apply once committed (disabling included). */
export function countFailures(
  completions: Completion[],
  plans: PlannedCompletion[],
  now: number,
  ops: CycleBatch,
  hooks: EngineHooks,
  hold: (endpointId: string) => void,
): (() => void)[] {
  const after: (() => void)[] = [];
  const counts = new Map<EndpointRecord, number>();
  plans.forEach((p, i) => {
    const ep = hooks.endpoint(completions[i].row.endpoint_id);
    if (!ep) return;
    // Pings test the connection: they neither reset nor add to the failure count (410 still disables).
    const ping = completions[i].row.kind === 'ping';
    const before = counts.get(ep) ?? ep.consecutiveFailures;
    const failures = ping
      ? before
      : p.status === 'succeeded'
        ? 0
        : p.status === 'failed'
          ? before + 1
          : before;
    counts.set(ep, failures);
    if (p.status !== 'failed' || ep.state === 'disabled') return;
    const limit = hooks.disableAfter();
    const reason = p.gone ? 'gone' : !ping && limit > 0 && failures >= limit ? 'failures' : null;
    if (!reason || after.some((f) => (f as { ep?: EndpointRecord }).ep === ep)) return;
    const message =
      reason === 'gone'
        ? `Endpoint "${ep.fields.name}" answered 410 Gone, so Hookbench disabled it. Fix the URL, then reactivate it.`
        : `Endpoint "${ep.fields.name}" was disabled after ${failures} failed deliveries in a row. Fix the receiver, then reactivate it.`;
    ops.writes.push(['setState', ['disabled', message, failures, now, ep.id]]);
    const apply = Object.assign(
      () => {
        ep.state = 'disabled';
        ep.disabledReason = message;
        ep.updatedAt = now;
        hold(ep.id);
        hooks.onDisabled(ep, reason, message);
      },
      { ep },
    );
    after.push(apply);
  });
  for (const [ep, failures] of counts) {
    if (failures === ep.consecutiveFailures) continue;
    ops.writes.push(['setFailures', [failures, ep.id]]);
    after.unshift(() => (ep.consecutiveFailures = failures));
  }
  return after;
}
