import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { silentLogger } from '../../../src/core/util/logger';
import { startCore } from '../../helpers/temp-core';
import { apiClient, until } from './api-client';

/**
 * requests.findByDeliveryId through the headless host's HTTP API: a delivery sent to one of
 * Hookbench's own inboxes is found by its delivery id (the webhook id header it carried), as the
 * request that inbox captured, and deliveries.get finds the delivery from the request's delivery
 * id, so each links to the other. An unknown id finds nothing; bad input is refused with 400.
 */

const TOKEN = 'delivery-link-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let api: ReturnType<typeof apiClient>;
let base: string;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
  api = apiClient(host.url, TOKEN);
  base = (await api.call('receiver.status')).http.baseUrl;
});
afterAll(async () => {
  await host?.close();
  await core?.close();
});

describe('requests.findByDeliveryId through the HTTP API', () => {
  it('links a delivery and the request a local inbox captured, both ways', async () => {
    await api.call('inboxes.create', { slug: 'linked', name: 'Linked' });
    const ep = await api.call('endpoints.create', { name: 'to inbox', url: `${base}/linked/hooks`, topics: ['*'], retry: { delays: [] } });
    const sent = await api.call('events.send', { topic: 'order.paid', payload: { n: 1 }, endpointIds: [ep.id] });
    const deliveryId = sent.deliveryIds[0] as string;
    const captured = await until(async () => {
      const { items } = await api.call('requests.list', { inbox: 'linked' });
      return items[0] ?? null;
    });
    expect(captured.deliveryId).toBe(deliveryId);
    expect((await api.call('deliveries.get', { id: captured.deliveryId })).id).toBe(deliveryId);

    const found = await api.call('requests.findByDeliveryId', { deliveryId });
    expect(found.items).toEqual([{ inbox: 'linked', id: captured.id, number: captured.number, receivedAt: captured.receivedAt }]);

    // A retry under the same delivery id is a second capture, oldest first.
    await api.call('deliveries.retry', { id: deliveryId });
    const both = await until(async () => {
      const r = await api.call('requests.findByDeliveryId', { deliveryId: ` ${deliveryId} ` });
      return r.items.length === 2 ? r.items : null;
    });
    expect(both[0].id).toBe(captured.id);
    expect(both[1].number).toBeGreaterThan(captured.number);

    expect((await api.call('requests.findByDeliveryId', { deliveryId: 'msg_nothing' })).items).toEqual([]);
  });

  it('refuses bad input with 400 and changes nothing', async () => {
    for (const input of [{}, { deliveryId: '' }, { deliveryId: '   ' }, { deliveryId: 7 }, { deliveryId: 'x'.repeat(257) }, { deliveryId: 'a', extra: 1 }]) {
      const err = await api.call('requests.findByDeliveryId', input).then(
        () => null,
        (e: { status: number; body: { error: { code: string } } }) => e,
      );
      expect(err, JSON.stringify(input)).not.toBeNull();
      expect(err!.status).toBe(400);
      expect(err!.body.error.code).toBe('invalid_input');
    }
  });
});
