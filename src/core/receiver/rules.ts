import { compileGlob } from '../../shared/glob';
import type { ResponseRule, ResponseSpec, RuleMatch, SequenceState } from '../../shared/receiver';

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
  step?: { step: number; of: number },
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
    stored: JSON.stringify({ kind, status: spec.status, headers: spec.headers, body: spec.body, delayMs: spec.delayMs, ruleId, ...(step ? { step } : {}) }),
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
  per: 'inbox' | 'delivery';
  sequence: boolean;
  name: string;
  /** match + action as JSON: a rule whose key is unchanged keeps its position across saves. */
  key: string;
}

/** Delivery ids one sequence rule keeps a position for; the oldest is forgotten first. */
export const MAX_TRACKED_DELIVERIES = 10_000;


function prepareRule(rule: ResponseRule & { id: string }): PreparedRule {
  const a = rule.action;
  let answers: Answer[];
  // Stryker disable next-line StringLiteral: only a sequence (which sets it) has more than one answer; others never read it.
  let after: 'repeat-last' | 'loop' = 'repeat-last';
  let per: 'inbox' | 'delivery' = 'inbox';
  switch (a.type) {
    case 'respond':
      answers = [answerFromSpec(a, rule.id)];
      break;
    case 'sequence':
      answers = a.steps.map((s, i) => prepareAnswer('respond', s, rule.id, { step: i + 1, of: a.steps.length }));
      after = a.after;
      per = a.per;
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
    per,
    sequence: a.type === 'sequence',
    name: rule.name,
    key: JSON.stringify([m, a]),
  };
}

export interface RuleInput {
  method: string;
  path: string;
  rawHeaders: string[];
  body: Buffer;
  /** For sequences kept per delivery id. */
  deliveryId?: string | null;
}

/**
 * An inbox's rules, checked in order; the first enabled one that matches answers. Sequence
 * positions live here, per rule id, and restart when the inbox's rules change.
 */
export class RuleSet {
  private rules: PreparedRule[];
  private positions = new Map<string, number>();
  /** Per rule id: delivery id → requests answered (insertion order = oldest first). */
  private deliveryPositions = new Map<string, Map<string, number>>();
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
      return this.next(r, req.deliveryId ?? null);
    }
    return this.fallback;
  }

  private index(r: PreparedRule, pos: number): number {
    return r.after === 'loop' ? pos % r.answers.length : Math.min(pos, r.answers.length - 1);
  }

  private next(r: PreparedRule, deliveryId: string | null): Answer {
    // Stryker disable next-line ConditionalExpression: a fast path; with one answer the position arithmetic below also picks answers[0].
    if (r.answers.length === 1 && !r.sequence) return r.answers[0];
    if (r.per === 'delivery' && deliveryId !== null) {
      let byId = this.deliveryPositions.get(r.id);
      if (!byId) this.deliveryPositions.set(r.id, (byId = new Map()));
      const pos = byId.get(deliveryId) ?? 0;
      byId.delete(deliveryId); // newest last
      byId.set(deliveryId, pos + 1);
      if (byId.size > MAX_TRACKED_DELIVERIES) byId.delete(byId.keys().next().value!);
      return r.answers[this.index(r, pos)];
    }
    const pos = this.positions.get(r.id) ?? 0;
    this.positions.set(r.id, pos + 1);
    return r.answers[this.index(r, pos)];
  }

  /** Where each sequence rule stands (enabled rules only). */
  sequences(): SequenceState[] {
    return this.rules
      .filter((r) => r.sequence)
      .map((r) => {
        const served = this.positions.get(r.id) ?? 0;
        const at = (pos: number) => ({ nextStep: this.index(r, pos) + 1, nextStatus: r.answers[this.index(r, pos)].status });
        const byId = this.deliveryPositions.get(r.id) ?? new Map<string, number>();
        const newest = [...byId].slice(-20).reverse();
        return {
          ruleId: r.id,
          name: r.name,
          per: r.per,
          steps: r.answers.length,
          after: r.after,
          served,
          ...at(served),
          deliveries: newest.map(([deliveryId, n]) => ({ deliveryId, served: n, ...at(n) })),
          deliveriesTracked: byId.size,
        };
      });
  }

  /** Back to step 1: one rule (or all), one delivery id of it (or all of them and the inbox-wide position). Returns whether a rule was found. */
  reset(ruleId?: string, deliveryId?: string): boolean {
    const rules = this.rules.filter((r) => r.sequence && (ruleId === undefined || r.id === ruleId));
    for (const r of rules) {
      if (deliveryId !== undefined) {
        this.deliveryPositions.get(r.id)?.delete(deliveryId);
        continue;
      }
      this.positions.delete(r.id);
      this.deliveryPositions.delete(r.id);
    }
    return rules.length > 0;
  }

  /** Keeps the positions of the rules that did not change (same id, conditions and action) from an earlier set. */
  carryFrom(old: RuleSet): void {
    for (const r of this.rules) {
      const before = old.rules.find((o) => o.id === r.id);
      if (!before || before.key !== r.key) continue;
      const pos = old.positions.get(r.id);
      if (pos !== undefined) this.positions.set(r.id, pos);
      const byId = old.deliveryPositions.get(r.id);
      if (byId) this.deliveryPositions.set(r.id, byId);
    }
  }
}

function headerMatches(raw: string[], name: string, contains: string | null): boolean {
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== name) continue;
    if (contains === null || raw[i + 1].toLowerCase().includes(contains)) return true;
  }
  return false;
}
