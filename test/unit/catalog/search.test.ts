import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../../src/core/catalog';
import { matchesCatalogQuery, searchCatalog, type CatalogEntry } from '../../../src/shared/catalog';

const custom: CatalogEntry = {
  topic: 'invoice.paid',
  source: 'custom',
  sourceLabel: 'Custom',
  group: 'billing',
  description: 'An invoice was paid in full',
  format: 'xml',
  sample: '<invoice/>',
  builtin: false,
  identity: [],
};
const all = [...builtinCatalog, custom];
const topics = (query?: string, source?: CatalogEntry['source']) =>
  searchCatalog(all, { query, source }).items.map((e) => e.topic);

describe('catalog search', () => {
  it('matches every word, case-insensitively, across topic, description, source, label and group', () => {
    expect(matchesCatalogQuery(custom, 'INVOICE')).toBe(true);
    expect(matchesCatalogQuery(custom, 'billing paid')).toBe(true);
    expect(matchesCatalogQuery(custom, 'custom')).toBe(true);
    expect(matchesCatalogQuery(custom, 'billing shipped')).toBe(false);
    expect(matchesCatalogQuery(custom, '   ')).toBe(true);
    expect(topics('sftp to go').length).toBe(4);
    expect(topics('mftplus agent')).toEqual([
      'agent.registered',
      'agent.connected',
      'agent.disconnected',
      'agent.certificate.expiring',
      'agent.certificate.expired',
    ]);
    expect(topics('every 10%')).toEqual(['transfer.progress']);
  });

  it('ranks topic matches first, then keeps catalog order', () => {
    const found = topics('transfer_failed');
    expect(found[0]).toBe('transfer_failed');
    const byCompleted = topics('completed');
    expect(byCompleted.slice(0, 3)).toEqual(['transfer.completed', 'job.completed', 'transfer_completed']);
  });

  it('filters by source and counts matches per source regardless of the source filter', () => {
    const res = searchCatalog(all, { query: 'failed', source: 'gomft' });
    expect(res.items.map((e) => e.topic)).toEqual(['transfer_failed']);
    expect(Object.fromEntries(res.sources.map((s) => [s.id, s.count]))).toEqual({
      sftptogo: 0,
      mftplus: 2,
      gomft: 1,
      exavault: 0,
      custom: 0,
    });
    expect(topics(undefined, 'custom')).toEqual(['invoice.paid']);
    expect(searchCatalog(all).items).toHaveLength(all.length);
  });
});
