import { z } from 'zod';
import {
  Alert,
  AlertRule,
  AlertRuleFields,
  DeliveryStats,
  InboxStats,
  Sparklines,
  WindowFields,
} from '../monitoring';
import { method } from './define';

const ById = z.object({ id: z.string().min(1).max(200) }).strict();

export const monitoringMethods = {
  'stats.overview': method(
    z
      .object({
        ...WindowFields,
        endpointId: z.string().min(1).max(200).optional(),
        topic: z.string().min(1).max(200).optional(),
      })
      .strict(),
    DeliveryStats,
    'Delivery health over a window (from per-minute rollups): series, latency percentiles, status classes, busiest endpoints, last failures.',
  ),
  'stats.endpoint': method(
    z.object({ id: z.string().min(1).max(200), ...WindowFields }).strict(),
    DeliveryStats,
    "One endpoint's delivery health over a window.",
  ),
  'stats.inbox': method(
    z.object({ slug: z.string().min(1).max(200).optional(), ...WindowFields }).strict(),
    InboxStats,
    'Captured requests over a window for one inbox or all: answers, signature outcomes, duplicates.',
  ),
  'stats.sparklines': method(
    z.object({ window: WindowFields.window, buckets: z.number().int().min(4).max(200).optional() }).strict(),
    Sparklines,
    'Volume and success rate per endpoint in a few buckets (for the endpoint list).',
  ),
  'alerts.rules.list': method(z.object({}).strict(), z.array(AlertRule), 'Alert rules, defaults first.'),
  'alerts.rules.create': method(AlertRuleFields.partial({ enabled: true, desktop: true, webhookEndpointId: true, scope: true, minVolume: true }).strict(), AlertRule, 'Add an alert rule.'),
  'alerts.rules.update': method(
    AlertRuleFields.partial().extend({ id: z.string().min(1).max(200) }).strict(),
    AlertRule,
    'Change an alert rule.',
  ),
  'alerts.rules.delete': method(ById, z.object({ deleted: z.boolean() }), 'Delete an alert rule you added.'),
  'alerts.list': method(
    z
      .object({
        /** Only alerts that have not cleared. */
        open: z.boolean().optional(),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    z.array(Alert),
    'Alert history, newest first.',
  ),
};

export const monitoringEvents = {
  'alerts.fired': Alert,
  'alerts.cleared': Alert,
  /** The rollups changed (batched, at most about once a second). */
  'stats.updated': z.object({
    at: z.number(),
    endpointIds: z.array(z.string()),
    inboxes: z.array(z.string()),
  }),
};
