import { z } from 'zod';
import {
  Endpoint,
  EndpointCreate,
  EndpointCreated,
  EndpointUpdate,
  EndpointUpdated,
} from '../dispatcher';
import {
  Delivery,
  DeliveryDetail,
  DeliveryList,
  Preview,
  PreviewInput,
  SendInput,
  SendResult,
} from '../dispatcher-deliveries';
import { DeliveryFilter, DeliveryLogInput } from '../delivery-filter';
import { method } from './define';

const ById = z.object({ id: z.string().min(1, 'Give the id.') }).strict();
const RetryInput = z
  .object({
    id: z.string().min(1, 'Give the id.'),
    /** Send it as a new delivery of the same event (new delivery id and attempt ids) instead. */
    newId: z.boolean().default(false),
    /** With newId: as a new event too (new event id and event time). */
    newEventId: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.newId || !v.newEventId, {
    message: 'A new event id needs a new delivery id too: set newId.',
    path: ['newEventId'],
  });

/** At most this many deliveries by id in one bulk call (a selection of loaded rows). */
export const MAX_BULK_IDS = 10_000;
/** At most this many deliveries matching a filter in one bulk call ("select all matching"). */
export const MAX_BULK_MATCHING = 1_000_000;

/** A set of deliveries for a bulk action: these ids, or every delivery matching a log filter. */
export const DeliverySelection = z
  .object({
    ids: z.array(z.string().min(1).max(200)).min(1).max(MAX_BULK_IDS).optional(),
    /** Every delivery matching this filter ({} is every delivery). */
    filter: DeliveryFilter.optional(),
    /** With a filter: at most this many, the oldest first. */
    limit: z.number().int().min(1).max(MAX_BULK_MATCHING).default(100_000),
  })
  .strict()
  .refine((v) => (v.ids === undefined) !== (v.filter === undefined), {
    message: 'Give the delivery ids or a filter, one of the two.',
    path: ['ids'],
  });

export const DeliveryExportInput = z
  .object({
    ids: z.array(z.string().min(1).max(200)).min(1).max(MAX_BULK_IDS).optional(),
    filter: DeliveryFilter.optional(),
    /** With a filter: the newest this many. */
    limit: z.number().int().min(1).max(MAX_BULK_IDS).default(1000),
  })
  .strict()
  .refine((v) => (v.ids === undefined) !== (v.filter === undefined), {
    message: 'Give the delivery ids or a filter, one of the two.',
    path: ['ids'],
  });

export const dispatcherMethods = {
  'endpoints.create': method(
    EndpointCreate,
    EndpointCreated,
    'Create an endpoint from at least { name, url, topics }; returns it with its secret, shown this once. With verifyAtInbox, a URL at one of this Hookbench\'s inboxes makes that inbox verify the endpoint\'s signatures.',
  ),
  'endpoints.list': method(
    z.object({}).strict(),
    z.object({ items: z.array(Endpoint) }),
    'All endpoints with state and health.',
  ),
  'endpoints.get': method(ById, Endpoint, 'One endpoint with its health.'),
  'endpoints.update': method(
    EndpointUpdate,
    EndpointUpdated,
    'Change some fields of an endpoint ({ id, ...fields }). A new signing scheme without a secret generates one, returned this once as `secret`; verifyAtInbox works as in create.',
  ),
  'endpoints.delete': method(
    ById,
    z.object({ id: z.string(), deleted: z.literal(true) }),
    'Delete an endpoint and its deliveries.',
  ),
  'endpoints.pause': method(ById, Endpoint, 'Hold deliveries for an endpoint; nothing is discarded.'),
  'endpoints.resume': method(ById, Endpoint, 'Resume a paused endpoint; held deliveries drain.'),
  'endpoints.reactivate': method(
    ById,
    Endpoint,
    'Re-enable a disabled endpoint (after 410 or too many failures).',
  ),
  'endpoints.rotateSecret': method(
    ById.extend({
      /** How long the previous secret keeps signing alongside the new one (schemes with several signatures). */
      overlapSeconds: z
        .number()
        .int()
        .min(0)
        .max(30 * 86_400)
        .default(86_400),
    }).strict(),
    EndpointCreated,
    'New signing secret, returned this once; the old one keeps signing for the overlap where the scheme allows. A local inbox that verified the old secret verifies the new one first and keeps the old (`inbox` says so).',
  ),
  'endpoints.ping': method(
    ById,
    SendResult,
    'Send a webhook.ping (SFTP To Go format) to the endpoint, even when paused.',
  ),
  'events.send': method(
    SendInput,
    SendResult,
    'Send an event to every subscribed endpoint (or the given ones); without a payload the catalog sample is sent.',
  ),
  'events.preview': method(
    PreviewInput,
    Preview,
    'The exact bytes and headers (signature included) an attempt would send now.',
  ),
  'deliveries.list': method(
    DeliveryLogInput,
    DeliveryList,
    'Deliveries, newest (or slowest) first, filtered by status, endpoint, topic, event, time, answer or text, with a total for the filter.',
  ),
  'deliveries.get': method(ById, DeliveryDetail, 'One delivery, its body and every attempt.'),
  'deliveries.find': method(
    z.object({ id: z.string().trim().min(1, 'Give the delivery id.').max(256, 'A delivery id is at most 256 characters.') }).strict(),
    z.object({ delivery: Delivery.nullable() }),
    'The delivery with this id (e.g. the webhook id an inbox captured), or null when this Hookbench sent none by that id.',
  ),
  'deliveries.retry': method(
    RetryInput,
    Delivery,
    'Send a delivery again now, whatever its status: under the same delivery id (the event keeps its id and time; the attempt gets a new attempt id), or with newId as a new delivery of the same event (new delivery and attempt ids; with newEventId also a new event id and time).',
  ),
  'deliveries.cancel': method(ById, Delivery, 'Stop a pending or retrying delivery.'),
  'deliveries.cancelMany': method(
    DeliverySelection,
    z.object({ cancelled: z.number().int(), skipped: z.number().int() }),
    'Stop the pending and retrying deliveries among these ids or matching a filter; the others are counted as skipped.',
  ),
  'deliveries.deleteMany': method(
    DeliverySelection,
    z.object({ deleted: z.number().int(), skipped: z.number().int() }),
    'Delete these deliveries (or those matching a filter) with their attempts, in small batches; pending and retrying ones are skipped (cancel them first).',
  ),
  'deliveries.export': method(
    DeliveryExportInput,
    z.object({ filename: z.string(), mimeType: z.string(), content: z.string(), count: z.number().int() }),
    'These deliveries (or the newest matching a filter) as JSON: each with its body and every attempt, request and answer.',
  ),
};

export const dispatcherEvents = {
  /** Deliveries were deleted (bulk delete or retention); ids null means many: refetch the log. */
  'deliveries.deleted': z.object({ ids: z.array(z.string()).nullable(), count: z.number().int() }),
  /** Batched (~150 ms): deliveries whose status or attempts changed. */
  'deliveries.updated': z.object({ items: z.array(Delivery) }),
  /** An endpoint was created, changed, paused, resumed, disabled, reactivated or deleted. */
  'endpoints.changed': z.object({
    id: z.string(),
    change: z.enum([
      'created',
      'updated',
      'deleted',
      'paused',
      'resumed',
      'disabled',
      'reactivated',
      'secret-rotated',
    ]),
    endpoint: Endpoint.nullable(),
  }),
  /** Tell the user: an endpoint was disabled and needs manual reactivation. */
  'endpoints.disabled': z.object({
    id: z.string(),
    name: z.string(),
    reason: z.enum(['gone', 'failures']),
    message: z.string(),
  }),
};
