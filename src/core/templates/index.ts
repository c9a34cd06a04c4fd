import { randomUUID } from 'node:crypto';
import {
  renderTemplate,
  type TemplateFormat,
  type TemplateOptions,
  type TemplateVars,
} from '../../shared/templates';
import type { Clock } from '../util/clock';

/**
 * Payload templates for the core. The engine itself is pure and lives in src/shared/templates/
 * (so the renderer previews with the same code); this adds the core's clock and ids.
 */

export {
  BUILTIN_VARIABLES,
  GOMFT_VARIABLES,
  TemplateError,
  listTemplateVariables,
  renderTemplate,
  type TemplateFormat,
  type TemplateOptions,
  type TemplateVariable,
  type TemplateVars,
} from '../../shared/templates';
export { validatePayload, offsetToLineColumn, type PayloadCheck } from '../../shared/payload-check';

/** The render context from the core's clock, with random v4 UUIDs. */
export const templateContext = (clock: Clock): Pick<TemplateOptions, 'now' | 'uuid'> => ({
  now: new Date(clock.now()),
  uuid: () => randomUUID(),
});

/**
 * The variables for one event: the payload's top-level fields (so GoMFT's names and
 * {{data.transferId}} work), the payload itself as `payload`, then `event` and `endpoint`, which
 * win over payload fields of the same name.
 */
export function eventTemplateVars(input: {
  payload?: unknown;
  event?: { id?: string; topic?: string; [k: string]: unknown };
  endpoint?: { name?: string; url?: string; [k: string]: unknown };
  extra?: TemplateVars;
}): TemplateVars {
  const p = input.payload;
  // A JSON object (not null, an array, a string or a number): its fields become variables.
  const fields = p instanceof Object && !Array.isArray(p) ? (p as TemplateVars) : {};
  return {
    ...fields,
    payload: p ?? null,
    ...input.extra,
    ...(input.event ? { event: input.event } : {}),
    ...(input.endpoint ? { endpoint: input.endpoint } : {}),
  };
}

/** Renders with the core's clock. */
export const renderWithClock = (
  template: string,
  vars: TemplateVars,
  format: TemplateFormat,
  clock: Clock,
  strict = true,
): { output: string } => renderTemplate(template, vars, { format, strict, ...templateContext(clock) });
