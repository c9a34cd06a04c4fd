/**
 * Payload templates, as GoMFT documents them (seed 003): `{{variable}}` substitution with dotted
 * paths and `{% if %}…{% elif %}…{% else %}…{% endif %}` blocks, plus built-ins. Pure and
 * Node-free (time and ids come in through the options), so the renderer previews live with it.
 *
 * Values are escaped for where they land: inside a JSON string they are JSON-escaped text; in
 * JSON outside a string they become a JSON value (strings quoted, objects serialized, missing
 * values `null`); in XML `& < > " '` are escaped (inside CDATA only `]]>` is split); text is raw.
 */

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

export class TemplateError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly detail: string,
    readonly line: number,
    readonly column: number,
    /** The unknown variable, when that is the problem. */
    readonly variable?: string,
  ) {
    super(`${detail} (line ${line}, column ${column})`);
    this.name = 'TemplateError';
  }
}

/** Always available; they win over variables of the same name. */
export const BUILTIN_VARIABLES = ['uuid', 'now', 'timestamp', 'timestamp_ms'] as const;

type Vars = Record<string, unknown>;
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
  event_type: (v) => first(str(at(v, 'event_type')), at(v, 'event.topic'), str(at(v, 'event'))),
  transfer_name: (v) => at(v, 'transfer.name'),
  status: (v) => first(at(v, 'transfer.status'), at(v, 'data.status')),
  total_size_mb: (v) => sizeMb(first(at(v, 'transfer.total_size_bytes'), at(v, 'data.size'))),
  error_message: (v) => first(at(v, 'transfer.error.message'), str(at(v, 'data.error'))),
  environment: () => undefined,
};

// ---------------------------------------------------------------- lexing and parsing

type Cond =
  | { op: 'lit'; value: unknown }
  | { op: 'var'; path: string; offset: number }
  | { op: 'not'; a: Cond }
  | { op: 'and' | 'or' | '==' | '!='; a: Cond; b: Cond };
type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; path: string; offset: number }
  | { kind: 'if'; branches: { cond: Cond; body: Node[] }[]; otherwise: Node[] };

/** Complexity caps, checked while parsing: no template can overflow the stack when parsed or rendered. */
export const MAX_TEMPLATE_IF_DEPTH = 32;
export const MAX_CONDITION_TOKENS = 64;

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

function positionOf(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const fail = (src: string, offset: number, detail: string, variable?: string): never => {
  const { line, column } = positionOf(src, offset);
  throw new TemplateError(detail, line, column, variable);
};

const COND_TOKEN = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(==|!=|!)|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function parseCondition(src: string, text: string, offset: number): Cond {
  const toks: { t: string; kind: 'str' | 'op' | 'num' | 'word'; offset: number }[] = [];
  for (let p = 0; ;) {
    while (p < text.length && /\s/.test(text[p])) p++;
    if (p >= text.length) break;
    COND_TOKEN.lastIndex = p;
    const m = COND_TOKEN.exec(text);
    if (!m) return fail(src, offset + p, `Cannot read "${text.slice(p).trim()}" in this condition`);
    if (toks.length >= MAX_CONDITION_TOKENS)
      return fail(src, offset + p, `This condition is too long (more than ${MAX_CONDITION_TOKENS} words and operators): split it into nested {% if %} blocks`);
    toks.push({ t: m[0], kind: m[1] ? 'str' : m[2] ? 'op' : m[3] ? 'num' : 'word', offset: offset + p });
    p += m[0].length;
  }
  let i = 0;
  const peek = () => toks[i];
  const need = (what: string): never =>
    fail(src, peek()?.offset ?? offset + text.length, `Expected ${what} in "{% if ${text.trim()} %}"`);
  const operand = (): Cond => {
    const tok = peek() ?? need('a value');
    if ((tok.kind === 'op' && tok.t === '!') || (tok.kind === 'word' && tok.t === 'not')) {
      i++;
      return { op: 'not', a: operand() };
    }
    if (tok.kind === 'op') need('a variable or a value');
    i++;
    if (tok.kind === 'str')
      return { op: 'lit', value: tok.t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c) };
    if (tok.kind === 'num') return { op: 'lit', value: Number(tok.t) };
    if (tok.kind === 'word') {
      if (tok.t === 'true' || tok.t === 'false') return { op: 'lit', value: tok.t === 'true' };
      if (tok.t === 'null' || tok.t === 'none') return { op: 'lit', value: null };
      if (!PATH.test(tok.t)) fail(src, tok.offset, `"${tok.t}" is not a variable name`);
    }
    return { op: 'var', path: tok.t, offset: tok.offset };
  };
  const comparison = (): Cond => {
    const a = operand();
    const tok = peek();
    if (tok?.kind !== 'op' || (tok.t !== '==' && tok.t !== '!=')) return a;
    i++;
    return { op: tok.t, a, b: operand() };
  };
  const conj = (): Cond => {
    let a = comparison();
    while (peek()?.t === 'and') {
      i++;
      a = { op: 'and', a, b: comparison() };
    }
    return a;
  };
  let cond = conj();
  while (peek()?.t === 'or') {
    i++;
    cond = { op: 'or', a: cond, b: conj() };
  }
  if (i < toks.length) need('"and", "or", "==" or "!="');
  return cond;
}

