import { afterEach, describe, expect, it } from 'vitest';
import { findCatalogEntry } from '../../../src/core/catalog';
import { startCore, tempDir } from '../../helpers/temp-core';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const started = async (dataDir?: string) => {
  const core = await startCore(dataDir ? { dataDir } : {});
  cleanups.push(() => core.close());
  return core;
};

const apiError = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return (err as { api: { code: string; message: string } }).api;
  }
  throw new Error('expected the call to fail');
};

describe('catalog (integration)', () => {
  it('lists builtin events grouped by source with counts', async () => {
    const core = await started();
    const all = await core.call('catalog.list');
    expect(all.items.length).toBeGreaterThan(30);
    expect(all.items.every((e) => e.builtin)).toBe(true);
    expect(all.sources.map((s) => s.id)).toEqual(['sftptogo', 'mftplus', 'gomft', 'exavault', 'custom']);
    expect(all.sources.find((s) => s.id === 'sftptogo')).toEqual({
      id: 'sftptogo',
      label: 'SFTP To Go',
      count: 4,
    });
    expect(all.sources.find((s) => s.id === 'mftplus')?.count).toBe(17);
    expect(all.sources.find((s) => s.id === 'custom')?.count).toBe(0);
    const mft = await core.call('catalog.list', { source: 'mftplus' });
    expect(mft.items.map((e) => e.source)).toEqual(Array(17).fill('mftplus'));
  });

  it('searches topic, description, source and group', async () => {
    const core = await started();
    const topics = async (query: string, source?: 'gomft') =>
      (await core.call('catalog.list', { query, ...(source ? { source } : {}) })).items.map((e) => e.topic);
    expect(await topics('certificate')).toEqual(['agent.certificate.expiring', 'agent.certificate.expired']);
    expect(await topics('GoMFT')).toEqual(['transfer_completed', 'transfer_failed']);
    expect(await topics('failed', 'gomft')).toEqual(['transfer_failed']);
    expect(await topics('disk usage')).toEqual(['system.storage.warning']);
    expect(await topics('exavault upload')).toEqual(['exavault.upload']);
    expect(await topics('SFTP file')).toEqual(['file.created', 'file.deleted', 'file.downloaded']);
    // the topic match ranks first
    expect((await topics('transfer.failed'))[0]).toBe('transfer.failed');
    expect(await topics('no-such-thing-anywhere')).toEqual([]);
    const res = await core.call('catalog.list', { query: 'failed' });
    expect(res.sources.find((s) => s.id === 'mftplus')?.count).toBe(2);
  });

  it('gets one entry, and not_found for an unknown topic', async () => {
    const core = await started();
    const ping = await core.call('catalog.get', { topic: 'webhook.ping' });
    expect(ping).toMatchObject({
      source: 'sftptogo',
      sourceLabel: 'SFTP To Go',
      format: 'json',
      builtin: true,
    });
    expect(JSON.parse(ping.sample).Topic).toBe('webhook.ping');
    const err = await apiError(core.call('catalog.get', { topic: 'File.Created' }));
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/"File\.Created"/);
  });

  it('creates, updates and deletes custom events that persist across a restart', async () => {
    const dataDir = tempDir();
    const core = await startCore({ dataDir });
    const seen: unknown[] = [];
    core.events.subscribe((name, payload) => name === 'catalog.changed' && seen.push(payload));
    const created = await core.call('catalog.create', {
      topic: 'invoice.paid',
      description: 'An invoice was paid',
      format: 'json',
      sample: '{\n  "invoice": "inv_1",\n  "amount": 42\n}',
    });
    expect(created).toEqual({
      topic: 'invoice.paid',
      source: 'custom',
      sourceLabel: 'Custom',
      group: 'custom',
      description: 'An invoice was paid',
      format: 'json',
      sample: '{\n  "invoice": "inv_1",\n  "amount": 42\n}',
      builtin: false,
      identity: [],
    });
    await core.call('catalog.create', {
      topic: 'order:shipped',
      format: 'xml',
      sample: '<order id="7"/>',
      group: 'orders',
    });
    const updated = await core.call('catalog.update', { topic: 'invoice.paid', description: 'Paid in full' });
    expect(updated.description).toBe('Paid in full');
    expect(updated.sample).toBe(created.sample);
    expect(seen).toEqual([
      { action: 'created', topic: 'invoice.paid', entry: created },
      expect.objectContaining({ action: 'created', topic: 'order:shipped' }),
      { action: 'updated', topic: 'invoice.paid', entry: updated },
    ]);
    await core.close();

    const again = await started(dataDir);
    expect(await again.call('catalog.get', { topic: 'invoice.paid' })).toEqual(updated);
    expect(findCatalogEntry(again.db, 'order:shipped')).toMatchObject({
      format: 'xml',
      group: 'orders',
      builtin: false,
    });
    expect(findCatalogEntry(again.db, 'file.created')?.builtin).toBe(true);
    expect(findCatalogEntry(again.db, 'nope')).toBeUndefined();
    const list = await again.call('catalog.list', { source: 'custom' });
    expect(list.items.map((e) => e.topic)).toEqual(['invoice.paid', 'order:shipped']);
    expect((await again.call('catalog.list', { query: 'orders' })).items.map((e) => e.topic)).toEqual([
      'order:shipped',
    ]);

    expect(await again.call('catalog.delete', { topic: 'invoice.paid' })).toEqual({
      topic: 'invoice.paid',
      deleted: true,
    });
    expect((await apiError(again.call('catalog.get', { topic: 'invoice.paid' }))).code).toBe('not_found');
    expect((await apiError(again.call('catalog.delete', { topic: 'invoice.paid' }))).code).toBe('not_found');
  });

  it('rejects bad input and changes nothing', async () => {
    const core = await started();
    const bad = async (method: 'catalog.create' | 'catalog.update', input: Record<string, unknown>) => {
      const res = await core.invoke(method, input);
      expect(res.ok).toBe(false);
      return res.ok ? undefined : res.error;
    };
    expect(await bad('catalog.create', { topic: 'has space', format: 'json', sample: '{}' })).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/letters, digits/),
    });
    expect((await bad('catalog.create', { topic: 'x', format: 'yaml', sample: '{}' }))?.code).toBe(
      'invalid_input',
    );
    expect((await bad('catalog.create', { topic: 'x', sample: '' }))?.code).toBe('invalid_input');
    expect((await bad('catalog.create', { topic: 'x', sample: '{}', colour: 'red' }))?.code).toBe(
      'invalid_input',
    );
    const notJson = await bad('catalog.create', { topic: 'x', format: 'json', sample: '{\n  "a": 1,\n}' });
    expect(notJson).toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/line 3, column 1/),
    });
    const notXml = await bad('catalog.create', { topic: 'x', format: 'xml', sample: '<a><b></a>' });
    expect(notXml?.message).toMatch(/<\/a> does not match <b>.*line 1, column 7/);
    expect(await bad('catalog.create', { topic: 'file.created', sample: '{}' })).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/built-in SFTP To Go event/),
    });
    await core.call('catalog.create', { topic: 'x', sample: '{}' });
    expect((await bad('catalog.create', { topic: 'x', sample: '[]' }))?.code).toBe('conflict');
    expect((await bad('catalog.update', { topic: 'x', format: 'xml' }))?.message).toMatch(/not valid XML/);
    expect((await core.call('catalog.get', { topic: 'x' })).format).toBe('json');
    expect(await bad('catalog.update', { topic: 'transfer.completed', description: 'mine' })).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/built-in MFTPlus event and cannot be changed/),
    });
    const del = await core.invoke('catalog.delete', { topic: 'file.created' });
    expect(del).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/cannot be deleted/) },
    });
    expect((await core.call('catalog.get', { topic: 'file.created' })).builtin).toBe(true);
  });
});
