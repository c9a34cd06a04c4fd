import { describe, expect, it } from 'vitest';
import {
  eventTemplateVars,
  renderWithClock,
  templateContext,
  validatePayload,
} from '../../../src/core/templates';
import { createFakeClock } from '../../../src/core/util/clock';

const bad = (text: string, format: 'json' | 'xml') => {
  const r = validatePayload(text, format);
  if (r.ok) throw new Error(`expected ${JSON.stringify(text)} to be invalid`);
  return r;
};

describe('validatePayload: JSON', () => {
  it('accepts valid JSON of any kind', () => {
    for (const t of ['{}', '[]', '"x"', '0', '-1.5e3', 'null', ' {\n "a": [1, {"b": "\\u00e9\\n"}]\n}\n']) {
      expect(validatePayload(t, 'json'), t).toEqual({ ok: true });
    }
  });

  it('maps errors to line and column with a readable message', () => {
    const cases: [string, RegExp, number, number][] = [
      ['{\n  "a": 1\n  "b": 2\n}', /expected "," or "}"/, 3, 3],
      ['{\n  "a": 1,\n}', /Trailing comma/, 3, 1],
      ['[1, 2,]', /Trailing comma/, 1, 7],
      ["{'a': 1}", /double quotes/, 1, 2],
      ['{"a": }', /expected a value/, 1, 7],
      ['{"a": "x\ny"}', /Line break inside a string/, 1, 9],
      ['{"a": "x', /never closed/, 1, 7],
      ['{"a": "\\q"}', /Bad escape/, 1, 8],
      ['{"a": tru}', /did you mean true/, 1, 7],
      ['{"a": 01}', /expected "," or "}"/, 1, 8],
      ['{"a": 1} x', /after the end/, 1, 10],
      ['', /end of the text/, 1, 1],
      ['\n\n  ', /end of the text/, 3, 3],
      ['\ufeff{}', /byte order mark/, 1, 1],
      ['{"a": {{x}}}', /property name/, 1, 8],
    ];
    for (const [text, message, line, column] of cases) {
      const r = bad(text, 'json');
      expect({ text, message: r.message, line: r.line, column: r.column }).toEqual({
        text,
        message: expect.stringMatching(message),
        line,
        column,
      });
    }
  });
});

describe('validatePayload: XML', () => {
  it('accepts well-formed documents', () => {
    const docs = [
      '<a/>',
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<root a="1" b=\'2\'>\n  <x:y>t &amp; &#169; &#xA9;</x:y>\n  <![CDATA[<raw> & ]]>\n  <?pi data?>\n</root>\n',
      '<!DOCTYPE note [<!ENTITY who "me">]>\n<note>&who;</note>',
      '<événement état="ok">é</événement>',
    ];
    for (const d of docs) expect(validatePayload(d, 'xml'), d).toEqual({ ok: true });
  });

  it('reports what is wrong and where', () => {
    const cases: [string, RegExp, number, number][] = [
      ['<a><b></a>', /<\/a> does not match <b>/, 1, 7],
      ['<a>\n  <b>\n</a>', /<\/a> does not match <b>/, 3, 1],
      ['<a>', /<a> is never closed/, 1, 1],
      ['<a></a><b/>', /one root element/, 1, 8],
      ['', /empty/, 1, 1],
      ['hello', /Text before the root/, 1, 1],
      ['<a/>x', /Text after the root/, 1, 5],
      ['<a x="1" x="2"/>', /"x" appears twice/, 1, 10],
      ['<a x=1/>', /must be in quotes/, 1, 6],
      ['<a x="<"/>', /"<" is not allowed/, 1, 7],
      ['<a>AT&T</a>', /bare "&"/, 1, 6],
      ['<a>&nbsp;</a>', /Unknown entity "&nbsp;"/, 1, 4],
      ['<a><!-- x -- y --></a>', /"--" is not allowed/, 1, 4],
      ['<a><!-- x </a>', /comment is never closed/, 1, 4],
      ['<a><![CDATA[x</a>', /CDATA section is never closed/, 1, 4],
      ['<a>]]></a>', /"]]>" is not allowed/, 1, 4],
      ['\n<?xml version="1.0"?><a/>', /very start/, 2, 1],
      ['<a b="1"c="2"/>', /Expected whitespace/, 1, 9],
      ['< a/>', /element name/, 1, 2],
      ['<a></a >', /ok/, 0, 0],
    ];
    for (const [text, message, line, column] of cases) {
      const r = validatePayload(text, 'xml');
      if (String(message) === '/ok/') {
        expect(r).toEqual({ ok: true });
        continue;
      }
      expect(r.ok ? { text } : { text, message: r.message, line: r.line, column: r.column }).toEqual({
        text,
        message: expect.stringMatching(message),
        line,
        column,
      });
    }
  });
});

describe('core template helpers', () => {
  it('render with the core clock and random UUIDs', () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1));
    const out = JSON.parse(
      renderWithClock('{"id": "{{uuid}}", "at": "{{now}}", "ts": {{timestamp}}}', {}, 'json', clock).output,
    );
    expect(out.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(out).toMatchObject({ at: '2026-01-01T00:00:00.000Z', ts: 1767225600 });
    const ctx = templateContext(clock);
    expect(ctx.uuid()).not.toBe(ctx.uuid());
  });

  it('build event variables: payload fields, then event and endpoint', () => {
    const payload = { id: 'whevt_1', event: 'transfer.completed', data: { transferId: 't1' } };
    const vars = eventTemplateVars({
      payload,
      event: { id: 'evt_9', topic: 'transfer.completed' },
      endpoint: { name: 'Inbox', url: 'http://localhost:1/' },
    });
    expect(vars).toEqual({
      id: 'whevt_1',
      event: { id: 'evt_9', topic: 'transfer.completed' },
      data: { transferId: 't1' },
      payload,
      endpoint: { name: 'Inbox', url: 'http://localhost:1/' },
    });
    expect(eventTemplateVars({ payload: [1, 2] })).toEqual({ payload: [1, 2] });
    // A payload that is not an object gives no top-level fields: a string's characters do not
    // become variables {{0}}, {{1}}…, and null or a number adds nothing but `payload`.
    expect(eventTemplateVars({ payload: 'ab' })).toEqual({ payload: 'ab' });
    expect(eventTemplateVars({ payload: 7 })).toEqual({ payload: 7 });
    expect(eventTemplateVars({ payload: null })).toEqual({ payload: null });
    expect(eventTemplateVars({})).toEqual({ payload: null });
  });

  it('renders strictly by default: an unknown variable is an error, not an empty string', () => {
    const clock = createFakeClock();
    expect(() => renderWithClock('{"a": "{{nope}}"}', {}, 'json', clock)).toThrow(/nope/);
    expect(renderWithClock('{"a": "{{nope}}"}', {}, 'json', clock, false).output).toBe('{"a": ""}');
  });
});
