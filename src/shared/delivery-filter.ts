import { z } from 'zod';
import { DeliveryListInput, DeliveryStatus } from './dispatcher-deliveries';

/**
 * A text search of one or two characters (no trigram to look up) looks through this many of the
 * newest deliveries with LIKE; longer text uses the full-text indexes, which cover every delivery.
 */
export const TEXT_SEARCH_WINDOW = 20_000;

/** The last attempt's answer: an exact status, a class, or "none" (no answer yet, or a network error). */
export const ResponseStatusFilter = z.union([
  z.number().int().min(100).max(599),
  z.enum(['2xx', '3xx', '4xx', '5xx', 'none']),
]);

/** Filters of the delivery log, shared by deliveries.list and replay run sources. */
export const DeliveryFilterFields = {
  /** One or more statuses. */
  statuses: z.array(DeliveryStatus).max(5).optional(),
  endpointId: z.string().min(1).optional(),
  topic: z.string().min(1).optional(),
  eventId: z.string().min(1).optional(),
  /** Created at or after (ms). */
  since: z.number().int().nonnegative().optional(),
  /** Created before (ms). */
  until: z.number().int().nonnegative().optional(),
  responseStatus: ResponseStatusFilter.optional(),
  /** Text in the payload or in a response body (case-insensitive; the first 64 KiB of each; 3+ characters search every delivery, 1-2 the newest 20,000). */
  text: z.string().min(1).max(500).optional(),
};

export const DeliveryFilter = z.object(DeliveryFilterFields).strict();
export type DeliveryFilter = z.infer<typeof DeliveryFilter>;

/** deliveries.list: the log's filters, newest first (or slowest first), paged. */
export const DeliveryLogInput = DeliveryListInput.extend({
  ...DeliveryFilterFields,
  /** "time": newest first, paged with `before`; "duration": slowest last attempt first, paged with `offset`. */
  sort: z.enum(['time', 'duration']).default('time'),
  offset: z.number().int().min(0).max(100_000).default(0),
}).strict();
