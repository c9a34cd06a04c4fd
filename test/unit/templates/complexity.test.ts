import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderTemplate, TemplateError } from '../../../src/shared/templates';

const render = (t: string) => renderTemplate(t, { a: 1, b: { c: 'x' } }, { format: 'json', now: new Date(0), uuid: () => 'u' });

/** Renders or throws a TemplateError; anything else (a RangeError from the stack) fails. */
const outcome = (t: string): 'ok' | 'template-error' => {
  try {
    render(t);
    return 'ok';
  } catch (err) {
    if (err instanceof TemplateError) return 'template-error';
    throw err;
  }
};

describe('template complexity is capped while parsing', () => {
  it('deeply nested ifs and long !/and/or chains are TemplateErrors, not stack overflows', () => {
    const n = 20_000;
    expect(() => render('{% if a %}'.repeat(n) + 'x' + '{% endif %}'.repeat(n))).toThrow(/nested more than/);
    expect(() => render(`{% if ${'!'.repeat(n)}a %}x{% endif %}`)).toThrow(/too long/);
    expect(() => render(`{% if ${'not '.repeat(n)}a %}x{% endif %}`)).toThrow(/too long/);
    expect(() => render(`{% if a${' and a'.repeat(n)} %}x{% endif %}`)).toThrow(/too long/);
    expect(() => render(`{% if a${' or !a'.repeat(n)} %}x{% endif %}`)).toThrow(/too long/);
    expect(() => render(`{% if a${' == a'.repeat(n)} %}x{% endif %}`)).toThrow(TemplateError);
    // Within the caps, templates still render.
    expect(render('{% if a %}'.repeat(30) + '"y"' + '{% endif %}'.repeat(30)).output).toBe('"y"');
    expect(render(`{% if ${'!'.repeat(20)}a and b.c == "x" %}1{% else %}2{% endif %}`).output).toBe('1');
  });

  it('any soup of tags renders or fails with a TemplateError (never another error)', () => {
    const piece = fc.constantFrom('{% if a %}', '{% if !a %}', '{% elif b.c == "x" %}', '{% else %}', '{% endif %}', '{{a}}', '{{ b.c }}', '{{', '%}', '}}', ' and ', ' or ', '!', 'not ', 'x', '"', '{% if ', ' %}');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 400 }), (parts) => {
        expect(['ok', 'template-error']).toContain(outcome(parts.join('')));
      }),
      { seed: 42, numRuns: 2000 },
    );
    // Repetition of any single piece (the shape of every stack attack) also stays a TemplateError at most.
    for (const p of ['{% if a %}', '!', 'not ', '{% if !', ' and a', ' or a']) {
      expect(['ok', 'template-error']).toContain(outcome(`{% if a %}${p.repeat(50_000)}{% endif %}`));
      expect(['ok', 'template-error']).toContain(outcome(`{% if ${p.repeat(50_000)} a %}x{% endif %}`));
    }
  });
});
