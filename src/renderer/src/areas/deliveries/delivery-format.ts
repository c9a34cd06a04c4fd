import type { MethodOutput } from '../../../../shared/contract';
import type { Attempt, DeliveryStatus } from '../../../../shared/dispatcher-deliveries';

export const STATUS_LABEL: Record<DeliveryStatus, string> = {
  pending: 'Pending',
  retrying: 'Retrying',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export const STATUS_BADGE: Record<DeliveryStatus, string> = {
  pending: 'badge-accent',
  retrying: 'badge-warn',
  succeeded: 'badge-ok',
  failed: 'badge-err',
  cancelled: '',
};

export const STATUS_TONE: Record<DeliveryStatus, string> = {
  pending: 'tone-accent',
  retrying: 'tone-warn',
  succeeded: 'tone-ok',
  failed: 'tone-err',
  cancelled: 'tone-muted',
};

export const KIND_LABEL = { event: 'Event', ping: 'Ping', test: 'Test' } as const;

/** "in 4 min", "in 12 s": a near-future time, compact. */
export function untilText(ms: number, now = Date.now()): string {
  const s = Math.round((ms - now) / 1000);
  if (s <= 0) return 'now';
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 86400) return `in ${(s / 3600).toFixed(1)} h`;
  return `in ${(s / 86400).toFixed(1)} d`;
}

/** A request one of this Hookbench's inboxes captured carrying a delivery's id. */
export type CapturedRequest = MethodOutput<'requests.findByDeliveryId'>['items'][number];

/** Slack around an attempt's span for when the inbox noted the request (millisecond clocks). */
const SLACK_MS = 1000;
/** How much earlier than an attempt's start a capture may be noted and still be after it (clock reads). */
const EARLY_MS = 50;

/**
 * Which captured request each attempt produced. Each capture (oldest first) goes to the unmatched
 * attempt that was running when it arrived and started last before it (so an attempt that failed
 * just before a retry does not take the retry's capture). An attempt that never reached an inbox
 * gets none.
 */
export function capturesByAttempt(attempts: Attempt[], captures: CapturedRequest[]): Map<string, CapturedRequest> {
  const out = new Map<string, CapturedRequest>();
  const used = new Set<string>();
  for (const c of [...captures].sort((x, y) => x.id - y.id)) {
    let best: Attempt | null = null;
    let bestScore = Infinity;
    for (const a of attempts) {
      if (used.has(a.id)) continue;
      const end = a.startedAt + Math.max(a.timings.totalMs, 0);
      if (c.receivedAt < a.startedAt - SLACK_MS || c.receivedAt > end + SLACK_MS) continue;
      // Started before the capture: the later the better; otherwise only as a last resort.
      const score = c.receivedAt >= a.startedAt - EARLY_MS ? c.receivedAt - a.startedAt : 1e12 + a.startedAt - c.receivedAt;
      if (score < bestScore) {
        best = a;
        bestScore = score;
      }
    }
    if (best) {
      used.add(best.id);
      out.set(best.id, c);
    }
  }
  return out;
}
