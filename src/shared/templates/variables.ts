/** The names a template can use: built-ins, GoMFT's derived variables, and the list of a template's own. */
import { parse, positionOf, type Cond, type Node } from './parse';

type Vars = Record<string, unknown>;

/** Always available; they win over variables of the same name. */
export const BUILTIN_VARIABLES = ['uuid', 'now', 'timestamp', 'timestamp_ms'] as const;

const at = (vars: unknown, path: string): unknown => {
  let cur: unknown = vars;
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key))
      return undefined;
    cur = (cur as Vars)[key];
  }
  return cur;
};
const first = (...values: unknown[]): unknown => values.find((v) => v !== undefined && v !== null);
const str = (v: unknown): unknown => (typeof v === 'string' ? v : undefined);
const sizeMb = (bytes: unknown) =>
  typeof bytes === 'number' ? Math.round(bytes / 10485.76) / 100 : undefined;

/**
 * The variables of GoMFT's custom-template example (seed 003), derived from a GoMFT payload
 * (`event_type`, `transfer`) or an MFTPlus one (`event`, `data`) when not passed directly.
 * They are known names: one the payload lacks renders empty instead of being an error.
 * {{timestamp}} is the built-in; {{environment}} has no source in a payload: pass it in.
 */
export const GOMFT_VARIABLES: Readonly<Record<string, (vars: unknown) => unknown>> = {
  event_type: (v) =>
    first(
      // Stryker disable next-line StringLiteral: a rendered {{event_type}} that the payload has is found before any is derived.
      str(at(v, 'event_type')),
      at(v, 'event.topic'),
      str(at(v, 'event')),
    ),
  transfer_name: (v) => at(v, 'transfer.name'),
  status: (v) => first(at(v, 'transfer.status'), at(v, 'data.status')),
  total_size_mb: (v) => sizeMb(first(at(v, 'transfer.total_size_bytes'), at(v, 'data.size'))),
  error_message: (v) => first(at(v, 'transfer.error.message'), str(at(v, 'data.error'))),
  environment: () => undefined,
};

export interface TemplateVariable {
  /** The name or dotted path as written. */
  name: string;
  /** builtin: always there; gomft: derived from the payload when not passed; variable: must be passed. */
  kind: 'builtin' | 'gomft' | 'variable';
  /** Where it first appears. */
  line: number;
  column: number;
}

/** The variables a template uses, once each, in order of first use (best effort if it is malformed). */
export function listTemplateVariables(template: string): TemplateVariable[] {
  const found: { path: string; offset: number }[] = [];
  const visitCond = (c: Cond): void => {
    if (c.op === 'var') found.push(c);
    else if (c.op === 'not') visitCond(c.a);
    else if (c.op !== 'lit') {
      visitCond(c.a);
      visitCond(c.b);
    }
  };
  const visit = (list: Node[]): void => {
    for (const n of list) {
      if (n.kind === 'var') found.push(n);
      else if (n.kind === 'if') {
        for (const b of n.branches) {
          visitCond(b.cond);
          visit(b.body);
        }
        visit(n.otherwise);
      }
    }
  };
  try {
    visit(parse(template));
  } catch {
    for (const m of template.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g)) {
      found.push({ path: m[1], offset: m.index + m[0].indexOf(m[1]) });
    }
  }
  const seen = new Map<string, TemplateVariable>();
  // In order already: parse and the fallback scan both meet them in the order they are written.
  for (const { path, offset } of found) {
    if (seen.has(path)) continue;
    const kind = (BUILTIN_VARIABLES as readonly string[]).includes(path)
      ? 'builtin'
      : Object.hasOwn(GOMFT_VARIABLES, path)
        ? 'gomft'
        : 'variable';
    seen.set(path, { name: path, kind, ...positionOf(template, offset) });
  }
  return [...seen.values()];
}
