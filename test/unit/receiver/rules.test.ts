import { describe, expect, it } from 'vitest';
import { answerFromSpec, prepareAnswer, RuleSet, type RuleInput } from '../../../src/core/receiver/rules';
import { ResponseRule, ResponseSpec, type ResponseRuleInput } from '../../../src/shared/receiver';

const fallback = answerFromSpec(ResponseSpec.parse({ status: 200, body: 'default' }), null);
const rules = (...input: ResponseRuleInput[]) =>
  new RuleSet(
    input.map((r, i) => ({ ...ResponseRule.parse(r), id: r.id ?? `r${i}` })),
    fallback,
  );
const req = (
  over: Partial<RuleInput> & { headers?: Record<string, string>; text?: string } = {},
): RuleInput => ({
  method: over.method ?? 'POST',
  path: over.path ?? '/x',
  rawHeaders: Object.entries(over.headers ?? {}).flat(),
  body: Buffer.from(over.text ?? '', 'utf8'),
});
const respond = (status: number, body = '') => ({ type: 'respond' as const, status, body });

describe('response rules', () => {
  it('answers with the fallback when there are no rules or none matches', () => {
    expect(rules().pick(req())).toBe(fallback);
    expect(rules({ match: { path: '/other' }, action: respond(500) }).pick(req())).toBe(fallback);
  });

  it('a disabled rule never answers; the next matching rule does', () => {
    const set = rules({ enabled: false, action: respond(500) }, { action: respond(202) });
    expect(set.pick(req()).status).toBe(202);
    expect(rules({ enabled: false, action: respond(500) }).pick(req())).toBe(fallback);
    expect(rules({ enabled: false, match: { bodyContains: 'x' }, action: respond(500) }).needsBody).toBe(
      false,
    );
  });

  it('checks rules in order: the first match answers', () => {
    const set = rules({ match: { path: '/a*' }, action: respond(201) }, { action: respond(202) });
    expect(set.pick(req({ path: '/abc' })).status).toBe(201);
    expect(set.pick(req({ path: '/b' })).status).toBe(202);
    expect(set.pick(req({ path: '/b' })).ruleId).toBe('r1');
  });

  it('matches methods exactly (any of them)', () => {
    const set = rules({ match: { methods: ['put', 'DELETE'] }, action: respond(409) });
    expect(set.pick(req({ method: 'PUT' })).status).toBe(409);
    expect(set.pick(req({ method: 'DELETE' })).status).toBe(409);
    expect(set.pick(req({ method: 'POST' }))).toBe(fallback);
    // An empty list means any method.
    expect(rules({ match: { methods: [] }, action: respond(409) }).pick(req({ method: 'GET' })).status).toBe(
      409,
    );
  });

  it('matches the path as a whole with "*" as the only wildcard, ignoring case', () => {
    const set = rules({ match: { path: '/orders/*.json' }, action: respond(418) });
    expect(set.pick(req({ path: '/orders/1.json' })).status).toBe(418);
    expect(set.pick(req({ path: '/ORDERS/a/b.JSON' })).status).toBe(418);
    expect(set.pick(req({ path: '/orders/1xjson' }))).toBe(fallback); // "." is literal
    expect(set.pick(req({ path: '/x/orders/1.json' }))).toBe(fallback); // anchored at the start
    expect(set.pick(req({ path: '/orders/1.json/more' }))).toBe(fallback); // and at the end
    const literal = rules({ match: { path: '/a+b(c)' }, action: respond(418) });
    expect(literal.pick(req({ path: '/a+b(c)' })).status).toBe(418);
    expect(literal.pick(req({ path: '/aab(c)' }))).toBe(fallback);
  });

  it('matches a header by name (any case), optionally containing a text (any case)', () => {
    const present = rules({ match: { header: { name: 'X-Mode' } }, action: respond(429) });
    expect(present.pick(req({ headers: { 'x-mode': '' } })).status).toBe(429);
    expect(present.pick(req({ headers: { 'x-other': 'X-Mode' } }))).toBe(fallback);
    const contains = rules({ match: { header: { name: 'x-mode', contains: 'Slow' } }, action: respond(429) });
    expect(contains.pick(req({ headers: { 'X-MODE': 'very-SLOW-please' } })).status).toBe(429);
    expect(contains.pick(req({ headers: { 'x-mode': 'fast' } }))).toBe(fallback);
    // A repeated header matches on any of its values.
    const twice: RuleInput = { ...req(), rawHeaders: ['X-Mode', 'fast', 'X-Mode', 'slow'] };
    expect(contains.pick(twice).status).toBe(429);
  });

  it('matches body text case-insensitively, and says it needs the body', () => {
    const set = rules({ match: { bodyContains: 'Gone' }, action: respond(410) });
    expect(set.needsBody).toBe(true);
    expect(set.pick(req({ text: '{"state":"GONE"}' })).status).toBe(410);
    expect(set.pick(req({ text: '{"state":"here"}' }))).toBe(fallback);
    expect(rules({ action: respond(410) }).needsBody).toBe(false);
  });

  it('all given conditions must hold', () => {
    const set = rules({ match: { methods: ['POST'], path: '/a', bodyContains: 'x' }, action: respond(400) });
    expect(set.pick(req({ path: '/a', text: 'x' })).status).toBe(400);
    expect(set.pick(req({ path: '/a', text: 'y' }))).toBe(fallback);
    expect(set.pick(req({ path: '/b', text: 'x' }))).toBe(fallback);
    expect(set.pick(req({ method: 'PUT', path: '/a', text: 'x' }))).toBe(fallback);
  });

  it('plays a sequence, then repeats the last step or loops', () => {
    const steps = [{ status: 500 }, { status: 503 }, { status: 200 }];
    const last = rules({ action: { type: 'sequence', steps } });
    expect([1, 2, 3, 4, 5].map(() => last.pick(req()).status)).toEqual([500, 503, 200, 200, 200]);
    const loop = rules({ action: { type: 'sequence', steps, after: 'loop' } });
    expect([1, 2, 3, 4, 5].map(() => loop.pick(req()).status)).toEqual([500, 503, 200, 500, 503]);
  });

  it('prepares redirects, hangs and drops with their kind, status and delay', () => {
    const r = rules({
      action: { type: 'redirect', status: 307, location: 'https://e.test/new', delayMs: 5 },
    }).pick(req());
    expect(r).toMatchObject({ kind: 'redirect', status: 307, delayMs: 5, ruleId: 'r0' });
    expect(r.headers).toEqual(['Location', 'https://e.test/new', 'Content-Length', '0']);
    for (const action of [{ type: 'hang' as const }, { type: 'drop' as const, delayMs: 7 }]) {
      const a = rules({ action }).pick(req());
      expect(a.body.length, action.type).toBe(0);
      expect(JSON.parse(a.stored), action.type).toMatchObject({ kind: action.type, body: '' });
    }
    expect(rules({ action: { type: 'hang' } }).pick(req())).toMatchObject({
      kind: 'hang',
      status: null,
      headers: [],
    });
    expect(rules({ action: { type: 'drop', delayMs: 7 } }).pick(req())).toMatchObject({
      kind: 'drop',
      status: null,
      delayMs: 7,
      headers: [],
    });
  });
});

