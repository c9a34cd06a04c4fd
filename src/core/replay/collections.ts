import fs from 'node:fs';
import path from 'node:path';
import type { MethodParsedInput } from '../../shared/contract';
import { HookbenchError, notFound } from '../../shared/errors';
import type { Collection } from '../../shared/replay';
import type { CoreContext } from '../context';
import { sortableId } from '../dispatcher/completion';
import type { Handlers } from '../invoke';
import { parseCollection, toCollection } from './collection-io';
import { collect } from './sources';

const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

type Db = CoreContext['db'];
type Clock = CoreContext['clock'];

/** The date and time in an exported file's name (2026-12-02-13-45-00). */
export const fileStamp = (clock: Clock) =>
  new Date(clock.now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
export const safeName = (s: string) =>
  s
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'run';

/** A stored collection, by id. */
export const loadCollection = (db: Db, id: string): { name: string; collection: Collection } => {
  const r = db.prepare('SELECT name, content FROM replay_collections WHERE id = ?').get(id) as
    { name: string; content: string } | undefined;
  if (!r) throw notFound('Collection', id);
  return { name: r.name, collection: JSON.parse(r.content) as Collection };
};

function importCollection(db: Db, clock: Clock, input: MethodParsedInput<'collections.import'>) {
  let text = input.content;
  let fallbackName = 'Imported collection';
  if (input.path !== undefined) {
    const file = path.resolve(input.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new HookbenchError('not_found', `There is no file at ${file}. Check the path.`);
    }
    if (!stat.isFile()) throw new HookbenchError('invalid_input', `${file} is not a file.`);
    if (stat.size > MAX_IMPORT_BYTES)
      throw new HookbenchError('payload_too_large', `${file} is larger than 64 MiB; split the collection.`);
    text = fs.readFileSync(file, 'utf8');
    fallbackName = path.basename(file).replace(/\.hookbench\.json$|\.json$/i, '');
  }
  const parsed = parseCollection(text ?? '');
  if (!parsed.collection || (parsed.rejected.length && !input.skipInvalid)) {
    return { collection: null, imported: 0, rejected: parsed.rejected };
  }
  const c = parsed.collection;
  if (!c.items.length)
    throw new HookbenchError('invalid_input', 'The collection has no valid items; nothing was imported.');
  const id = sortableId('col');
  const name = input.name || (c.name !== 'Collection' ? c.name : fallbackName);
  const now = clock.now();
  db.prepare(
    'INSERT INTO replay_collections (id, name, items, content, created_at) VALUES (?, ?, ?, ?, ?)',
  ).run(id, name, c.items.length, JSON.stringify(c), now);
  return {
    collection: { id, name, items: c.items.length, createdAt: now },
    imported: c.items.length,
    rejected: parsed.rejected,
  };
}

/** Collections: exported from any replay source, imported from a file or text, listed. */
export function collectionHandlers(
  db: Db,
  clock: Clock,
): Pick<Handlers, 'collections.export' | 'collections.import' | 'collections.list'> {
  return {
    'collections.export': ({ source, name }) => {
      const { seeds, label } = collect(db, source, (id) => loadCollection(db, id));
      const title = name || label;
      const content = JSON.stringify(toCollection(title, seeds, new Date(clock.now())), null, 2);
      return {
        filename: `hookbench-${safeName(title)}-${fileStamp(clock)}.hookbench.json`,
        mimeType: 'application/json',
        content,
        count: seeds.length,
      };
    },
    'collections.import': (input) => importCollection(db, clock, input),
    'collections.list': () => ({
      items: (
        db
          .prepare('SELECT id, name, items, created_at FROM replay_collections ORDER BY created_at DESC')
          .all() as {
          id: string;
          name: string;
          items: number;
          created_at: number;
        }[]
      ).map((r) => ({ id: r.id, name: r.name, items: r.items, createdAt: r.created_at })),
    }),
  };
}
