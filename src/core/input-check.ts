import type { ApiIssue } from '../shared/errors';

/** Deepest nesting of arrays/objects accepted in any API input (payloads included). */
export const MAX_INPUT_DEPTH = 128;

interface Frame {
  value: object;
  keys: string[] | null;
  i: number;
  key: string | number;
}

/**
 * Checks the shape of a raw API input before anything recursive touches it (schema parsing,
 * JSON.stringify, template rendering, XML conversion): nesting is capped, so no input can
 * overflow the stack further in. Iterative with one frame per level, so the check itself can
 * neither overflow nor allocate per element. Returns the first problem with its path, or null.
 */
export function checkInput(input: unknown): ApiIssue | null {
  const frames: Frame[] = [];
  const pathOf = (extra?: string | number) => [...frames.slice(1).map((f) => f.key), ...(extra === undefined ? [] : [extra])].slice(0, 12);
  const enter = (value: unknown, key: string | number): ApiIssue | null => {
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
    const issue = enter((f.value as Record<string | number, unknown>)[key], key);
    if (issue) return issue;
  }
  return null;
}