describe('prepared answers', () => {
  it('adds Content-Length unless the user framed the body, and keeps a one-write string only when byte-exact', () => {
    const a = prepareAnswer(
      'respond',
      { status: 200, headers: [['X-A', 'b']], body: 'héllo', delayMs: 0 },
      'r',
    );
    expect(a.headers).toEqual(['X-A', 'b', 'Content-Length', String(Buffer.byteLength('héllo'))]);
    expect(a.text).toBe('héllo');
    expect(JSON.parse(a.stored)).toEqual({
      kind: 'respond',
      status: 200,
      headers: [['X-A', 'b']],
      body: 'héllo',
      delayMs: 0,
      ruleId: 'r',
    });
    // A rule's answer and the fallback are plain responses, with their length.
    const fromSpec = rules({ action: { type: 'respond', status: 201, body: 'abc' } }).pick(req());
    expect(fromSpec).toMatchObject({ kind: 'respond', status: 201 });
    expect(fromSpec.headers.slice(-2)).toEqual(['Content-Length', '3']);
    expect(fallback.kind).toBe('respond');
    // Framed by the user only when one of the headers is exactly Content-Length or Transfer-Encoding.
    const mixed = prepareAnswer(
      'respond',
      {
        status: 200,
        headers: [
          ['X-A', 'b'],
          ['Content-Length', '1'],
        ],
        body: 'x',
        delayMs: 0,
      },
      null,
    );
    expect(mixed.headers).toEqual(['X-A', 'b', 'Content-Length', '1']);
    for (const name of ['X-Original-Content-Length', 'Content-Length-Hint', 'Transfer-Encoding-X']) {
      const a = prepareAnswer(
        'respond',
        { status: 200, headers: [[name, '9']], body: 'x', delayMs: 0 },
        null,
      );
      expect(a.headers, name).toEqual([name, '9', 'Content-Length', '1']);
    }
    const framed = prepareAnswer(
      'respond',
      { status: 200, headers: [['transfer-encoding', 'chunked']], body: 'x', delayMs: 0 },
      null,
    );
    expect(framed.headers).toEqual(['transfer-encoding', 'chunked']);
    const framedLen = prepareAnswer(
      'respond',
      { status: 200, headers: [['Content-Length', '1']], body: 'x', delayMs: 0 },
      null,
    );
    expect(framedLen.headers).toEqual(['Content-Length', '1']);
    const latin = prepareAnswer(
      'respond',
      { status: 200, headers: [['X-Caf', 'caf\u00e9']], body: 'x', delayMs: 0 },
      null,
    );
    expect(latin.text).toBeNull();
  });
});
