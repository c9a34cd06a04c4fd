import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { zodIssues } from '../../../src/core/invoke';
import { userIssue, userWords } from '../../../src/renderer/src/lib/field-errors';
import { ResponseSpec } from '../../../src/shared/receiver';

describe('field errors in user words', () => {
  it('turns the contract’s real messages into words next to a field', () => {
    // The message the issue quotes, produced by the real schema.
    const r = ResponseSpec.safeParse({ status: 999, delayMs: 0, headers: [], body: '' });
    expect(r.success).toBe(false);
    const issues = zodIssues(r.error!);
    expect(issues[0].message).toMatch(/Too big/);
    expect(userIssue({ ...issues[0], path: ['response', ...issues[0].path] })).toBe(
      'Default answer status must be 599 or less.',
    );
  });

  it('covers the usual zod wordings', () => {
    const words = (schema: z.ZodType, v: unknown) => userWords(schema.safeParse(v).error!.issues[0].message);
    expect(words(z.number().min(100), 5)).toBe('must be 100 or more');
    expect(words(z.string().min(1), '')).toBe('cannot be empty');
    expect(words(z.number(), 'x')).toBe('must be a number');
    expect(words(z.object({ a: z.string() }), {})).toBe('is required');
    expect(words(z.url(), 'nope')).toMatch(/full URL/);
    expect(userWords('A sequence needs at least one step.')).toBe('A sequence needs at least one step.');
  });
});
