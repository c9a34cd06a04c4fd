/**
 * What the screen-reader live region says about things that happen in the background (requests
 * arriving, deliveries finishing), rate-limited: everything that happens in a burst becomes one
 * sentence, said once the burst has been quiet for `quietMs`, or after `maxWaitMs` if it goes on.
 * Pure (timers injected) so the rate limit is unit-tested.
 */
export interface AnnouncerTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export type DeliveryOutcome = 'succeeded' | 'failed' | 'retrying';

export interface Announcer {
  requests(inbox: string, count: number): void;
  delivery(id: string, outcome: DeliveryOutcome): void;
  dispose(): void;
}

const plural = (n: number, one: string, many: string) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The sentence for one burst; exported for tests. */
export function describeBurst(
  requests: Map<string, number>,
  deliveries: Record<DeliveryOutcome, number>,
): string {
  const parts: string[] = [];
  const inboxes = [...requests.entries()];
  if (inboxes.length === 1)
    parts.push(`${plural(inboxes[0][1], 'new request', 'new requests')} in ${inboxes[0][0]}.`);
  else if (inboxes.length > 1) {
    const total = inboxes.reduce((n, [, c]) => n + c, 0);
    parts.push(`${plural(total, 'new request', 'new requests')} in ${inboxes.length} inboxes.`);
  }
  const done: string[] = [];
  if (deliveries.succeeded) done.push(`${plural(deliveries.succeeded, 'delivery', 'deliveries')} succeeded`);
  if (deliveries.failed) done.push(`${plural(deliveries.failed, 'delivery', 'deliveries')} failed`);
  if (deliveries.retrying) done.push(`${plural(deliveries.retrying, 'delivery', 'deliveries')} will retry`);
  if (done.length) parts.push(`${done.join(', ')}.`);
  return parts.join(' ');
}

export function createAnnouncer(
  say: (text: string) => void,
  timers: AnnouncerTimers,
  opts: { quietMs?: number; maxWaitMs?: number } = {},
): Announcer {
  const quietMs = opts.quietMs ?? 1000;
  const maxWaitMs = opts.maxWaitMs ?? 10_000;
  let requests = new Map<string, number>();
  let deliveries: Record<DeliveryOutcome, number> = { succeeded: 0, failed: 0, retrying: 0 };
  // The last outcome said per delivery, so repeated updates of one delivery are not counted twice.
  const told = new Map<string, DeliveryOutcome>();
  let timer: unknown = null;
  let burstStart = 0;

  const flush = () => {
    timer = null;
    const text = describeBurst(requests, deliveries);
    requests = new Map();
    deliveries = { succeeded: 0, failed: 0, retrying: 0 };
    if (text) say(text);
  };
  const touch = () => {
    const now = timers.now();
    if (timer === null) burstStart = now;
    else timers.clear(timer);
    const wait = Math.max(0, Math.min(quietMs, burstStart + maxWaitMs - now));
    timer = timers.set(flush, wait);
  };

  return {
    requests(inbox, count) {
      if (count <= 0) return;
      requests.set(inbox, (requests.get(inbox) ?? 0) + count);
      touch();
    },
    delivery(id, outcome) {
      if (told.get(id) === outcome) return;
      told.delete(id);
      told.set(id, outcome);
      if (told.size > 2000) told.delete(told.keys().next().value as string);
      deliveries[outcome]++;
      touch();
    },
    dispose() {
      if (timer !== null) timers.clear(timer);
      timer = null;
    },
  };
}
