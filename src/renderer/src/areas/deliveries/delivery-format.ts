import type { DeliveryStatus } from '../../../../shared/dispatcher-deliveries';

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
