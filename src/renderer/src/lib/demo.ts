import { api } from './api';
import { useStore } from '../store';

/**
 * "Try the loop": a demo workspace that shows send → fail → retry → succeed → verified in under a
 * minute, offline. An inbox answers 500, 500, then 200; an endpoint delivers to it, signed, with a
 * short retry schedule, and time compression makes the retries come in seconds. One event is sent.
 * Everything it makes is named so that "Remove the demo" finds it again, and the time compression
 * it replaced is put back.
 */
export const DEMO_SLUG = 'try-the-loop';
export const DEMO_NAME = 'Try the loop (demo)';
export const DEMO_TOPIC = 'demo.order.paid';
const PREV_KEY = 'hookbench.demo.previousCompression';
const COMPRESSION = 10;

export interface DemoStarted {
  endpointId: string;
  deliveryId: string | null;
  eventId: string;
}

export async function startDemo(): Promise<DemoStarted> {
  await removeDemo({ restoreSettings: false });
  const s = useStore.getState();
  const receiver = await api.receiver.status({});
  const base = receiver.http?.baseUrl;
  if (!base) throw new Error('The receiver is not running: start it in Settings → Receiver, then try again.');
  await api.inboxes.create({
    slug: DEMO_SLUG,
    name: DEMO_NAME,
    rules: [
      {
        name: 'Fail twice, then succeed',
        enabled: true,
        match: {},
        action: {
          type: 'sequence',
          steps: [
            { status: 500, body: '{"error":"database is busy"}' },
            { status: 500, body: '{"error":"database is busy"}' },
            { status: 200, body: '{"ok":true}' },
          ],
          after: 'repeat-last',
        },
      },
    ],
  });
  const endpoint = await api.endpoints.create({
    name: DEMO_NAME,
    url: `${base}/${DEMO_SLUG}/orders`,
    topics: [DEMO_TOPIC],
    // 10 s, then 20 s: with 10× time compression, 1 s and 2 s.
    retry: { delays: [10, 20, 40] },
    allowPlainHttp: true,
    description: 'Made by “Try the loop”; Settings → Demo removes it.',
  });
  await api.inboxes.update({
    slug: DEMO_SLUG,
    verify: { scheme: endpoint.signing.scheme, secrets: [endpoint.secret] },
  });
  const previous = s.settings?.dispatchTimeCompression ?? 1;
  try {
    if (localStorage.getItem(PREV_KEY) === null) localStorage.setItem(PREV_KEY, String(previous));
  } catch {
    // No storage: removing the demo then sets compression back to 1 (real time).
  }
  if (previous < COMPRESSION) await s.updateSettings({ dispatchTimeCompression: COMPRESSION });
  const sent = await api.events.send({
    topic: DEMO_TOPIC,
    payload: { orderId: 'ord_1042', amount: 4999, currency: 'EUR', customer: 'Ada Lovelace' },
    endpointIds: [endpoint.id],
  });
  await Promise.all([s.loadInboxes(), s.loadEndpoints()]);
  return { endpointId: endpoint.id, deliveryId: sent.deliveryIds[0] ?? null, eventId: sent.eventId };
}

/** Whether the demo's inbox or endpoint exists. */
export function demoPresent(): boolean {
  const s = useStore.getState();
  return s.inboxes.some((i) => i.slug === DEMO_SLUG) || s.endpoints.some((e) => e.name === DEMO_NAME);
}

/** Deletes the demo's endpoint (with its deliveries) and inbox (with its requests). */
export async function removeDemo(opts: { restoreSettings?: boolean } = {}): Promise<void> {
  const s = useStore.getState();
  const [endpoints, inboxes] = await Promise.all([api.endpoints.list({}), api.inboxes.list({})]);
  for (const e of endpoints.items.filter((x) => x.name === DEMO_NAME)) await api.endpoints.delete({ id: e.id });
  if (inboxes.items.some((i) => i.slug === DEMO_SLUG)) await api.inboxes.delete({ slug: DEMO_SLUG });
  if (opts.restoreSettings !== false) {
    let previous: number;
    try {
      previous = Number(localStorage.getItem(PREV_KEY) ?? 1) || 1;
      localStorage.removeItem(PREV_KEY);
    } catch {
      previous = 1;
    }
    // The store may not hold the settings yet (a click right after a reload): ask the host then.
    const current = (useStore.getState().settings ?? (await api.settings.get())).dispatchTimeCompression;
    if (current !== previous) await s.updateSettings({ dispatchTimeCompression: previous });
  }
  await Promise.all([s.loadInboxes(), s.loadEndpoints()]);
  if (s.inboxSlug === DEMO_SLUG) s.openInbox(useStore.getState().inboxes[0]?.slug ?? 'default');
}
