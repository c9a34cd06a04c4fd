import { describe, expect, it } from 'vitest';
import {
  listTemplateVariables,
  MAX_CONDITION_TOKENS,
  MAX_TEMPLATE_OUTPUT,
  renderTemplate,
  TemplateError,
  type TemplateVars,
} from '../../../src/shared/templates';

/**
 * {% if %} conditions and value output (issue 15: mutation testing of templates): every operator
 * and literal, truthiness and equality as a template author relies on them, and the errors that
 * name what is wrong.
 */

const NOW = new Date('2026-04-29T15:30:00.123Z');
const render = (t: string, vars: TemplateVars = {}, format: 'json' | 'xml' | 'text' = 'text') =>
  renderTemplate(t, vars, { format, now: NOW, uuid: () => 'u' }).output;
/** "Y" when the condition holds, "N" otherwise. */
const holds = (cond: string, vars: TemplateVars = {}) =>
  render(`{% if ${cond} %}Y{% else %}N{% endif %}`, vars);
const message = (t: string, vars: TemplateVars = {}) => {
  try {
    render(t, vars);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as TemplateError).message;
  }
  throw new Error(`expected ${t} to fail`);
};

describe('template conditions', () => {
  it('and / or / not: the whole truth table, and "and" binding tighter than "or"', () => {
    const v = { t: true, f: false };
    expect([holds('t and t', v), holds('t and f', v), holds('f and t', v), holds('f and f', v)]).toEqual([
      'Y',
      'N',
      'N',
      'N',
    ]);
    expect([holds('t or t', v), holds('t or f', v), holds('f or t', v), holds('f or f', v)]).toEqual([
      'Y',
      'Y',
      'Y',
      'N',
    ]);
    expect([
      holds('not t', v),
      holds('not f', v),
      holds('!t', v),
      holds('! f', v),
      holds('not not t', v),
    ]).toEqual(['N', 'Y', 'N', 'Y', 'Y']);
    // t or (f and f) is true; (t or f) and f would be false.
    expect(holds('t or f and f', v)).toBe('Y');
    expect(holds('f and f or t', v)).toBe('Y');
  });

  it('reads literals: true, false, null, none, numbers with decimals, strings with escapes', () => {
    expect([holds('true'), holds('false'), holds('null'), holds('none')]).toEqual(['Y', 'N', 'N', 'N']);
    expect(holds('x == null', { x: null })).toBe('Y');
    expect(holds('x == none', { x: null })).toBe('Y');
    expect(holds('x == null', { x: 0 })).toBe('N');
    expect(holds('missing == none')).toBe('Y');
    // The literals win over variables of the same name.
    const shadow = { v: null, t: 'x', null: 1, none: 1, true: 0, false: 1 };
    expect([holds('v == null', shadow), holds('v == none', shadow)]).toEqual(['Y', 'Y']);
    expect([
      holds('true', shadow),
      holds('false', shadow),
      holds('null', shadow),
      holds('none', shadow),
    ]).toEqual(['Y', 'N', 'N', 'N']);
    expect(holds('x == 1.5', { x: 1.5 })).toBe('Y');
    expect(holds('x == 1.25', { x: 1.5 })).toBe('N');
    expect(holds('x == -2', { x: -2 })).toBe('Y');
    expect(holds('x == 10', { x: 10 })).toBe('Y');
    expect(holds('x == "a\\nb"', { x: 'a\nb' })).toBe('Y');
    expect(holds('x == "a\\tb"', { x: 'a\tb' })).toBe('Y');
    expect(holds('x == "a\\rb"', { x: 'a\rb' })).toBe('Y');
    expect(holds("x == 'it\\'s'", { x: "it's" })).toBe('Y');
    expect(holds('x == "a\\qb"', { x: 'aqb' })).toBe('Y');
    expect(holds('x == "anb"', { x: 'a\nb' })).toBe('N');
  });

  it('compares like a person reads it: numbers with their text, null with missing, objects by content', () => {
    expect(holds('x == "200"', { x: 200 })).toBe('Y');
    expect(holds('x != "200"', { x: 200 })).toBe('N');
    expect(holds('x == 201', { x: 200 })).toBe('N');
    expect(holds('x != 201', { x: 200 })).toBe('Y');
    // null and a missing value are equal to each other, and to nothing else.
    expect(holds('missing == x', { x: null })).toBe('Y');
    expect(holds('x == missing', { x: null })).toBe('Y');
    expect(holds('x == missing', { x: '' })).toBe('N');
    expect(holds('missing == x', { x: 0 })).toBe('N');
    expect(holds('x == missing', { x: false })).toBe('N');
    expect(holds('x == y', { x: null, y: 'null' })).toBe('N');
    expect(holds('x == y', { x: 'null', y: null })).toBe('N');
    // Objects and arrays by content.
    expect(holds('a == b', { a: { k: 1 }, b: { k: 1 } })).toBe('Y');
    expect(holds('a == b', { a: { k: 1 }, b: { k: 2 } })).toBe('N');
    expect(holds('a == b', { a: [1], b: '[1]' })).toBe('N');
    expect(holds('a == b', { a: '[1]', b: [1] })).toBe('N');
    expect(holds('a == b', { a: [1, 2], b: [1, 2] })).toBe('Y');
    expect(holds('a == "x"', { a: 'x' })).toBe('Y');
  });

  it('treats as false exactly: missing, null, false, 0, "", NaN, [] and {}', () => {
    const falsy = { n: null, f: false, z: 0, e: '', nan: Number.NaN, arr: [], obj: {} };
    for (const k of ['missing', ...Object.keys(falsy)]) expect(holds(k, falsy), k).toBe('N');
    const truthy = { t: true, one: 1, neg: -1, s: 'no', zero: '0', arr: [0], obj: { a: 0 }, d: new Date(0) };
    for (const k of Object.keys(truthy)) expect(holds(k, truthy), k).toBe('Y');
  });

  it('picks the first branch that holds, then else', () => {
    const t = '{% if a %}A{% elif b %}B{% elif c %}C{% else %}E{% endif %}';
    expect(render(t, { a: 1, b: 1 })).toBe('A');
    expect(render(t, { b: 1, c: 1 })).toBe('B');
    expect(render(t, { c: 1 })).toBe('C');
    expect(render(t, {})).toBe('E');
  });

  it('names what is wrong in a condition', () => {
    expect(message('{% if ! %}x{% endif %}')).toMatch(/Expected a value in "\{% if ! %\}"/);
    expect(message('{% if == 1 %}x{% endif %}')).toMatch(
      /Expected a variable or a value in "\{% if == 1 %\}"/,
    );
    expect(message('{% if a == %}x{% endif %}')).toMatch(/Expected a value in "\{% if a == %\}"/);
    expect(message('{% if a b %}x{% endif %}')).toMatch(
      /Expected "and", "or", "==" or "!=" in "\{% if a b %\}"/,
    );
    expect(message('{% if a.. %}x{% endif %}')).toMatch(/"a\.\." is not a variable name/);
    expect(message('{% if a # b %}x{% endif %}')).toMatch(/Cannot read "# b" in this condition/);
    expect(message('{% if a %}x{% elif %}y{% endif %}')).toMatch(/"\{% elif %\}" needs a condition/);
    expect(message('{% if a %}x{% elif   %}y{% endif %}')).toMatch(/"\{% elif %\}" needs a condition/);
  });

  it(`accepts ${MAX_CONDITION_TOKENS} words and operators in a condition, not one more`, () => {
    // "not not … a": n - 1 "not"s and one name.
    const nots = (tokens: number) => `${'not '.repeat(tokens - 1)}a`;
    expect(holds(nots(MAX_CONDITION_TOKENS), { a: 1 })).toBe(MAX_CONDITION_TOKENS % 2 === 1 ? 'Y' : 'N');
    expect(message(`{% if ${nots(MAX_CONDITION_TOKENS + 1)} %}x{% endif %}`)).toMatch(
      new RegExp(`This condition is too long \\(more than ${MAX_CONDITION_TOKENS} words and operators\\)`),
    );
  });
});

