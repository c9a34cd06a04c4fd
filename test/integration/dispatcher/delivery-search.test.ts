import { afterEach, describe, expect, it } from 'vitest';
import type { SearchIndexer } from '../../../src/core/dispatcher/search-index';
import { startCore } from '../../helpers/temp-core';
import { settle, startSink } from './helpers';

/**
 * Text search of the delivery log through the FTS5 trigram indexes (migration dispatcher/005) and
 * the LIKE over rows past their watermarks: the same answers either way, substring and
 * case-insensitive, quotes and LIKE wildcards taken literally, deleted rows gone from the index.
 */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

type Core = Awaited<ReturnType<typeof startCore>>;
const indexOf = (core: Core) => (core.modules.dispatcher as unknown as { searchIndex: SearchIndexer }).searchIndex;
const watermark = (core: Core, name: string) =>
  core.db.prepare('SELECT upto FROM dispatch_search_state WHERE name = ?').pluck().get(name) as number;

describe('delivery log text search', () => {
  it('finds text in payloads and answers, indexed or not yet, and forgets deleted deliveries', async () => {
    const core = await startCore();
    const sink = await startSink((r) => {
      const n = JSON.parse(r.body.toString()).n as number;
      return { status: n % 2 ? 200 : 500, body: n === 3 ? 'Receipt "R-Ünïcode-3" 100%_done' : `{"seen":${n}}` };
    });
    cleanups.push(
      () => core.close(),
      () => sink.close(),
    );
    const ep = await core.call('endpoints.create', { name: 's', url: sink.url, topics: ['*'], retry: { delays: [] } });
    const send = async (payload: Record<string, unknown>) => {
      const id = (await core.call('events.send', { topic: 'order.created', payload })).deliveryIds[0];
      await settle(core, id);
      return id;
    };
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) ids.push(await send({ n, customer: n === 2 ? 'Cus_Needle_42' : 'cus_other' }));
    const search = async (text: string) =>
      (await core.call('deliveries.list', { endpointId: ep.id, text, limit: 100 })).items.map((d) => d.id).sort();

    const expectAll = async () => {
      expect(await search('needle_4')).toEqual([ids[1]]);
      expect(await search('CUS_NEEDLE')).toEqual([ids[1]]);
      expect(await search('R-Ünïcode')).toEqual([ids[2]]);
      expect(await search('"R-Ünïcode-3"')).toEqual([ids[2]]);
      expect(await search('100%_done')).toEqual([ids[2]]);
      expect(await search('100%_x')).toEqual([]);
      expect(await search('"seen":4')).toEqual([ids[3]]);
      expect(await search('cus_')).toEqual([...ids].sort());
      expect(await search('nothing like this')).toEqual([]);
    };
    // Not indexed yet (watermarks at 0): LIKE over the rows past them.
    await indexOf(core).stop();
    core.db.prepare('UPDATE dispatch_search_state SET upto = 0').run();
    core.db.exec('DELETE FROM dispatch_search_payload; DELETE FROM dispatch_search_answer;');
    await expectAll();
    // Indexed: the same answers from the FTS tables, and the watermarks moved past every row.
    (indexOf(core) as unknown as { stopped: boolean }).stopped = false;
    await indexOf(core).catchUp();
    expect(watermark(core, 'payload')).toBeGreaterThanOrEqual(4);
    expect(watermark(core, 'answer')).toBeGreaterThanOrEqual(4);
    expect(indexOf(core).behind()).toEqual({ payload: 0, body: 0, answer: 0 });
    // Only the FTS tables can answer now: a LIKE over nothing past the watermarks finds nothing.
    expect(core.db.prepare("SELECT COUNT(*) FROM dispatch_search_payload WHERE dispatch_search_payload MATCH '\"needle_4\"'").pluck().get()).toBe(1);
    await expectAll();
    // Two characters: LIKE over the newest deliveries.
    expect(await search('42')).toEqual([ids[1]]);

    // Deleted deliveries (and their events and answers) leave the index: a new event that gets the
    // deleted event's rowid is not found by the old text.
    expect(await core.call('deliveries.deleteMany', { ids: [ids[1], ids[3]] })).toEqual({ deleted: 2, skipped: 0 });
    expect(await search('needle_4')).toEqual([]);
    expect(await search('"seen":4')).toEqual([]);
    const again = await send({ n: 5, customer: 'someone else' });
    await indexOf(core).catchUp();
    expect(await search('needle_4')).toEqual([]);
    expect(await search('someone else')).toEqual([again]);
  });
});
