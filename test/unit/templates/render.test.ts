import { describe, expect, it } from 'vitest';
import {
  TemplateError,
  listTemplateVariables,
  renderTemplate,
  type TemplateFormat,
  type TemplateVars,
} from '../../../src/shared/templates';

const NOW = new Date('2026-04-29T15:30:00.123Z');
const ctx = (format: TemplateFormat = 'json', strict?: boolean) => {
  let n = 0;
  return {
    format,
    now: NOW,
    uuid: () => `00000000-0000-4000-8000-00000000000${++n}`,
    ...(strict === undefined ? {} : { strict }),
  };
};
const render = (t: string, vars: TemplateVars = {}, format: TemplateFormat = 'json', strict?: boolean) =>
  renderTemplate(t, vars, ctx(format, strict)).output;
const error = (t: string, vars: TemplateVars = {}): TemplateError => {
  try {
    render(t, vars);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return e as TemplateError;
  }
  throw new Error('expected a TemplateError');
};

const NASTY = 'He said "hi",\nthen \\ left\t{"x":1} </b> & \u0001 \u2028 ✓';

describe('renderTemplate: substitution', () => {
  it('substitutes variables and dotted paths, with whitespace inside braces', () => {
    const vars = { name: 'Daily', data: { file: { name: 'a.csv', size: 3 } }, list: ['x', 'y'] };
    expect(render('{{name}}|{{ data.file.name }}|{{  data.file.size}}|{{list.1}}', vars, 'text')).toBe(
      'Daily|a.csv|3|y',
    );
    expect(render('{"a": "{{data.file}}"}', vars)).toBe('{"a": "{\\"name\\":\\"a.csv\\",\\"size\\":3}"}');
  });

  it('keeps JSON valid whatever a value inside a string contains', () => {
    const out = render('{\n  "msg": "{{msg}}",\n  "{{msg}}": "prefix {{msg}} suffix"\n}', { msg: NASTY });
    const parsed = JSON.parse(out);
    expect(parsed.msg).toBe(NASTY);
    expect(parsed[NASTY]).toBe(`prefix ${NASTY} suffix`);
  });

  it('tracks string context across escaped quotes and backslashes in the template', () => {
    const out = render('{"a": "say \\"{{x}}\\" ok", "b": "\\\\", "c": {{x}}}', { x: 'q"' });
    expect(JSON.parse(out)).toEqual({ a: 'say "q"" ok', b: '\\', c: 'q"' });
  });

  it('inserts JSON values outside strings', () => {
    const vars = { n: 42, f: 1.5, t: true, z: null, s: 'x"y', o: { k: [1, { m: 'n' }] }, inf: Infinity };
    const out = render(
      '{"n": {{n}}, "f": {{f}}, "t": {{t}}, "z": {{z}}, "s": {{s}}, "o": {{o}}, "inf": {{inf}}}',
      vars,
    );
    expect(JSON.parse(out)).toEqual({
      n: 42,
      f: 1.5,
      t: true,
      z: null,
      s: 'x"y',
      o: { k: [1, { m: 'n' }] },
      inf: null,
    });
  });

  it('escapes XML text and attributes, and splits ]]> inside CDATA', () => {
    const out = render(
      '<m a="{{v}}">{{v}}<![CDATA[{{c}}]]></m>',
      { v: `<a href='x'>&"</a>`, c: 'x]]>y' },
      'xml',
    );
    expect(out).toBe(
      '<m a="&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;">&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;<![CDATA[x]]]]><![CDATA[>y]]></m>',
    );
  });

  it('inserts text as is in text format', () => {
    expect(render('{{v}} & {{n}}', { v: '<"x">', n: null }, 'text')).toBe('<"x"> & ');
  });
});

