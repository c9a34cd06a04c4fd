import { describe, expect, it } from 'vitest';
import {
  MAX_CONDITION_TOKENS,
  MAX_TEMPLATE_IF_DEPTH,
  renderTemplate,
  TemplateError,
  templateProblem,
  type TemplateVars,
} from '../../../src/shared/templates';

/**
 * Template syntax as an author meets it (issue 15, mutation testing of the template engine): the
 * problem reported when an endpoint's template is saved, and where each error points.
 */

const render = (t: string, vars: TemplateVars = {}) =>
  renderTemplate(t, vars, { format: 'text', now: new Date(0), uuid: () => 'u' }).output;
const where = (t: string, vars: TemplateVars = {}) => {
  try {
    render(t, vars);
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    const { detail, line, column } = e as TemplateError;
    return { detail, line, column };
  }
  throw new Error(`expected ${t} to fail`);
};

describe('templateProblem (checked when an endpoint is saved)', () => {
  it('is null for a template that parses, even with variables nobody passed', () => {
    expect(templateProblem('{"a": "{{ nobody.passed }}"}{% if x %}y{% endif %}')).toBeNull();
  });

  it('is the syntax error, with its position', () => {
    const problem = templateProblem('{\n  "a": {{ a b }}\n}');
    expect(problem).toBeInstanceOf(TemplateError);
    expect(problem).toMatchObject({ detail: '"a b" is not a variable name (letters, digits, _ and dots)', line: 2, column: 11 });
  });
});

describe('where template errors point', () => {
  it('points at the name, however many spaces are on either side of it', () => {
    expect(where('{{   a b}}')).toEqual({ detail: expect.stringMatching(/"a b" is not a variable name/), line: 1, column: 6 });
    expect(where('{{a b   }}')).toEqual({ detail: expect.stringMatching(/"a b" is not a variable name/), line: 1, column: 3 });
    expect(where('x\n{{    missing}}')).toMatchObject({ line: 2, column: 7 });
  });

  it('points at the end of the line when a condition stops short before a line break', () => {
    expect(where('{% if a ==\n%}x{% endif %}', { a: 1 })).toEqual({
      detail: 'Expected a value in "{% if a == %}"',
      line: 1,
      column: 11,
    });
  });

  it('quotes what it cannot read in a condition', () => {
    expect(where('{% if a # b\n  %}x{% endif %}').detail).toBe('Cannot read "# b" in this condition');
  });

  it('points at the first word too many in a long condition', () => {
    const cond = `${'not '.repeat(MAX_CONDITION_TOKENS)}a`;
    // "{% if " is 6 characters; the word after 64 "not "s is the 65th.
    expect(where(`{% if ${cond} %}x{% endif %}`)).toMatchObject({ line: 1, column: 7 + 4 * MAX_CONDITION_TOKENS });
  });

  it('refuses "!" between two values: it only negates what follows it', () => {
    expect(where('{% if a ! b %}x{% endif %}', { a: 1, b: 1 })).toEqual({
      detail: 'Expected "and", "or", "==" or "!=" in "{% if a ! b %}"',
      line: 1,
      column: 9,
    });
    expect(render('{% if a == !b %}y{% else %}n{% endif %}', { a: true, b: false })).toBe('y');
  });

  it(`nests {% if %} ${MAX_TEMPLATE_IF_DEPTH} deep, not one more`, () => {
    const nested = (n: number) => '{% if a %}'.repeat(n) + 'x' + '{% endif %}'.repeat(n);
    expect(render(nested(MAX_TEMPLATE_IF_DEPTH), { a: 1 })).toBe('x');
    expect(where(nested(MAX_TEMPLATE_IF_DEPTH + 1), { a: 1 })).toEqual({
      detail: `"{% if %}" blocks are nested more than ${MAX_TEMPLATE_IF_DEPTH} deep: flatten them with "and" or "elif"`,
      line: 1,
      column: 1 + 10 * MAX_TEMPLATE_IF_DEPTH,
    });
  });

  it('takes tags across line breaks', () => {
    expect(render('{%\nif\ta\n%}y{%\telse\n%}n{%endif\n%}', { a: 1 })).toBe('y');
    expect(where('{% else\n  x %}')).toMatchObject({ detail: '"{% else %}" has no matching "{% if %}"' });
    expect(where('{% if a %}{% endif\n  x %}', { a: 1 })).toEqual({
      detail: '"{% endif %}" takes no condition',
      line: 2,
      column: 3,
    });
  });
});
