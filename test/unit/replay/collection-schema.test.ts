import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionJsonSchema, parseCollection, toCollection } from '../../../src/core/replay/collection-io';

describe('collection file format', () => {
  it('docs/collection.schema.json is generated from the zod schema (run npx tsx scripts/collection-schema.ts)', () => {
    const file = path.join(import.meta.dirname, '..', '..', '..', 'docs', 'collection.schema.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(collectionJsonSchema());
  });

  it('round-trips text and binary bodies, and leaves credentials out', () => {
    const c = toCollection(
      'c',
      [
        {
          kind: 'request',
          ref: '1',
          endpointId: null,
          eventId: null,
          topic: null,
          deliveryId: 'msg_1',
          method: 'POST',
          url: 'http://127.0.0.1:1/in/a?b=1',
          path: '/a?b=1',
          headers: [
            ['Authorization', 'Bearer x'],
            ['X-Ok', '1'],
            ['X-Api-Token', 'Bearer 12… (hidden)'],
          ],
          body: Buffer.from([0xff, 0x00, 0x01]),
          contentType: null,
          sigScheme: 'github',
          baseline: { status: 200, headers: [], body: Buffer.from('ok') },
        },
      ],
      new Date(0),
    );
    const parsed = parseCollection(JSON.stringify(c));
    expect(parsed.rejected).toEqual([]);
    const item = parsed.collection!.items[0];
    expect(item.headers).toEqual([['X-Ok', '1']]);
    expect(item.body).toEqual({ base64: Buffer.from([0xff, 0x00, 0x01]).toString('base64') });
    expect(item.path).toBe('/a?b=1');
    expect(item.baseline).toEqual({ status: 200, headers: [], body: { text: 'ok' } });
  });
});
