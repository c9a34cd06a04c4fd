import { z } from 'zod';
import {
  CollectionSummary,
  ImportRejection,
  ItemFilter,
  Run,
  RunCounts,
  RunCreateInput,
  RunItemDetail,
  RunItemSummary,
  RunSource,
} from '../replay';
import { CompareSettings, Comparison } from '../replay-compare';
import { method } from './define';

const RunId = z.object({ id: z.string().min(1, 'Give the run id.') }).strict();

const FileOut = z.object({
  filename: z.string(),
  mimeType: z.string(),
  content: z.string(),
  count: z.number().int(),
});

export const RunCompareOutput = z.object({
  a: z.string(),
  /** The other run, or null when the run was compared with its baselines. */
  b: z.string().nullable(),
  counts: z.object({ same: z.number().int(), changed: z.number().int(), missing: z.number().int() }),
  items: z.array(
    z.object({
      ref: z.string(),
      indexA: z.number().int().nullable(),
      indexB: z.number().int().nullable(),
      verdict: z.enum(['same', 'changed', 'missing']),
      comparison: Comparison.nullable(),
    }),
  ),
});

export const replayMethods = {
  'runs.create': method(
    RunCreateInput,
    Run,
    'Start a replay run: a source (deliveries, captured requests, a collection or an earlier run), a target and options.',
  ),
  'runs.list': method(
    z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    z.object({ items: z.array(Run) }),
    'Replay runs, newest first.',
  ),
  'runs.get': method(
    RunId.extend({
      filter: ItemFilter.default('all'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
      /** One item in full (request, answer, baseline, comparison). */
      item: z.number().int().min(0).optional(),
    }).strict(),
    z.object({
      run: Run,
      items: z.array(RunItemSummary),
      matching: z.number().int(),
      item: RunItemDetail.nullable(),
    }),
    'One run with its counts, a page of its items (filtered) and optionally one item in full.',
  ),
  'runs.cancel': method(RunId, Run, 'Stop a run; items not yet sent are reported as not sent.'),
  'runs.pause': method(RunId, Run, 'Pause a run after the items in flight.'),
  'runs.resume': method(RunId, Run, 'Resume a paused run.'),
  'runs.delete': method(
    RunId,
    z.object({ id: z.string(), deleted: z.literal(true) }),
    'Delete a finished run and its results.',
  ),
  'runs.compare': method(
    z
      .object({
        id: z.string().min(1),
        /** Another run of the same source (before/after a fix); absent: compare with the baselines again. */
        against: z.string().min(1).optional(),
        /** Other compare settings than the run's own. */
        compare: CompareSettings.optional(),
        limit: z.number().int().min(1).max(10_000).default(1000),
      })
      .strict(),
    RunCompareOutput,
    'Compare a run with its baselines (other ignore settings) or with another run, item by item.',
  ),
  'runs.export': method(
    RunId.extend({
      format: z.enum(['json', 'junit', 'collection']).default('json'),
      /** JUnit: an answer that differs from its baseline is a failure (a non-2xx or missing answer always is). */
      failOnChanged: z.boolean().default(true),
    }).strict(),
    FileOut,
    "A run's results as JSON or JUnit XML, or its items (with their answers as baselines) as a collection.",
  ),
  'collections.export': method(
    z.object({ source: RunSource, name: z.string().trim().max(200).optional() }).strict(),
    FileOut,
    'A collection file (hookbench.collection v1) from deliveries, captured requests, an imported collection or a run.',
  ),
  'collections.import': method(
    z
      .object({
        /** The file's text; or `path`, a file on the machine running the core. */
        content: z
          .string()
          .max(64 * 1024 * 1024)
          .optional(),
        path: z.string().min(1).max(4096).optional(),
        name: z.string().trim().max(200).optional(),
        /** Import the valid items and list the rejected ones; default: reject the whole file if one item is invalid. */
        skipInvalid: z.boolean().default(false),
      })
      .strict()
      .refine((v) => (v.content === undefined) !== (v.path === undefined), {
        message: 'Give the collection as content or as a path, one of the two.',
        path: ['content'],
      }),
    z.object({
      collection: CollectionSummary.nullable(),
      imported: z.number().int(),
      rejected: z.array(ImportRejection),
    }),
    'Import a collection file; invalid items are listed with the reason, nothing is half imported.',
  ),
  'collections.list': method(
    z.object({}).strict(),
    z.object({ items: z.array(CollectionSummary) }),
    'Imported collections.',
  ),
};

export const replayEvents = {
  /** Batched (~250 ms): a run's counts and status while it runs, and once when it ends. */
  'runs.progress': z.object({
    id: z.string(),
    status: Run.shape.status,
    counts: RunCounts,
    rate: z.number(),
  }),
  /** A run was created, paused, resumed, cancelled, finished or deleted. */
  'runs.changed': z.object({
    id: z.string(),
    change: z.enum(['created', 'updated', 'finished', 'deleted']),
    run: Run.nullable(),
  }),
};
