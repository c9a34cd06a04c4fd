import type { ApiIssue } from '../shared/errors';

/** Deepest nesting of arrays/objects accepted in any API input (payloads included). */
export const MAX_INPUT_DEPTH = 128;

/** A UTF-16 surrogate not part of a pair (in `u` mode a proper pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Surrogate}/u;

export const hasLoneSurrogate = (s: string): boolean => LONE_SURROGATE.test(s);

interface Frame {
  value: object;
  keys: string[] | null;
  i: number;
  key: string | number;
}

/**
 * Checks the shape of a raw API input before anything recursive touches it (schema parsing,
 * JSON.stringify, template rendering, XML conversion): nesting is capped, so no input can
 * overflow the stack further in. Every string, keys included, must be well-formed Unicode: a
 * lone surrogate would be stored as is and make later JSON output invalid for strict parsers. Iterative with one frame per level, so the check itself can
 * neither overflow nor allocate per element. Returns the first problem with its path, or null.
 */
export function checkInput(input: unknown): ApiIssue | null {
  const frames: Frame[] = [];
  const pathOf = (extra: string | number) => [...frames.slice(1).map((f) => f.key), ...(frames.length ? [extra] : [])].slice(0, 12);
  const enter = (value: unknown, key: string | number): ApiIssue | null => {
    if (typeof value === 'string') {
      return hasLoneSurrogate(value) ? { path: pathOf(key), message: 'The text contains a lone UTF-16 surrogate (not valid Unicode); send well-formed text.' } : null;
    }
    if (value === null || typeof value !== 'object') return null;
    if (frames.length >= MAX_INPUT_DEPTH) {
      return { path: pathOf(key), message: `Nested deeper than ${MAX_INPUT_DEPTH} levels; flatten the data.` };
    }
    frames.push({ value, keys: Array.isArray(value) ? null : Object.keys(value), i: 0, key });
    return null;
  };
  const first = enter(input, '');
  if (first) return first;
  while (frames.length) {
    const f = frames[frames.length - 1];
    const n = f.keys ? f.keys.length : (f.value as unknown[]).length;
    if (f.i >= n) {
      frames.pop();
      continue;
    }
    const key = f.keys ? f.keys[f.i] : f.i;
    f.i++;
    if (typeof key === 'string' && hasLoneSurrogate(key)) {
      return { path: pathOf(key), message: 'A field name contains a lone UTF-16 surrogate (not valid Unicode); send well-formed text.' };
    }
    const issue = enter((f.value as Record<string | number, unknown>)[key], key);
    if (issue) return issue;
  }
  return null;
}
