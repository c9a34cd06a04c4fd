import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpHost, type HttpHost } from '../../../src/server/http-server';
import { silentLogger } from '../../../src/core/util/logger';
import { startCore } from '../../helpers/temp-core';
import { startSink, type Sink } from '../dispatcher/helpers';
import { apiClient, until } from './api-client';

/**
 * Endpoints, deliveries and the event catalog driven through the headless host, against a real
 * local server: a paused endpoint holds deliveries (one cancelled, the rest drain on resume), a
 * failed delivery is retried, a 410 disables the endpoint until it is reactivated, and custom
 * catalog events are listed, changed and deleted; each change is pushed over GET /api/events.
 */

const TOKEN = 'dispatcher-token';
let core: Awaited<ReturnType<typeof startCore>>;
let host: HttpHost;
let sink: Sink;
const consumer = { failing: false };
let api: ReturnType<typeof apiClient>;
let sse: Awaited<ReturnType<ReturnType<typeof apiClient>['events']>>;

beforeAll(async () => {
  core = await startCore();
  host = await startHttpHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, logger: silentLogger });
  api = apiClient(host.url, TOKEN);
  sink = await startSink((r) => ({
    status: r.body.includes('"gone":true') ? 410 : consumer.failing ? 500 : 204,
  }));
  sse = await api.events();
});
afterAll(async () => {
  await sse?.close();
  await sink?.close();
  await host?.close();
  await core?.close();
});

const delivery = (id: string) => api.call('deliveries.get', { id });
const settled = (id: string) =>
  until(async () => {
    const d = await delivery(id);
    return d.status !== 'pending' && d.status !== 'retrying' ? d : null;
  });

