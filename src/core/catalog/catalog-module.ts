import { searchCatalog, type CatalogEntry, type PayloadFormat } from '../../shared/catalog';
import { HookbenchError } from '../../shared/errors';
import type { CoreContext, CoreModule } from '../context';
import { validatePayload } from '../../shared/payload-check';
import { checkIdentityFields, type IdentityField } from '../../shared/identity';
import { findBuiltin } from './builtin';
import {
  deleteCustomEvent,
  findCatalogEntry,
  getCustomEvent,
  insertCustomEvent,
  listCatalog,
  updateCustomEvent,
} from './catalog-store';

const noSuchEvent = (topic: string) =>
  new HookbenchError(
    'not_found',
    `No catalog event has the topic "${topic}". Check the spelling (topics are case-sensitive) or define it as a custom event.`,
  );

const builtinIsReadOnly = (entry: CatalogEntry, verb: 'changed' | 'deleted') =>
  new HookbenchError(
    'forbidden',
    `"${entry.topic}" is a built-in ${entry.sourceLabel} event and cannot be ${verb}. Create a custom event with another topic instead.`,
  );

/** A sample must be well-formed in its format: it is what gets sent when an event has no payload. */
function checkSample(sample: string, format: PayloadFormat): void {
  const result = validatePayload(sample, format);
  if (!result.ok) {
    const where = `line ${result.line}, column ${result.column}`;
    throw new HookbenchError(
      'invalid_input',
      `The sample payload is not valid ${format.toUpperCase()}: ${result.message} (${where}). Fix it and save again.`,
      [{ path: ['sample'], message: `${result.message} (${where})` }],
    );
  }
}

/** Marked identity fields must exist in the sample (see checkIdentityFields). */
function checkIdentity(identity: readonly IdentityField[], sample: string, format: PayloadFormat): void {
  const problems = checkIdentityFields(identity, sample, format);
  if (problems.length) {
    throw new HookbenchError(
      'invalid_input',
      `The identity fields do not fit the sample: ${problems.map((p) => p.message).join(' ')} Fix them and save again.`,
      problems.map((p) => ({ path: ['identity', p.index, 'path'], message: p.message })),
    );
  }
}

/** The event catalog: builtin events from the seed products plus user-defined events in the store. */
export function createCatalogModule(ctx: CoreContext): CoreModule {
  const { db, clock } = ctx;
  const requireCustom = (topic: string, verb: 'changed' | 'deleted'): CatalogEntry => {
    const builtin = findBuiltin(topic);
    if (builtin) throw builtinIsReadOnly(builtin, verb);
    const entry = getCustomEvent(db, topic);
    if (!entry) throw noSuchEvent(topic);
    return entry;
  };

  return {
    handlers: {
      'catalog.list': ({ query, source }) => searchCatalog(listCatalog(db), { query, source }),
      'catalog.get': ({ topic }) => {
        const entry = findCatalogEntry(db, topic);
        if (!entry) throw noSuchEvent(topic);
        return entry;
      },
      'catalog.create': (input) => {
        const existing = findCatalogEntry(db, input.topic);
        if (existing) {
          throw new HookbenchError(
            'conflict',
            existing.builtin
              ? `"${input.topic}" is already a built-in ${existing.sourceLabel} event. Choose another topic for your event.`
              : `A custom event "${input.topic}" already exists. Edit it, or choose another topic.`,
          );
        }
        checkSample(input.sample, input.format);
        checkIdentity(input.identity, input.sample, input.format);
        const entry = insertCustomEvent(db, input, clock.now());
        ctx.events.emit('catalog.changed', { action: 'created', topic: entry.topic, entry });
        return entry;
      },
      'catalog.update': ({ topic, ...patch }) => {
        const current = requireCustom(topic, 'changed');
        const next = { ...current, ...patch };
        if (patch.sample !== undefined || patch.format !== undefined) checkSample(next.sample, next.format);
        checkIdentity(next.identity, next.sample, next.format);
        const entry = updateCustomEvent(db, next, clock.now());
        ctx.events.emit('catalog.changed', { action: 'updated', topic: entry.topic, entry });
        return entry;
      },
      'catalog.delete': ({ topic }) => {
        const current = requireCustom(topic, 'deleted');
        deleteCustomEvent(db, current.topic);
        ctx.events.emit('catalog.changed', { action: 'deleted', topic: current.topic, entry: null });
        return { topic: current.topic, deleted: true as const };
      },
    },
  };
}
