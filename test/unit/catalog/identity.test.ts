import { describe, expect, it } from 'vitest';
import { builtinCatalog } from '../../../src/core/catalog';
import { checkIdentityFields, getAtPath } from '../../../src/shared/identity';

const entry = (topic: string) => builtinCatalog.find((e) => e.topic === topic)!;
const fields = (topic: string) => entry(topic).identity.map((f) => `${f.in}:${f.path}=${f.role}/${f.format}`);

describe('builtin identity and time fields (declared per product, from the seeds)', () => {
  it('every declared body field exists in its sample and holds a value; no place is declared twice', () => {
    for (const e of builtinCatalog) expect(checkIdentityFields(e.identity, e.sample, e.format), e.topic).toEqual([]);
  });

  it('SFTP To Go (seed 000): Id, CreatedAt/UpdatedAt, Metadata.Event/Webhook/Delivery/Attempt ids', () => {
    for (const topic of ['file.created', 'file.deleted', 'file.downloaded', 'webhook.ping']) {
      expect(fields(topic)).toEqual(
        expect.arrayContaining([
          'body:Id=event.id/uuid',
          'body:CreatedAt=event.time/epoch-ms',
          'body:UpdatedAt=event.time/epoch-ms',
          'body:Metadata.Event.Id=event.id/uuid',
          'body:Metadata.Webhook.Id=endpoint.id/uuid',
          'body:Metadata.Delivery.Id=delivery.id/uuid',
          'body:Metadata.Attempt.Id=attempt.id/uuid',
        ]),
      );
      const sample = JSON.parse(entry(topic).sample);
      expect(getAtPath(sample, 'Metadata.Event.Id')).toBe(sample.Id);
    }
    expect(fields('webhook.ping')).toContain('body:Data.Id=endpoint.id/uuid');
  });

  it('MFTPlus (seed 004): id whevt_…, timestamp ISO 8601, X-Webhook-ID / X-Webhook-Timestamp headers', () => {
    for (const e of builtinCatalog.filter((x) => x.source === 'mftplus')) {
      expect(fields(e.topic)).toEqual([
        'body:id=event.id/whevt',
        'body:timestamp=event.time/iso8601',
        'header:X-Webhook-ID=delivery.id/hookbench',
        'header:X-Webhook-Timestamp=attempt.time/epoch-s',
      ]);
    }
  });

  it('GoMFT (seed 003): timestamp; ExaVault (seed 002): the attempt counter', () => {
    expect(fields('transfer_completed')).toEqual(['body:timestamp=event.time/iso8601']);
    expect(fields('transfer_failed')).toEqual(['body:timestamp=event.time/iso8601']);
    for (const e of builtinCatalog.filter((x) => x.source === 'exavault'))
      expect(fields(e.topic)).toEqual(['body:attempt=attempt.number/integer']);
  });

  it('checkIdentityFields reports missing paths, objects, XML body fields and duplicates', () => {
    const sample = '{"a":{"b":1},"c":"x"}';
    const f = (path: string, inn: 'body' | 'header' = 'body') =>
      ({ in: inn, path, role: 'event.id', format: 'uuid' }) as const;
    expect(checkIdentityFields([f('a.b'), f('c'), f('X-Id', 'header')], sample, 'json')).toEqual([]);
    expect(checkIdentityFields([f('a.z')], sample, 'json')[0].message).toMatch(/no field "a.z"/);
    expect(checkIdentityFields([f('a')], sample, 'json')[0].message).toMatch(/object or array/);
    expect(checkIdentityFields([f('c'), f('c')], sample, 'json')[0].message).toMatch(/twice/);
    expect(checkIdentityFields([f('a')], '<a/>', 'xml')[0].message).toMatch(/XML/);
  });
});
