import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../../../src/shared/glob';

/** The reference semantics (a regular expression, only ever built here from tiny generated patterns). */
const reference = (glob: string, s: string) =>
  new RegExp('^' + glob.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'is').test(s);

describe('glob matching', () => {
  it('agrees with the regular-expression semantics on every generated pattern and path', () => {
    const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', 'A', '/', '.', '*'), maxLength: max });
    fc.assert(
      fc.property(text(8), fc.string({ unit: fc.constantFrom('a', 'b', 'B', '/', '.'), maxLength: 12 }), (glob, path) => {
        expect(compileGlob(glob)(path)).toBe(reference(glob, path));
      }),
      { seed: 5, numRuns: 5000 },
    );
  });

  it('answers at once for patterns that make a backtracking matcher run for ages', () => {
    // Each of these takes a backtracking regex exponential time (the 13-star example took 7 s on 36 characters).
    const cases: [string, string][] = [
      ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(36)],
      ['*a'.repeat(200) + '*b', 'a'.repeat(10_000)],
      ['*/*/*/*/*/*/*/*/*/*/*/*/*/*/*/*x', '/'.repeat(5000)],
    ];
    for (const [glob, path] of cases) {
      expect(compileGlob(glob)(path)).toBe(false);
      expect(compileGlob(glob)(path + 'b')).toBe(glob.endsWith('b'));
    }
  });
});
