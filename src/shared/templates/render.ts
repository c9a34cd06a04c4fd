/**
 * Rendering a parsed template: values escaped for where they land (see ./index.ts), output size
 * capped, unknown variables reported with their position.
 */
import { fail, parse, TemplateError, type Cond, type Node } from './parse';
import { GOMFT_VARIABLES } from './variables';

export type TemplateFormat = 'json' | 'xml' | 'text';
export type TemplateVars = Record<string, unknown>;

export interface TemplateOptions {
  format: TemplateFormat;
  /** The render's clock: {{now}}, {{timestamp}} and {{timestamp_ms}} come from it. */
  now: Date;
  /** A fresh id for each {{uuid}}. */
  uuid: () => string;
  /** true (default): an unknown variable is an error; false: it renders empty (`null` as a JSON value). */
  strict?: boolean;
}

type Vars = Record<string, unknown>;

/** Largest rendered output (UTF-16 units): a short template repeating a big value cannot take all memory. */
export const MAX_TEMPLATE_OUTPUT = 32 * 1024 * 1024;

const isPlainObject = (v: unknown): v is Vars =>
  // Stryker disable next-line ConditionalExpression: only `truthy` calls it, after it has ruled out null.
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** Text of a value: a string as is (`String`), objects and arrays as JSON, a Date in ISO 8601. */
const toText = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : v instanceof Date
      ? v.toISOString()
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/**
 * A value as JSON, missing as null. JSON.stringify writes null and non-finite numbers as "null",
 * finite numbers and booleans as `String` does, and refuses a bigint.
 */
const toJsonValue = (v: unknown): string =>
  v === undefined ? 'null' : typeof v === 'bigint' ? String(v) : JSON.stringify(v);

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

const truthy = (v: unknown): boolean =>
  !(v === undefined || v === null || v === false || v === 0 || v === '' || Number.isNaN(v)) &&
  !(Array.isArray(v) && v.length === 0) &&
  !(isPlainObject(v) && Object.keys(v).length === 0);

const equal = (a: unknown, b: unknown): boolean => {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
};

/** Tracks where literal template text leaves the output (inside a JSON string? a CDATA section?). */
class Writer {
  private parts: string[] = [];
  /** Literal text not scanned yet: scanning waits until a value needs the context. */
  // Stryker disable next-line ArrayDeclaration: Stryker's filler text has no quote, backslash or CDATA marker to scan.
  private unscanned: string[] = [];
  private inString = false;
  private escaped = false;
  private inCdata = false;
  private size = 0;

  constructor(private readonly format: TemplateFormat) {}

  private push(t: string): void {
    this.size += t.length;
    if (this.size > MAX_TEMPLATE_OUTPUT)
      throw new TemplateError(`The rendered body would be larger than ${MAX_TEMPLATE_OUTPUT / 1024 / 1024} MiB: use large values fewer times`, 1, 1);
    this.parts.push(t);
  }

  text(t: string): void {
    this.push(t);
    // Stryker disable next-line ConditionalExpression,StringLiteral: text format has no context; its scan is a no-op (this only saves the memory).
    if (this.format !== 'text') this.unscanned.push(t);
  }

  private scan(): void {
    for (const t of this.unscanned) this.scanOne(t);
    // Stryker disable next-line ArrayDeclaration: Stryker's filler text has no quote, backslash or CDATA marker to scan.
    this.unscanned = [];
  }

  private scanOne(t: string): void {
    if (this.format === 'json') {
      for (const c of t) {
        if (!this.inString) this.inString = c === '"';
        else if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
      }
      return;
    }
    // XML: text format is never queued for a scan (see text()).
    for (let i = 0; ;) {
      const marker = this.inCdata ? ']]>' : '<![CDATA[';
      const j = t.indexOf(marker, i);
      if (j === -1) break;
      this.inCdata = !this.inCdata;
      i = j + marker.length;
    }
  }

  value(v: unknown): void {
    this.scan();
    if (this.format === 'json')
      this.push(this.inString ? JSON.stringify(toText(v)).slice(1, -1) : toJsonValue(v));
    // Only the XML scan ever sets inCdata.
    else if (this.inCdata)
      this.push(toText(v).replace(/]]>/g, ']]]]><![CDATA[>'));
    else if (this.format === 'xml') this.push(toText(v).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]));
    else this.push(toText(v));
  }

  toString(): string {
    return this.parts.join('');
  }
}

/**
 * Renders a template with variables. Names resolve as built-ins ({{uuid}}, {{now}} ISO 8601,
 * {{timestamp}} Unix seconds, {{timestamp_ms}}), then dotted paths into `vars` (e.g.
 * {{event.topic}}, {{endpoint.url}}, {{data.file.name}}), then GoMFT's variables derived from the
 * payload. In conditions an unknown variable is simply false. Throws TemplateError.
 */
export function renderTemplate(
  template: string,
  vars: TemplateVars,
  options: TemplateOptions,
): { output: string } {
  const nodes = parse(template);
  const strict = options.strict ?? true;
  const lookup = (path: string): { found: boolean; value: unknown } => {
    const t = options.now.getTime();
    if (path === 'uuid') return { found: true, value: options.uuid() };
    if (path === 'now') return { found: true, value: options.now.toISOString() };
    if (path === 'timestamp') return { found: true, value: Math.floor(t / 1000) };
    if (path === 'timestamp_ms') return { found: true, value: t };
    const parts = path.split('.');
    let cur: unknown = vars;
    for (const key of parts) {
      if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, key)) {
        // GoMFT's names have no dot, so a dotted path never derives one.
        const derive = Object.hasOwn(GOMFT_VARIABLES, path) ? GOMFT_VARIABLES[path] : undefined;
        return { found: !!derive, value: derive?.(vars) };
      }
      cur = (cur as Vars)[key];
    }
    return { found: true, value: cur };
  };
  const evaluate = (c: Cond): unknown => {
    switch (c.op) {
      case 'lit':
        return c.value;
      case 'var':
        return lookup(c.path).value;
      case 'not':
        return !truthy(evaluate(c.a));
      case 'and':
        return truthy(evaluate(c.a)) && truthy(evaluate(c.b));
      case 'or':
        return truthy(evaluate(c.a)) || truthy(evaluate(c.b));
      case '==':
        return equal(evaluate(c.a), evaluate(c.b));
      case '!=':
        return !equal(evaluate(c.a), evaluate(c.b));
    }
  };
  const out = new Writer(options.format);
  const walk = (list: Node[]): void => {
    for (const node of list) {
      if (node.kind === 'text') out.text(node.text);
      else if (node.kind === 'var') {
        const { found, value } = lookup(node.path);
        if (!found && strict) {
          const hint = `pass it in, fix its name, or guard it with {% if ${node.path} %}…{% endif %}`;
          fail(template, node.offset, `Unknown variable "${node.path}": ${hint}`, node.path);
        }
        out.value(value);
      } else {
        const branch = node.branches.find((b) => truthy(evaluate(b.cond)));
        walk(branch ? branch.body : node.otherwise);
      }
    }
  };
  walk(nodes);
  return { output: out.toString() };
}