const OPENER = /\{\{|\{%/g;

/** Parses a template into nodes; throws TemplateError for a malformed tag or an unbalanced block. */
function parse(src: string): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'if' }>; body: Node[]; offset: number; sawElse: boolean }[] = [];
  const body = () => (stack.length ? stack[stack.length - 1].body : root);
  let pos = 0;
  while (pos < src.length) {
    OPENER.lastIndex = pos;
    const start = OPENER.exec(src)?.index ?? -1;
    if (start === -1) {
      body().push({ kind: 'text', text: src.slice(pos) });
      break;
    }
    if (start > pos) body().push({ kind: 'text', text: src.slice(pos, start) });
    const isVar = src[start + 1] === '{';
    const closer = isVar ? '}}' : '%}';
    const end = src.indexOf(closer, start + 2);
    if (end === -1) fail(src, start, `"${src.slice(start, start + 2)}" is never closed: add "${closer}"`);
    const inner = src.slice(start + 2, end);
    const innerOffset = start + 2 + (inner.length - inner.trimStart().length);
    const content = inner.trim();
    pos = end + 2;
    if (isVar) {
      if (!content) fail(src, start, 'Empty "{{ }}": put a variable name inside');
      if (!PATH.test(content))
        fail(src, innerOffset, `"${content}" is not a variable name (letters, digits, _ and dots)`);
      body().push({ kind: 'var', path: content, offset: innerOffset });
      continue;
    }
    const [tag] = content.split(/\s+/, 1);
    const rest = content.slice(tag.length);
    const restOffset = innerOffset + tag.length;
    const top = stack[stack.length - 1];
    if (tag === 'if') {
      if (!rest.trim())
        fail(src, start, '"{% if %}" needs a condition, for example {% if status == "failed" %}');
      if (stack.length >= MAX_TEMPLATE_IF_DEPTH)
        fail(src, start, `"{% if %}" blocks are nested more than ${MAX_TEMPLATE_IF_DEPTH} deep: flatten them with "and" or "elif"`);
      const node: Extract<Node, { kind: 'if' }> = { kind: 'if', branches: [], otherwise: [] };
      const branch = { cond: parseCondition(src, rest, restOffset), body: [] as Node[] };
      node.branches.push(branch);
      body().push(node);
      stack.push({ node, body: branch.body, offset: start, sawElse: false });
    } else if (tag === 'elif' || tag === 'else' || tag === 'endif') {
      if (!top) fail(src, start, `"{% ${tag} %}" has no matching "{% if %}"`);
      if (tag !== 'endif' && top.sawElse)
        fail(src, start, `"{% ${tag} %}" after "{% else %}": the else branch must come last`);
      if (tag === 'elif') {
        if (!rest.trim()) fail(src, start, '"{% elif %}" needs a condition');
        const branch = { cond: parseCondition(src, rest, restOffset), body: [] as Node[] };
        top.node.branches.push(branch);
        top.body = branch.body;
      } else if (rest.trim()) {
        fail(src, restOffset + rest.length - rest.trimStart().length, `"{% ${tag} %}" takes no condition`);
      } else if (tag === 'else') {
        top.sawElse = true;
        top.body = top.node.otherwise;
      } else stack.pop();
    } else {
      fail(src, innerOffset, `Unknown tag "{% ${tag} %}": use if, elif, else or endif`);
    }
  }
  if (stack.length)
    fail(src, stack[stack.length - 1].offset, '"{% if %}" is never closed: add "{% endif %}"');
  return root;
}

/**
 * The syntax and complexity problem of a template, or null when it parses. Unknown variables are
 * not checked here: which ones exist depends on the event sent.
 */
export function templateProblem(template: string): TemplateError | null {
  try {
    parse(template);
    return null;
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
}

// ---------------------------------------------------------------- rendering

/** Largest rendered output (UTF-16 units): a short template repeating a big value cannot take all memory. */
export const MAX_TEMPLATE_OUTPUT = 32 * 1024 * 1024;

const isPlainObject = (v: unknown): v is Vars =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

const toText = (v: unknown): string =>
  v === undefined || v === null
    ? ''
    : typeof v === 'string'
      ? v
      : v instanceof Date
        ? v.toISOString()
        : typeof v === 'object'
          ? JSON.stringify(v)
          : String(v);

const toJsonValue = (v: unknown): string =>
  v === undefined || v === null || (typeof v === 'number' && !Number.isFinite(v))
    ? 'null'
    : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
      ? String(v)
      : JSON.stringify(v);

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
    if (this.format !== 'text') this.unscanned.push(t);
  }

  private scan(): void {
    for (const t of this.unscanned) this.scanOne(t);
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
    } else if (this.format === 'xml') {
      for (let i = 0; ;) {
        const marker = this.inCdata ? ']]>' : '<![CDATA[';
        const j = t.indexOf(marker, i);
        if (j === -1) break;
        this.inCdata = !this.inCdata;
        i = j + marker.length;
      }
    }
  }

  value(v: unknown): void {
    this.scan();
    if (this.format === 'json')
      this.push(this.inString ? JSON.stringify(toText(v)).slice(1, -1) : toJsonValue(v));
    else if (this.format === 'xml' && this.inCdata)
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
        const derive =
          parts.length === 1 && Object.hasOwn(GOMFT_VARIABLES, path) ? GOMFT_VARIABLES[path] : undefined;
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
  for (const { path, offset } of found.sort((a, b) => a.offset - b.offset)) {
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
