import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError, type TemplateVars } from '../../../src/shared/templates';

/**
 * What a payload template renders at the edges (issue 15, mutation testing of the template engine):
 * values that are not plain text, paths through values that have no fields, equality with null and
 * missing values, and the JSON and XML context a value lands in.
 */

const NOW = new Date('2026-04-29T15:30:00.123Z');
const render = (t: string, vars: TemplateVars = {}, format: 'json' | 'xml' | 'text' = 'text', strict?: boolean) =>
  renderTemplate(t, vars, { format, now: NOW, uuid: () => 'u', ...(strict === undefined ? {} : { strict }) })
    .output;
const holds = (cond: string, vars: TemplateVars = {}) => render(`{% if ${cond} %}Y{% else %}N{% endif %}`, vars);
const failure = (t: string, vars: TemplateVars = {}): TemplateError => {
  try {
    render(t, vars);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error(`expected ${t} to fail`);
};

describe('template values as text', () => {
  it('writes numbers JSON cannot hold, and big integers, as their text outside JSON', () => {
    const vars = { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, big: 12345678901234567890n } as TemplateVars;
    expect(render('{{nan}} {{inf}} {{big}}', vars)).toBe('NaN Infinity 12345678901234567890');
    expect(render('<a>{{nan}} {{inf}} {{big}}</a>', vars, 'xml')).toBe('<a>NaN Infinity 12345678901234567890</a>');
    // Inside a JSON string it is the same text; as a JSON value a bigint is a number.
    expect(render('{"t": "{{inf}} {{big}}", "n": {{big}}}', vars, 'json')).toBe(
      '{"t": "Infinity 12345678901234567890", "n": 12345678901234567890}',
    );
  });
});

describe('template paths', () => {
  it('finds no field inside null, a string or a number: an unknown variable, or empty when not strict', () => {
    const vars = { n: null, s: 'abc', k: 5 };
    for (const path of ['n.x', 's.length', 's.0', 'k.x']) {
      const e = failure(`{{${path}}}`, vars);
      expect({ path, variable: e.variable, column: e.column }).toEqual({ path, variable: path, column: 3 });
      expect(render(`[{{${path}}}]`, vars, 'text', false)).toBe('[]');
      expect(render(`{% if ${path} %}yes{% else %}no{% endif %}`, vars)).toBe('no');
    }
    expect(render('{"a": {{n.x}}}', vars, 'json', false)).toBe('{"a": null}');
  });

  it('does not take the names of JavaScript object members for GoMFT variables', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
      expect(failure(`{{${name}}}`).variable).toBe(name);
      expect(render(`[{{${name}}}]`, {}, 'text', false)).toBe('[]');
    }
  });

  it('tells how to fix an unknown variable', () => {
    expect(failure('x {{ data.file }}').message).toBe(
      'Unknown variable "data.file": pass it in, fix its name, or guard it with {% if data.file %}…{% endif %} (line 1, column 6)',
    );
  });
});

describe('template equality', () => {
  it('null and missing equal each other only: not the text "undefined", not NaN or Infinity', () => {
    expect(holds('missing == "undefined"')).toBe('N');
    expect(holds('x == missing', { x: 'undefined' })).toBe('N');
    expect(holds('missing != "undefined"')).toBe('Y');
    for (const x of [Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(holds('n == x', { n: null, x })).toBe('N');
      expect(holds('x == n', { n: null, x })).toBe('N');
    }
  });

  it('an array or object is not equal to a text that reads like its items', () => {
    expect(holds('a == "1"', { a: [1] })).toBe('N');
    expect(holds('"1" == a', { a: [1] })).toBe('N');
    expect(holds('a == b', { a: ['x', 'y'], b: 'x,y' })).toBe('N');
    expect(holds('a == "[object Object]"', { a: { k: 1 } })).toBe('N');
    expect(holds('"[object Object]" == a', { a: { k: 1 } })).toBe('N');
  });
});

describe('template context in JSON and XML', () => {
  it('knows an empty JSON string ends at its second quote', () => {
    expect(render('{"": {{v}}, "k": ""}', { v: 'x' }, 'json')).toBe('{"": "x", "k": ""}');
    expect(render('["", {{v}}]', { v: 'x' }, 'json')).toBe('["", "x"]');
  });

  it('is not misled by "]]>" in an attribute before a CDATA section', () => {
    expect(render('<m note="]]>"><![CDATA[{{v}}]]></m>', { v: 'a]]>b<' }, 'xml')).toBe(
      '<m note="]]>"><![CDATA[a]]]]><![CDATA[>b<]]></m>',
    );
  });
});

describe("GoMFT's derived variables", () => {
  it('skip a payload field that is null, missing or not an object on the way', () => {
    const t = '{{status}}|{{total_size_mb}}|{{error_message}}';
    const mft = { data: { status: 'failed', size: 2097152, error: 'Auth failed' } };
    expect(render(t, { transfer: null, ...mft })).toBe('failed|2|Auth failed');
    expect(render(t, { transfer: undefined, ...mft })).toBe('failed|2|Auth failed');
    expect(render(t, { transfer: { status: null, total_size_bytes: null, error: null }, ...mft })).toBe(
      'failed|2|Auth failed',
    );
    expect(render(t, { transfer: 'x', ...mft })).toBe('failed|2|Auth failed');
  });

  it('take the event type from an event object, or the event when it is text', () => {
    expect(render('{{event_type}}', { event: { id: 'evt_1', topic: 'file.created' } })).toBe('file.created');
    expect(render('{{event_type}}', { event: 'transfer.failed' })).toBe('transfer.failed');
    expect(render('[{{event_type}}]', { event: { id: 'evt_1' } })).toBe('[]');
  });

  it('give no error message for an error that is not text', () => {
    expect(render('[{{error_message}}]', { data: { error: { code: 'E1' } } })).toBe('[]');
  });
});
