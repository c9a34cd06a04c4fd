import { beforeAll, describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * requests.findByDeliveryId through the headless host's HTTP API: a delivery sent to one of
 * Hookbench's own inboxes is found by its delivery id (the webhook id header it carried), as the
 * request that inbox captured, and deliveries.find finds the delivery from the request's delivery
 * id, so each links to the other. An unknown id finds nothing; bad input is refused with 400.
 */

const TOKEN = 'delivery-link-token';
let base: string;

const h = useHttpHost(TOKEN);

beforeAll(async () => {
  base = (await h.api.call('receiver.status')).http.baseUrl;
});

describe('requests.findByDeliveryId through the HTTP API', () => {
  it('links a delivery and the request a local inbox captured, both ways', async () => {
    await h.api.call('inboxes.create', { slug: 'linked', name: 'Linked' });
    const ep = await h.api.call('endpoints.create', { name: 'to inbox', url: `${base}/linked/hooks`, topics: ['*'], retry: { delays: [] } });
    const sent = await h.api.call('events.send', { topic: 'order.paid', payload: { n: 1 }, endpointIds: [ep.id] });
    const deliveryId = sent.deliveryIds[0] as string;
    const captured = await until(async () => {
      const { items } = await h.api.call('requests.list', { inbox: 'linked' });
      return items[0] ?? null;
    });
    expect(captured.deliveryId).toBe(deliveryId);
    const { delivery } = await h.api.call('deliveries.find', { id: captured.deliveryId });
    expect(delivery).toMatchObject({ id: deliveryId, endpointId: ep.id, endpointName: 'to inbox', topic: 'order.paid' });
    // An id this Hookbench never sent: null, not an error.
    expect(await h.api.call('deliveries.find', { id: 'msg_someone_else' })).toEqual({ delivery: null });

    const found = await h.api.call('requests.findByDeliveryId', { deliveryId });
    expect(found.items).toEqual([{ inbox: 'linked', id: captured.id, number: captured.number, receivedAt: captured.receivedAt }]);

    // A retry under the same delivery id is a second capture, oldest first.
    await h.api.call('deliveries.retry', { id: deliveryId });
    const both = await until(async () => {
      const r = await h.api.call('requests.findByDeliveryId', { deliveryId: ` ${deliveryId} ` });
      return r.items.length === 2 ? r.items : null;
    });
    expect(both[0].id).toBe(captured.id);
    expect(both[1].number).toBeGreaterThan(captured.number);

    expect((await h.api.call('requests.findByDeliveryId', { deliveryId: 'msg_nothing' })).items).toEqual([]);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    const bad = (key: string) => [{}, { [key]: '' }, { [key]: '   ' }, { [key]: 7 }, { [key]: 'x'.repeat(257) }, { [key]: 'a', extra: 1 }];
    const cases: [string, unknown][] = [
      ...bad('deliveryId').map((i): [string, unknown] => ['requests.findByDeliveryId', i]),
      ...bad('id').map((i): [string, unknown] => ['deliveries.find', i]),
    ];
    const before = (await h.api.call('deliveries.list')).total;
    for (const [method, input] of cases) {
      const err = await h.api.call(method, input).then(
        () => null,
        (e: { status: number; body: { error: { code: string } } }) => e,
      );
      expect(err, `${method} ${JSON.stringify(input)}`).not.toBeNull();
      expect(err!.status).toBe(400);
      expect(err!.body.error.code).toBe('invalid_input');
    }
    expect((await h.api.call('deliveries.list')).total).toBe(before);
  });
});