describe('renderTemplate: built-ins', () => {
  it('renders now, timestamp, timestamp_ms and a fresh uuid per use from the given context', () => {
    const out = render(
      '{"id": "{{uuid}}", "id2": {{uuid}}, "now": "{{now}}", "ts": {{timestamp}}, "ms": {{timestamp_ms}}}',
    );
    expect(JSON.parse(out)).toEqual({
      id: '00000000-0000-4000-8000-000000000001',
      id2: '00000000-0000-4000-8000-000000000002',
      now: '2026-04-29T15:30:00.123Z',
      ts: 1777476600,
      ms: 1777476600123,
    });
  });

  it('gives built-ins precedence over variables of the same name', () => {
    expect(render('{{timestamp}} {{now}}', { timestamp: 'mine', now: 'mine' }, 'text')).toBe(
      '1777476600 2026-04-29T15:30:00.123Z',
    );
  });

  it('reads event and endpoint fields from the variables', () => {
    const vars = {
      event: { id: 'evt_1', topic: 'file.created' },
      endpoint: { name: 'Local "inbox"', url: 'http://127.0.0.1:9/x' },
    };
    const out = render(
      '{"e": "{{event.topic}}/{{event.id}}", "to": "{{endpoint.name}} {{endpoint.url}}"}',
      vars,
    );
    expect(JSON.parse(out)).toEqual({ e: 'file.created/evt_1', to: 'Local "inbox" http://127.0.0.1:9/x' });
  });
});

describe('renderTemplate: conditions', () => {
  it('picks branches by truthiness, ==, != and nests', () => {
    const t = [
      '{% if a %}A{% if b == "x" %}X{% elif b != "y" %}notY{% else %}Y{% endif %}{% else %}noA{% endif %}',
    ].join('');
    expect(render(t, { a: 1, b: 'x' }, 'text')).toBe('AX');
    expect(render(t, { a: 'yes', b: 'z' }, 'text')).toBe('AnotY');
    expect(render(t, { a: [1], b: 'y' }, 'text')).toBe('AY');
    for (const falsy of [0, '', null, false, [], {}])
      expect(render(t, { a: falsy, b: 'x' }, 'text')).toBe('noA');
    expect(render(t, { b: 'x' }, 'text')).toBe('noA');
  });

  it('supports not, and, or, numbers and booleans', () => {
    const vars = { n: 3, ok: true, s: 'failed' };
    expect(render('{% if n == 3 and ok == true %}1{% endif %}', vars, 'text')).toBe('1');
    expect(render("{% if not ok or s == 'failed' %}2{% endif %}", vars, 'text')).toBe('2');
    expect(render('{% if !missing %}3{% endif %}', vars, 'text')).toBe('3');
    expect(render('{% if missing == null %}4{% endif %}', vars, 'text')).toBe('4');
  });

  it('renders the GoMFT custom template of seed 003 from a GoMFT payload', () => {
    const template = `{
  "alert": {
    "type": "{{event_type}}",
    "system": "GoMFT",
    "environment": "{{environment}}",
    "details": {
      "transfer_name": "{{transfer_name}}",
      "status": "{{status}}",
      "time": "{{timestamp}}",
      "size_mb": "{{total_size_mb}}"
    }{% if status == "failed" %},
    "error": "{{error_message}}"{% endif %}
  }
}`;
    const failed = {
      environment: 'production',
      event_type: 'transfer_failed',
      transfer: {
        name: 'Daily "Backup"',
        status: 'failed',
        error: { message: 'Failed to connect:\n"timeout"' },
      },
    };
    expect(JSON.parse(render(template, failed)).alert).toEqual({
      type: 'transfer_failed',
      system: 'GoMFT',
      environment: 'production',
      details: { transfer_name: 'Daily "Backup"', status: 'failed', time: '1777476600', size_mb: '' },
      error: 'Failed to connect:\n"timeout"',
    });
    const done = {
      environment: 'production',
      event_type: 'transfer_completed',
      transfer: { name: 'Daily Backup', status: 'success', total_size_bytes: 1073741824 },
    };
    const alert = JSON.parse(render(template, done)).alert;
    expect(alert.details.size_mb).toBe('1024');
    expect(alert).not.toHaveProperty('error');
  });

  it('derives GoMFT variables from an MFTPlus payload too', () => {
    const mft = { event: 'transfer.failed', data: { status: 'failed', error: 'Auth failed', size: 1572864 } };
    expect(render('{{event_type}}|{{status}}|{{error_message}}|{{total_size_mb}}', mft, 'text')).toBe(
      'transfer.failed|failed|Auth failed|1.5',
    );
  });
});