describe('template values', () => {
  it('writes values into JSON as JSON: numbers, booleans and null bare, non-finite numbers as null', () => {
    const vars = {
      n: 1.5,
      b: false,
      z: null,
      inf: Number.POSITIVE_INFINITY,
      nan: Number.NaN,
      big: 10n,
      s: 'x"y',
      o: { a: [1] },
    };
    expect(
      render('[{{n}}, {{b}}, {{z}}, {{inf}}, {{nan}}, {{big}}, {{s}}, {{o}}]', vars as TemplateVars, 'json'),
    ).toBe('[1.5, false, null, null, null, 10, "x\\"y", {"a":[1]}]');
    // Inside a JSON string, the text of the value, escaped for the string.
    expect(render('{"t": "<{{n}} {{b}} {{z}} {{o}} {{s}}>"}', vars as TemplateVars, 'json')).toBe(
      '{"t": "<1.5 false  {\\"a\\":[1]} x\\"y>"}',
    );
  });

  it('escapes values for XML, and keeps CDATA sections closed', () => {
    expect(render('<a>{{v}}</a>', { v: `<&>"'` }, 'xml')).toBe('<a>&lt;&amp;&gt;&quot;&apos;</a>');
    expect(render('<a><![CDATA[{{v}}]]></a>', { v: 'x]]>y<' }, 'xml')).toBe(
      '<a><![CDATA[x]]]]><![CDATA[>y<]]></a>',
    );
    expect(render('<a><![CDATA[x]]>{{v}}</a>', { v: '<' }, 'xml')).toBe('<a><![CDATA[x]]>&lt;</a>');
    expect(render('{{d}}', { d: new Date(0) }, 'text')).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('template limits and listing', () => {
  it(`renders up to ${MAX_TEMPLATE_OUTPUT / 1024 / 1024} MiB of output, and refuses one character more`, () => {
    const half = 'x'.repeat(MAX_TEMPLATE_OUTPUT / 2);
    expect(render('{{v}}{{v}}', { v: half })).toHaveLength(MAX_TEMPLATE_OUTPUT);
    let error: unknown;
    try {
      render('{{v}}{{v}}!', { v: half });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).name).toBe('TemplateError');
    expect((error as TemplateError).message).toMatch(
      /^The rendered body would be larger than 32 MiB: use large values fewer times/,
    );
  });

  it('lists the variables used in conditions (through not, and, ==), never the literals', () => {
    expect(
      listTemplateVariables('{% if not x %}1{% endif %}{% if a and "s" == b or 2 != c %}2{% endif %}').map(
        (v) => v.name,
      ),
    ).toEqual(['x', 'a', 'b', 'c']);
  });

  it('lists variables of a malformed template with their positions, in order', () => {
    expect(listTemplateVariables('{{ b }} {% if %} {{a.cd}}\n{{ b }}')).toEqual([
      { name: 'b', kind: 'variable', line: 1, column: 4 },
      { name: 'a.cd', kind: 'variable', line: 1, column: 20 },
    ]);
  });
});
