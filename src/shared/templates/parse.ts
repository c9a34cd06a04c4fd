/**
 * Payload templates, lexing and parsing: `{{variable}}` and `{% if %}…{% elif %}…{% else %}…{% endif %}`
 * into nodes, with the complexity caps and the errors (line and column) every later step reports.
 */

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

export type Cond =
  | { op: 'lit'; value: unknown }
  | { op: 'var'; path: string; offset: number }
  | { op: 'not'; a: Cond }
  | { op: 'and' | 'or' | '==' | '!='; a: Cond; b: Cond };
export type Node =
  | { kind: 'text'; text: string }
  | { kind: 'var'; path: string; offset: number }
  | { kind: 'if'; branches: { cond: Cond; body: Node[] }[]; otherwise: Node[] };

/** Complexity caps, checked while parsing: no template can overflow the stack when parsed or rendered. */
export const MAX_TEMPLATE_IF_DEPTH = 32;
export const MAX_CONDITION_TOKENS = 64;

const PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*$/;

export function positionOf(src: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

export const fail = (src: string, offset: number, detail: string, variable?: string): never => {
  const { line, column } = positionOf(src, offset);
  throw new TemplateError(detail, line, column, variable);
};

const COND_TOKEN = /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(==|!=|!)|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*)/y;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function parseCondition(src: string, text: string, offset: number): Cond {
  const toks: { t: string; kind: 'str' | 'op' | 'num' | 'word'; offset: number }[] = [];
  for (let p = 0; ;) {
    while (/\s/.test(text.charAt(p))) p++; // past the end, charAt is "" (not a space)
    if (p >= text.length) break;
    COND_TOKEN.lastIndex = p;
    const m = COND_TOKEN.exec(text);
    // The tag's content is trimmed, so the condition never ends in spaces.
    if (!m) return fail(src, offset + p, `Cannot read "${text.slice(p)}" in this condition`);
    if (toks.length >= MAX_CONDITION_TOKENS)
      return fail(src, offset + p, `This condition is too long (more than ${MAX_CONDITION_TOKENS} words and operators): split it into nested {% if %} blocks`);
    const kind = m[1] ? 'str' : m[2] ? 'op' : m[3] ? 'num' : null;
    // Stryker disable next-line StringLiteral: "word" is whatever else matched; no check reads that name.
    toks.push({ t: m[0], kind: kind ?? 'word', offset: offset + p });
    p += m[0].length;
  }
  let i = 0;
  const peek = () => toks[i];
  const need = (what: string): never =>
    fail(src, peek()?.offset ?? offset + text.length, `Expected ${what} in "{% if ${text.trim()} %}"`);
  const operand = (): Cond => {
    const tok = peek() ?? need('a value');
    // Only an operator can be "!" and only a word "not" (a string keeps its quotes).
    if (tok.t === '!' || tok.t === 'not') {
      i++;
      return { op: 'not', a: operand() };
    }
    if (tok.kind === 'op') need('a variable or a value');
    i++;
    if (tok.kind === 'str')
      return { op: 'lit', value: tok.t.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c) };
    if (tok.kind === 'num') return { op: 'lit', value: Number(tok.t) };
    // A word (an operator was refused above).
    if (tok.t === 'true' || tok.t === 'false') return { op: 'lit', value: tok.t === 'true' };
    if (tok.t === 'null' || tok.t === 'none')
      // Stryker disable next-line ObjectLiteral,StringLiteral: evaluates to undefined instead, which compares and tests exactly as null does.
      return { op: 'lit', value: null };
    if (!PATH.test(tok.t)) fail(src, tok.offset, `"${tok.t}" is not a variable name`);
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
export function parse(src: string): Node[] {
  const root: Node[] = [];
  const stack: { node: Extract<Node, { kind: 'if' }>; body: Node[]; offset: number; sawElse: boolean }[] = [];
  const body = () => (stack.length ? stack[stack.length - 1].body : root);
  let pos = 0;
  // Stryker disable next-line EqualityOperator: at the end, one more pass only adds an empty text node.
  while (pos < src.length) {
    OPENER.lastIndex = pos;
    const start = OPENER.exec(src)?.index ?? -1;
    if (start === -1) {
      body().push({ kind: 'text', text: src.slice(pos) });
      break;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without it, an empty text node (renders nothing).
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
    const [tag] = content.split(/\s/, 1);
    const rest = content.slice(tag.length);
    const restOffset = innerOffset + tag.length;
    const top = stack[stack.length - 1];
    if (tag === 'if') {
      // The content is trimmed: rest is empty, or has more than spaces (here and below).
      if (!rest)
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
        if (!rest) fail(src, start, '"{% elif %}" needs a condition');
        const branch = { cond: parseCondition(src, rest, restOffset), body: [] as Node[] };
        top.node.branches.push(branch);
        top.body = branch.body;
      } else if (rest) {
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
    // Stryker disable next-line ConditionalExpression: parse throws nothing else (its caps keep it off the stack limit); "true" only differs for another error.
    if (err instanceof TemplateError) return err;
    throw err;
  }
}