describe('endpoints and deliveries through the HTTP API', () => {
  it('a paused endpoint holds deliveries: one is cancelled, the others drain on resume', async () => {
    const ep = await api.call('endpoints.create', { name: 'held', url: `${sink.url}/held`, topics: ['order.*'], retry: { delays: [] } });
    await sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'created');
    expect((await api.call('endpoints.pause', { id: ep.id })).state).toBe('paused');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.call('events.send', { topic: 'order.paid', payload: { i }, endpointIds: [ep.id] })).deliveryIds[0]);
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.received).toHaveLength(0);
    expect((await delivery(ids[0])).status).toBe('pending');

    const cancelled = await api.call('deliveries.cancel', { id: ids[0] });
    expect(cancelled.status).toBe('cancelled');
    await sse.waitFor('deliveries.updated', (d) => d.items.some((x: { id: string; status: string }) => x.id === ids[0] && x.status === 'cancelled'));

    const resumed = await api.call('endpoints.resume', { id: ep.id });
    expect(resumed.state).toBe('active');
    await sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'resumed');
    await sink.waitFor(2);
    expect((await settled(ids[1])).status).toBe('succeeded');
    expect((await settled(ids[2])).status).toBe('succeeded');
    expect((await delivery(ids[0])).status).toBe('cancelled');
    const sent = sink.received.map((r) => r.body.toString());
    expect(sent.some((b) => b.includes('"i":0'))).toBe(false);
    expect(sent.filter((b) => b.includes('"i":1') || b.includes('"i":2'))).toHaveLength(2);
    await sse.waitFor('deliveries.updated', (d) => d.items.some((x: { id: string; status: string }) => x.id === ids[2] && x.status === 'succeeded'));
    // A delivery already sent cannot be cancelled.
    await expect(api.call('deliveries.cancel', { id: ids[1] })).rejects.toMatchObject({ status: 409 });
    expect((await delivery(ids[1])).status).toBe('succeeded');
  });

  it('retries a failed delivery under its id and as a new delivery', async () => {
    const ep = await api.call('endpoints.create', { name: 'flaky', url: `${sink.url}/flaky`, topics: ['invoice.*'], retry: { delays: [] } });
    consumer.failing = true;
    const id = (await api.call('events.send', { topic: 'invoice.paid', payload: { n: 1 }, endpointIds: [ep.id] })).deliveryIds[0];
    const failed = await settled(id);
    expect(failed).toMatchObject({ status: 'failed', lastStatus: 500, attempts: 1 });

    consumer.failing = false;
    const before = sink.received.length;
    await api.call('deliveries.retry', { id });
    const again = await settled(id);
    expect(again).toMatchObject({ status: 'succeeded', lastStatus: 204, attempts: 2 });
    await sink.waitFor(before + 1);
    expect(sink.received[before].headers['webhook-id']).toBe(id);

    const copy = await api.call('deliveries.retry', { id, newId: true });
    expect(copy.id).not.toBe(id);
    expect(copy.eventId).toBe(failed.eventId);
    expect((await settled(copy.id)).status).toBe('succeeded');
    await sink.waitFor(before + 2);
    expect(sink.received[before + 1].headers['webhook-id']).toBe(copy.id);
    await expect(api.call('deliveries.retry', { id: 'nope' })).rejects.toMatchObject({ status: 404 });
  });

  it('a 410 disables the endpoint (endpoints.disabled) until it is reactivated', async () => {
    const ep = await api.call('endpoints.create', { name: 'retired', url: `${sink.url}/retired`, topics: ['user.*'], retry: { delays: [] } });
    await api.call('events.send', { topic: 'user.deleted', payload: { gone: true }, endpointIds: [ep.id] });
    const disabled = await sse.waitFor('endpoints.disabled', (d) => d.id === ep.id);
    expect(disabled).toMatchObject({ name: 'retired', reason: 'gone' });
    expect(disabled.message).toMatch(/410/);
    expect((await api.call('endpoints.get', { id: ep.id })).state).toBe('disabled');

    const before = sink.received.length;
    // Sending to it is refused with a clear conflict, and nothing reaches the server.
    await expect(api.call('events.send', { topic: 'user.created', payload: { n: 2 }, endpointIds: [ep.id] })).rejects.toMatchObject({
      status: 409,
      body: { error: { message: expect.stringMatching(/disabled/) } },
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.received.length).toBe(before);

    const back = await api.call('endpoints.reactivate', { id: ep.id });
    expect(back.state).toBe('active');
    await sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'reactivated');
    const id = (await api.call('events.send', { topic: 'user.created', payload: { n: 3 }, endpointIds: [ep.id] })).deliveryIds[0];
    expect((await settled(id)).status).toBe('succeeded');
    await sink.waitFor(before + 1);
    expect(sink.received[before].url).toBe('/retired');
  });

  it('pings an endpoint, even paused, and deletes it with its deliveries', async () => {
    const ep = await api.call('endpoints.create', { name: 'pinged', url: `${sink.url}/pinged`, topics: ['none.*'], retry: { delays: [] } });
    await api.call('endpoints.pause', { id: ep.id });
    const before = sink.received.length;
    const ping = await api.call('endpoints.ping', { id: ep.id });
    expect(ping.deliveryIds).toHaveLength(1);
    expect((await settled(ping.deliveryIds[0])).status).toBe('succeeded');
    await sink.waitFor(before + 1);
    const sent = sink.received.find((r) => r.url === '/pinged');
    expect(sent?.body.toString()).toContain('webhook.ping');

    expect(await api.call('endpoints.delete', { id: ep.id })).toEqual({ id: ep.id, deleted: true });
    await sse.waitFor('endpoints.changed', (d) => d.id === ep.id && d.change === 'deleted');
    await expect(api.call('endpoints.get', { id: ep.id })).rejects.toMatchObject({ status: 404 });
    await expect(delivery(ping.deliveryIds[0])).rejects.toMatchObject({ status: 404 });
    // Deleting it again is a 404 that changes nothing.
    await expect(api.call('endpoints.delete', { id: ep.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe('the event catalog through the HTTP API', () => {
  it('lists, changes and deletes a custom event; builtin events are refused', async () => {
    await api.call('catalog.create', { topic: 'invoice.voided', description: 'An invoice was voided', sample: '{"invoice":"inv_1"}' });
    const custom = await api.call('catalog.list', { source: 'custom' });
    expect(custom.items.map((e: { topic: string }) => e.topic)).toEqual(['invoice.voided']);
    const all = await api.call('catalog.list', {});
    expect(all.items.length).toBeGreaterThan(custom.items.length);
    expect(all.sources).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'custom', count: 1 })]));
    expect((await api.call('catalog.list', { query: 'voided' })).items).toHaveLength(1);

    const updated = await api.call('catalog.update', { topic: 'invoice.voided', description: 'Voided by the customer', sample: '{"invoice":"inv_2"}' });
    expect(updated).toMatchObject({ description: 'Voided by the customer', source: 'custom' });
    const changed = await sse.waitFor('catalog.changed', (d) => d.topic === 'invoice.voided' && d.action === 'updated');
    expect(changed.entry.description).toBe('Voided by the customer');
    // Sent without a payload, the event carries the changed sample.
    const ep = await api.call('endpoints.create', { name: 'catalog', url: `${sink.url}/catalog`, topics: ['invoice.voided'], retry: { delays: [] } });
    const before = sink.received.length;
    await api.call('events.send', { topic: 'invoice.voided', endpointIds: [ep.id] });
    await sink.waitFor(before + 1);
    expect(sink.received[before].body.toString()).toContain('inv_2');

    const builtin = all.items.find((e: { source: string }) => e.source !== 'custom');
    await expect(api.call('catalog.update', { topic: builtin.topic, description: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(api.call('catalog.delete', { topic: builtin.topic })).rejects.toMatchObject({ status: 403 });
    expect((await api.call('catalog.get', { topic: builtin.topic })).description).toBe(builtin.description);

    expect(await api.call('catalog.delete', { topic: 'invoice.voided' })).toEqual({ topic: 'invoice.voided', deleted: true });
    await sse.waitFor('catalog.changed', (d) => d.topic === 'invoice.voided' && d.action === 'deleted' && d.entry === null);
    expect((await api.call('catalog.list', { source: 'custom' })).items).toHaveLength(0);
  });
});
