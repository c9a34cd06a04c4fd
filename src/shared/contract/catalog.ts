import { z } from 'zod';
import {
  CatalogEntry,
  CatalogSource,
  CatalogSourceCount,
  PayloadFormat,
  SAMPLE_MAX,
  Topic,
} from '../catalog';
import { IdentityFields } from '../identity';
import { method } from './define';

const Description = z.string().trim().max(2000, 'A description may be at most 2000 characters long.');
const Group = z
  .string()
  .trim()
  .min(1, 'Enter a group, or leave it out to use "custom".')
  .max(100, 'A group may be at most 100 characters long.');
const Sample = z
  .string()
  .min(1, 'Enter a sample payload: it is what gets sent when an event has no payload of its own.')
  .max(SAMPLE_MAX, `A sample payload may be at most ${SAMPLE_MAX / 1024} KiB.`);
/** An existing topic to look up (not re-validated against the pattern, so any stored topic works). */
const TopicRef = z.string().trim().min(1, 'Enter a topic.');

export const CatalogListInput = z
  .object({
    /** Free text; every word must match the topic, description, source or group. */
    query: z.string().max(200).optional(),
    source: CatalogSource.optional(),
  })
  .strict();

export const CatalogList = z.object({
  items: z.array(CatalogEntry),
  /** Every source with the number of entries matching the query (the source filter aside). */
  sources: z.array(CatalogSourceCount),
});
export type CatalogList = z.infer<typeof CatalogList>;

export const CatalogCreateInput = z
  .object({
    topic: Topic,
    description: Description.default(''),
    group: Group.default('custom'),
    format: PayloadFormat.default('json'),
    sample: Sample,
    /** The sample's identity and time fields (filled afresh when sent); none by default. */
    identity: IdentityFields.default([]),
  })
  .strict();
export type CatalogCreateInput = z.input<typeof CatalogCreateInput>;

export const CatalogUpdateInput = z
  .object({
    topic: TopicRef,
    description: Description.optional(),
    group: Group.optional(),
    format: PayloadFormat.optional(),
    sample: Sample.optional(),
    identity: IdentityFields.optional(),
  })
  .strict();
export type CatalogUpdateInput = z.input<typeof CatalogUpdateInput>;

export const CatalogChanged = z.object({
  action: z.enum(['created', 'updated', 'deleted']),
  topic: z.string(),
  /** The entry as it is now; null after a delete. */
  entry: CatalogEntry.nullable(),
});
export type CatalogChanged = z.infer<typeof CatalogChanged>;

export const catalogMethods = {
  'catalog.list': method(
    CatalogListInput,
    CatalogList,
    'Catalog events (builtin and user-defined), filtered by a search query and/or source.',
  ),
  'catalog.get': method(z.object({ topic: TopicRef }).strict(), CatalogEntry, 'One catalog event by topic.'),
  'catalog.create': method(
    CatalogCreateInput,
    CatalogEntry,
    'Define a custom event: topic, description, format, a sample payload that must be well-formed, and which of its fields are the event id, time, delivery id, attempt id… (filled afresh when sent).',
  ),
  'catalog.update': method(
    CatalogUpdateInput,
    CatalogEntry,
    'Change a custom event; builtin events cannot be changed.',
  ),
  'catalog.delete': method(
    z.object({ topic: TopicRef }).strict(),
    z.object({ topic: z.string(), deleted: z.literal(true) }),
    'Delete a custom event; builtin events cannot be deleted.',
  ),
};

export const catalogEvents = {
  'catalog.changed': CatalogChanged,
};