describe('renderTemplate: errors', () => {
  it('names an unknown variable and where it is', () => {
    const e = error('{\n  "a": 1,\n  "b": "{{ missing.name }}"\n}');
    expect(e).toMatchObject({ line: 3, column: 12, variable: 'missing.name' });
    expect(e.message).toMatch(/Unknown variable "missing\.name".*line 3, column 12/);
  });

  it('renders unknown variables empty (null as a JSON value) when not strict', () => {
    expect(render('{"a": "{{x}}", "b": {{y.z}}}', {}, 'json', false)).toBe('{"a": "", "b": null}');
    expect(render('<a>{{x}}</a>', {}, 'xml', false)).toBe('<a></a>');
  });

  it('reports malformed tags and unbalanced blocks with line and column', () => {
    const cases: [string, RegExp, number, number][] = [
      ['ok\n  {{ name', /"\{\{" is never closed/, 2, 3],
      ['{{ }}', /Empty/, 1, 1],
      ['{{ a b }}', /"a b" is not a variable name/, 1, 4],
      ['x\n{% if a %}\n{% if b %}{% endif %}', /never closed: add "\{% endif %\}"/, 2, 1],
      ['{% endif %}', /no matching "\{% if %\}"/, 1, 1],
      ['{% if a %}{% else %}{% else %}{% endif %}', /after "\{% else %\}"/, 1, 21],
      ['{% if a %}{% else x %}{% endif %}', /takes no condition/, 1, 19],
      ['{% for x in y %}', /Unknown tag "\{% for %\}"/, 1, 4],
      ['{% if %}{% endif %}', /needs a condition/, 1, 1],
      ['{% if a == %}{% endif %}', /Expected a value/, 1, 11],
      ['{% if a = 1 %}{% endif %}', /Cannot read "= 1"/, 1, 9],
      ['{% if a b %}{% endif %}', /Expected "and", "or"/, 1, 9],
      ['{% if a %}', /never closed/, 1, 1],
    ];
    for (const [t, message, line, column] of cases) {
      const e = error(t, { a: 1 });
      expect({ t, message: e.message, line: e.line, column: e.column }).toEqual({
        t,
        message: expect.stringMatching(message),
        line,
        column,
      });
    }
  });

  it('does not complain about unknown variables in branches that are not taken', () => {
    expect(render('{% if x %}{{ nope }}{% endif %}ok', {}, 'text')).toBe('ok');
  });
});

describe('listTemplateVariables', () => {
  it('lists each variable once with its kind and first position', () => {
    const t =
      '{\n  "id": "{{uuid}}",\n  {% if status == "failed" %}"e": "{{ error_message }}",{% endif %}\n  "x": "{{data.x}} {{uuid}} {{environment}}"\n}';
    expect(listTemplateVariables(t)).toEqual([
      { name: 'uuid', kind: 'builtin', line: 2, column: 12 },
      { name: 'status', kind: 'gomft', line: 3, column: 9 },
      { name: 'error_message', kind: 'gomft', line: 3, column: 39 },
      { name: 'data.x', kind: 'variable', line: 4, column: 11 },
      { name: 'environment', kind: 'gomft', line: 4, column: 31 },
    ]);
  });

  it('still lists plain variables in a malformed template', () => {
    expect(listTemplateVariables('{{ a }} {% if %} {{b.c}}').map((v) => v.name)).toEqual(['a', 'b.c']);
  });
});
