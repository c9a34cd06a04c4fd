import { compileGlob } from '../../shared/glob';
import type { ResponseRule, ResponseSpec, RuleMatch } from '../../shared/receiver';

export type AnswerKind = 'respond' | 'redirect' | 'hang' | 'drop';

/** A response ready to send: headers as a flat list for writeHead, the stored form precomputed. */
export interface Answer {
  kind: AnswerKind;
  status: number | null;
  headers: string[];
  body: Buffer;
  /**
   * The body as a string when sending it as one is byte-for-byte the same (UTF-8 that round-trips,
   * headers all ASCII): node then writes head and body in one write instead of two chunks.
   */
  text: string | null;
  delayMs: number;
  ruleId: string | null;
  /** What is stored with the request (JSON of kind/status/headers/body/delay/rule). */
  stored: string;
}

export function prepareAnswer(
  kind: AnswerKind,
  spec: { status: number | null; headers: [string, string][]; body: string; delayMs: number },
  ruleId: string | null,
): Answer {
  const headers: string[] = [];
  for (const [k, v] of spec.headers) headers.push(k, v);
  // Stryker disable next-line StringLiteral: Buffer.from(text, '') is UTF-8 too (the default).
  const body = Buffer.from(spec.body, 'utf8');
  const framed = spec.headers.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k));
  if (!framed && (kind === 'respond' || kind === 'redirect')) headers.push('Content-Length', String(body.length));
  // Concatenated with the head, a string body is written as UTF-8, the head included: only safe
  // when every header byte is ASCII (node writes a separate head as latin1).
  // Stryker disable next-line StringLiteral: byteLength(h, '') is the UTF-8 length too (the default).
  const ascii = headers.every((h) => Buffer.byteLength(h, 'latin1') === Buffer.byteLength(h, 'utf8'));
  // Written as a string, the body is encoded exactly as `body` was (UTF-8, lone surrogates as
  // U+FFFD): the bytes on the wire are the same either way.
  const text = ascii ? spec.body : null;
  return {
    kind,
    status: spec.status,
    headers,
    body,
    text,
    delayMs: spec.delayMs,
    ruleId,
    stored: JSON.stringify({ kind, status: spec.status, headers: spec.headers, body: spec.body, delayMs: spec.delayMs, ruleId }),
  };
}

export const answerFromSpec = (spec: ResponseSpec, ruleId: string | null): Answer => prepareAnswer('respond', spec, ruleId);

interface PreparedRule {
  id: string;
  match: RuleMatch;
  methods: Set<string> | null;
  path: ((path: string) => boolean) | null;
  headerName: string | null;
  headerContains: string | null;
  bodyContains: string | null;
  /** One answer, or the steps of a sequence. */
  answers: Answer[];
  after: 'repeat-last' | 'loop';
}


function prepareRule(rule: ResponseRule & { id: string }): PreparedRule {
  const a = rule.action;
  let answers: Answer[];
  // Stryker disable next-line StringLiteral: only a sequence (which sets it) has more than one answer; others never read it.
  let after: 'repeat-last' | 'loop' = 'repeat-last';
  switch (a.type) {
    case 'respond':
      answers = [answerFromSpec(a, rule.id)];
      break;
    case 'sequence':
      answers = a.steps.map((s) => answerFromSpec(s, rule.id));
      after = a.after;
      break;
    case 'redirect':
      answers = [prepareAnswer('redirect', { status: a.status, headers: [['Location', a.location]], body: '', delayMs: a.delayMs }, rule.id)];
      break;
    case 'hang':
      answers = [prepareAnswer('hang', { status: null, headers: [], body: '', delayMs: 0 }, rule.id)];
      break;
    case 'drop':
      answers = [prepareAnswer('drop', { status: null, headers: [], body: '', delayMs: a.delayMs }, rule.id)];
      break;
  }
  const m = rule.match;
  return {
    id: rule.id,
    match: m,
    methods: m.methods?.length ? new Set(m.methods) : null,
    path: m.path ? compileGlob(m.path) : null,
    headerName: m.header ? m.header.name.toLowerCase() : null,
    headerContains: m.header?.contains ? m.header.contains.toLowerCase() : null,
    bodyContains: m.bodyContains ? m.bodyContains.toLowerCase() : null,
    answers,
    after,
  };
}

export interface RuleInput {
  method: string;
  path: string;
  rawHeaders: string[];
  body: Buffer;
}

/**
 * An inbox's rules, checked in order; the first enabled one that matches answers. Sequence
 * positions live here, per rule id, and restart when the inbox's rules change.
 */
export class RuleSet {
  private rules: PreparedRule[];
  private positions = new Map<string, number>();
  readonly needsBody: boolean;

  constructor(
    rules: (ResponseRule & { id: string })[],
    private readonly fallback: Answer,
  ) {
    this.rules = rules.filter((r) => r.enabled).map(prepareRule);
    this.needsBody = this.rules.some((r) => r.bodyContains !== null);
  }

  pick(req: RuleInput): Answer {
    // Stryker disable next-line ConditionalExpression: a fast path; with no rules the loop below ends on the same fallback.
    if (this.rules.length === 0) return this.fallback;
    let bodyText: string | null = null;
    for (const r of this.rules) {
      if (r.methods && !r.methods.has(req.method)) continue;
      if (r.path && !r.path(req.path)) continue;
      if (r.headerName !== null && !headerMatches(req.rawHeaders, r.headerName, r.headerContains)) continue;
      if (r.bodyContains !== null) {
        bodyText ??= req.body.toString('utf8').toLowerCase();
        if (!bodyText.includes(r.bodyContains)) continue;
      }
      return this.next(r);
    }
    return this.fallback;
  }

  private next(r: PreparedRule): Answer {
    // Stryker disable next-line ConditionalExpression: a fast path; with one answer the position arithmetic below also picks answers[0].
    if (r.answers.length === 1) return r.answers[0];
    const pos = this.positions.get(r.id) ?? 0;
    const i = r.after === 'loop' ? pos % r.answers.length : Math.min(pos, r.answers.length - 1);
    this.positions.set(r.id, pos + 1);
    return r.answers[i];
  }
}

function headerMatches(raw: string[], name: string, contains: string | null): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== name) continue;
    if (contains === null || raw[i + 1].toLowerCase().includes(contains)) return true;
  }
  return false;
}
