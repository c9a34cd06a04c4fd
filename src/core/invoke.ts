import type { z } from 'zod';
import { isMethodName, methods, type MethodName, type MethodOutput, type MethodParsedInput } from '../shared/contract';
import { HookbenchError, type ApiIssue, type Envelope } from '../shared/errors';
import { checkInput } from './input-check';
import type { Logger } from './util/logger';

/** One function per contract method, taking the parsed input. */
export type Handlers = {
  [K in MethodName]: (input: MethodParsedInput<K>) => Promise<MethodOutput<K>> | MethodOutput<K>;
};

export const zodIssues = (error: z.ZodError): ApiIssue[] =>
  error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));

const describeIssues = (issues: ApiIssue[]): string =>
  issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');

/**
 * The one way into the core for both hosts: checks the method name, parses the input with the
 * contract's schema (unknown fields are errors), runs the handler and wraps the result.
 */
export async function invokeMethod(
  handlers: Handlers,
  name: string,
  rawInput: unknown,
  logger: Logger,
  checkOutputs = false,
): Promise<Envelope<unknown>> {
  if (!isMethodName(name)) {
    return {
      ok: false,
      error: { code: 'unknown_method', message: `Unknown method "${name}". The list is in /api/openapi.json.` },
    };
  }
  const def = methods[name];
  const shape = checkInput(rawInput);
  if (shape) {
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${name}: ${describeIssues([shape])}`, issues: [shape] },
    };
  }
  const parsed = def.input.safeParse(rawInput === undefined || rawInput === null ? {} : rawInput);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return {
      ok: false,
      error: { code: 'invalid_input', message: `Invalid input for ${name}: ${describeIssues(issues)}`, issues },
    };
  }
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const data = await handler(parsed.data);
    if (checkOutputs) {
      const out = (def.output as z.ZodType).safeParse(data);
      if (!out.success) {
        logger.error('handler output does not match the contract', { method: name, issues: zodIssues(out.error) });
        return { ok: false, error: { code: 'internal', message: `Hookbench produced an invalid ${name} result.` } };
      }
    }
    return { ok: true, data };
  } catch (err) {
    if (err instanceof HookbenchError) return { ok: false, error: err.toBody() };
    if (err && typeof err === 'object' && 'issues' in err && Array.isArray((err as z.ZodError).issues)) {
      const issues = zodIssues(err as z.ZodError);
      return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}: ${describeIssues(issues)}`, issues } };
    }
    logger.error('method failed', { method: name, error: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) });
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { code: 'internal', message: `Something went wrong inside Hookbench (${message}). Nothing was changed; see the log for details.` },
    };
  }
}
