import { describe, expect, it } from 'vitest';
import { until, useHttpHost } from './api-client';

/**
 * Endpoints, deliveries and the event catalog driven through the headless host, against a real
 * local server: a paused endpoint holds deliveries (one cancelled, the rest drain on resume), a
 * failed delivery is retried, a 410 disables the endpoint until it is reactivated, and custom
 * catalog events are listed, changed and deleted; each change is pushed over GET /api/events.
 */

const TOKEN = 'dispatcher-token';
const consumer = { failing: false };

const h = useHttpHost(TOKEN, {
  sink: (r) => ({
    status: r.body.includes('"gone":true') ? 410 : consumer.failing ? 500 : 204,
  }),
  events: true,
});

const delivery = (id: string) => h.api.call('deliveries.get', { id });
const settled = (id: string) =>
  until(async () => {
    const d = await delivery(id);
    return d.status !== 'pending' && d.status !== 'retrying' ? d : null;
  });

describe('endpoints and deliveries through the HTTP API', () => {
  it('a paused endpoint holds deliveries: one is cancelled, the others drain on resume', async () => {
    const ep = await h.api.call('endpoints.create', { name: 'held', url: `${h.sink.url}/held`, topics: ['order.*'], retry: { delays: [] } });
    await h.sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'created');
    expect((await h.api.call('endpoints.pause', { id: ep.id })).state).toBe('paused');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await h.api.call('events.send', { topic: 'order.paid', payload: { i }, endpointIds: [ep.id] })).deliveryIds[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.sink.received).toHaveLength(0);
    expect((await delivery(ids[0])).status).toBe('pending');

    const cancelled = await h.api.call('deliveries.cancel', { id: ids[0] });
    expect(cancelled.status).toBe('cancelled');
    await h.sse.waitFor('deliveries.updated', (d) => d.items.some((x: { id: string; status: string }) => x.id === ids[0] && x.status === 'cancelled'));

    const resumed = await h.api.call('endpoints.resume', { id: ep.id });
    expect(resumed.state).toBe('active');
    await h.sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'resumed');
    await h.sink.waitFor(2);
    expect((await settled(ids[1])).status).toBe('succeeded');
    expect((await settled(ids[2])).status).toBe('succeeded');
    expect((await delivery(ids[0])).status).toBe('cancelled');
    const sent = h.sink.received.map((r) => r.body.toString());
    expect(sent.some((b) => b.includes('"i":0'))).toBe(false);
    expect(sent.filter((b) => b.includes('"i":1') || b.includes('"i":2'))).toHaveLength(2);
    await h.sse.waitFor('deliveries.updated', (d) => d.items.some((x: { id: string; status: string }) => x.id === ids[2] && x.status === 'succeeded'));
    // A delivery already sent cannot be cancelled.
    await expect(h.api.call('deliveries.cancel', { id: ids[1] })).rejects.toMatchObject({ status: 409 });
    expect((await delivery(ids[1])).status).toBe('succeeded');
  });

  it('retries a failed delivery under its id and as a new delivery', async () => {
    const ep = await h.api.call('endpoints.create', { name: 'flaky', url: `${h.sink.url}/flaky`, topics: ['invoice.*'], retry: { delays: [] } });
    consumer.failing = true;
    const id = (await h.api.call('events.send', { topic: 'invoice.paid', payload: { n: 1 }, endpointIds: [ep.id] })).deliveryIds[0];
    const failed = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', lastStatus: 500, attempts: 1 });

    consumer.failing = false;
    const before = h.sink.received.length;
    await h.api.call('deliveries.retry', { id });
    const again = await settled(id);
    expect(again).toMatchObject({ status: 'succeeded', lastStatus: 204, attempts: 2 });
    await h.sink.waitFor(before + 1);
    expect(h.sink.received[before].headers['webhook-id']).toBe(id);

    const copy = await h.api.call('deliveries.retry', { id, newId: true });
    expect(copy.id).not.toBe(id);
    expect(copy.eventId).toBe(failed.eventId);
    expect((await settled(copy.id)).status).toBe('succeeded');
    await h.sink.waitFor(before + 2);
    expect(h.sink.received[before + 1].headers['webhook-id']).toBe(copy.id);
    await expect(h.api.call('deliveries.retry', { id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('a 410 disables the endpoint (endpoints.disabled) until it is reactivated', async () => {
    const ep = await h.api.call('endpoints.create', { name: 'retired', url: `${h.sink.url}/retired`, topics: ['user.*'], retry: { delays: [] } });
    await h.api.call('events.send', { topic: 'user.deleted', payload: { gone: true }, endpointIds: [ep.id] });
    const disabled = await h.sse.waitFor('endpoints.disabled', (d) => d.id === ep.id);
    expect(disabled).toMatchObject({ name: 'retired', reason: 'gone' });
    expect(disabled.message).toMatch(/410/);
    expect((await h.api.call('endpoints.get', { id: ep.id })).state).toBe('disabled');

    const before = h.sink.received.length;
    // Sending to it is refused with a clear conflict, and nothing reaches the server.
    await expect(h.api.call('events.send', { topic: 'user.created', payload: { n: 2 }, endpointIds: [ep.id] })).rejects.toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/disabled/) } },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(h.sink.received.length).toBe(before);

    const back = await h.api.call('endpoints.reactivate', { id: ep.id });
    expect(back.state).toBe('active');
    await h.sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'reactivated');
    const id = (await h.api.call('events.send', { topic: 'user.created', payload: { n: 3 }, endpointIds: [ep.id] })).deliveryIds[0];
    expect((await settled(id)).status).toBe('succeeded');
    await h.sink.waitFor(before + 1);
    expect(h.sink.received[before].url).toBe('/retired');
  });

  it('pings an endpoint, even paused, and deletes it with its deliveries', async () => {
    const ep = await h.api.call('endpoints.create', { name: 'pinged', url: `${h.sink.url}/pinged`, topics: ['none.*'], retry: { delays: [] } });
    await h.api.call('endpoints.pause', { id: ep.id });
    const before = h.sink.received.length;
    const ping = await h.api.call('endpoints.ping', { id: ep.id });
    expect(ping.deliveryIds).toHaveLength(1);
    expect((await settled(ping.deliveryIds[0])).status).toBe('succeeded');
    await h.sink.waitFor(before + 1);
    const sent = h.sink.received.find((r) => r.url === '/pinged');
    expect(sent?.body.toString()).toContain('webhook.ping');

    expect(await h.api.call('endpoints.delete', { id: ep.id })).toEqual({ id: ep.id, deleted: true });
    await h.sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'deleted');
    await expect(h.api.call('endpoints.get', { id: ep.id })).rejects.toMatchObject({ status: 404 });
    await expect(delivery(ping.deliveryIds[0])).rejects.toMatchObject({ status: 404 });
    // Deleting it again is a 404 that changes nothing.
    await expect(h.api.call('endpoints.delete', { id: ep.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe('the event catalog through the HTTP API', () => {
  it('lists, changes and deletes a custom event; builtin events are refused', async () => {
    await h.api.call('catalog.create', { topic: 'invoice.voided', description: 'An invoice was voided', sample: '{"invoice":"inv_1"}' });
    const custom = await h.api.call('catalog.list', { source: 'custom' });
    expect(custom.items.map((e: { topic: string }) => e.topic)).toEqual(['invoice.voided']);
    const all = await h.api.call('catalog.list', {});
    expect(all.items.length).toBeGreaterThan(custom.items.length);
    expect(all.sources).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'custom', count: 1 })]));
    expect((await h.api.call('catalog.list', { query: 'voided' })).items).toHaveLength(1);

    const updated = await h.api.call('catalog.update', { topic: 'invoice.voided', description: 'Voided by the customer', sample: '{"invoice":"inv_2"}' });
    expect(updated).toMatchObject({ description: 'Voided by the customer', source: 'custom' });
    const changed = await h.sse.waitFor('catalog.changed', (d) => d.topic === 'invoice.voided' && d.action === 'updated');
    expect(changed.entry.description).toBe('Voided by the customer');
    // Sent without a payload, the event carries the changed sample.
    const ep = await h.api.call('endpoints.create', { name: 'catalog', url: `${h.sink.url}/catalog`, topics: ['invoice.voided'], retry: { delays: [] } });
    const before = h.sink.received.length;
    await h.api.call('events.send', { topic: 'invoice.voided', endpointIds: [ep.id] });
    await h.sink.waitFor(before + 1);
    expect(h.sink.received[before].body.toString()).toContain('inv_2');

    const builtin = all.items.find((e: { source: string }) => e.source !== 'custom');
    await expect(h.api.call('catalog.update', { topic: builtin.topic, description: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(h.api.call('catalog.delete', { topic: builtin.topic })).rejects.toMatchObject({ status: 403 });
    expect((await h.api.call('catalog.get', { topic: builtin.topic })).description).toBe(builtin.description);

    expect(await h.api.call('catalog.delete', { topic: 'invoice.voided' })).toEqual({ topic: 'invoice.voided', deleted: true });
    await h.sse.waitFor('catalog.changed', (d) => d.topic === 'invoice.voided' && d.action === 'deleted' && d.entry === null);
    expect((await h.api.call('catalog.list', { source: 'custom' })).items).toHaveLength(0);
  });
});
