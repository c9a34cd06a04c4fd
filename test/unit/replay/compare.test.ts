import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAnswers, diffJson, diffLines, parseJsonPath } from '../../../src/shared/replay-compare';

const json = (
  status: number,
  body: unknown,
  headers: [string, string][] = [['Content-Type', 'application/json']],
) => ({
  status,
  headers,
  body: JSON.stringify(body),
});

describe('compareAnswers', () => {
  it('is the same when only ignored fields differ (ids, timestamps, Date header)', () => {
    const a = json(
      200,
      { ok: true, id: 'a1', data: { createdAt: '2026-01-01', items: [{ id: 1, v: 'x' }] } },
      [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Date', 'Mon, 01 Jan 2026 00:00:00 GMT'],
      ],
    );
    const b = json(
      200,
      { ok: true, id: 'b2', data: { createdAt: '2026-02-02', items: [{ id: 2, v: 'x' }] } },
      [
        ['content-type', 'application/json;charset=UTF-8'],
        ['Date', 'Tue, 02 Jan 2026 00:00:00 GMT'],
      ],
    );
    const c = compareAnswers(a, b);
    expect(c.verdict).toBe('same');
    expect(c.body).toMatchObject({ kind: 'json', same: true, ignored: 3 });
  });

  it('reports JSON changes with paths: changed, added, removed, array items', () => {
    const c = compareAnswers(
      json(200, { a: 1, b: { c: [1, 2] }, gone: true }),
      json(201, { a: 2, b: { c: [1, 3, 4] }, extra: null }),
    );
    expect(c.verdict).toBe('changed');
    expect(c.status).toEqual({ same: false, before: 200, after: 201 });
    expect(c.body.kind === 'json' && c.body.changes).toEqual([
      { path: '$.a', kind: 'changed', before: 1, after: 2 },
      { path: '$.b.c[1]', kind: 'changed', before: 2, after: 3 },
      { path: '$.b.c[2]', kind: 'added', before: undefined, after: 4 },
      { path: '$.gone', kind: 'removed', before: true, after: undefined },
      { path: '$.extra', kind: 'added', before: undefined, after: null },
    ]);
  });

  it('honours a run ignore list of paths and header names, and compares selected headers', () => {
    const before = json(200, { result: { token: 'x', keep: 1 } }, [
      ['Content-Type', 'application/json'],
      ['X-Version', '1'],
    ]);
    const after = json(200, { result: { token: 'y', keep: 1 } }, [
      ['Content-Type', 'application/json'],
      ['X-Version', '2'],
    ]);
    expect(compareAnswers(before, after).verdict).toBe('changed');
    expect(compareAnswers(before, after, { headers: ['x-version'] }).headers).toEqual([
      { name: 'x-version', before: '1', after: '2' },
    ]);
    const c = compareAnswers(before, after, {
      headers: ['*'],
      ignorePaths: ['$.result.token'],
      ignoreHeaders: ['x-version'],
    });
    expect(c.verdict).toBe('same');
  });

  it('a key named like an Object method (toString, constructor, __proto__) is added or removed, not changed', () => {
    const c = compareAnswers(
      { status: 200, headers: [], body: '{"toString":1,"__proto__":{},"v":1}' },
      { status: 200, headers: [], body: '{"constructor":"x","v":1}' },
    );
    expect(c.body.kind === 'json' && c.body.changes).toEqual([
      { path: '$.toString', kind: 'removed', before: 1, after: undefined },
      { path: '$.__proto__', kind: 'removed', before: {}, after: undefined },
      { path: '$.constructor', kind: 'added', before: undefined, after: 'x' },
    ]);
    // Inside an ignored subtree the difference is still counted.
    const ignored = compareAnswers(
      { status: 200, headers: [], body: '{"meta":{"__proto__":{}}}' },
      { status: 200, headers: [], body: '{"meta":{"other":{}}}' },
      { ignorePaths: ['$.meta'] },
    );
    expect(ignored.body).toMatchObject({ same: true, ignored: 1 });
  });

  it('compares non-JSON bodies as text lines', () => {
    const c = compareAnswers(
      { status: 200, headers: [], body: 'a\nb\nc\nd' },
      { status: 200, headers: [], body: 'a\nB\nc\nd\ne' },
    );
    expect(c.verdict).toBe('changed');
    expect(c.body).toMatchObject({ kind: 'text', same: false });
    expect(c.body.kind === 'text' && c.body.lines).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'b' },
      { op: 'added', text: 'B' },
      { op: 'same', text: 'c' },
      { op: 'same', text: 'd' },
      { op: 'added', text: 'e' },
    ]);
  });
});

describe('JSON paths', () => {
  it('parses the supported forms and rejects the rest', () => {
    expect(parseJsonPath('$.a.b[0]')).toEqual([{ key: 'a' }, { key: 'b' }, { index: 0 }]);
    expect(parseJsonPath('$..id')).toEqual([{ deep: true }, { key: 'id' }]);
    expect(parseJsonPath('id')).toEqual([{ deep: true }, { key: 'id' }]);
    expect(parseJsonPath("$.items[*]['x y']")).toEqual([{ key: 'items' }, { any: true }, { key: 'x y' }]);
    expect(parseJsonPath('*_at')).toEqual([{ deep: true }, { key: '*_at' }]);
    expect(parseJsonPath('$.[x')).toBeNull();
    expect(parseJsonPath('$.a[')).toBeNull();
  });

  it('matches key globs: $..*_at covers created_at and paid_at, not format', () => {
    const r = diffJson(
      { created_at: 1, paid_at: 2, format: 'a' },
      { created_at: 3, paid_at: 4, format: 'b' },
      [parseJsonPath('$..*_at')!],
    );
    expect(r.changes.map((c) => c.path)).toEqual(['$.format']);
    expect(r.ignored).toBe(2);
  });

  it('ignores a subtree below an ignored path', () => {
    const r = diffJson({ meta: { a: 1, b: 2 }, v: 1 }, { meta: { a: 9 }, v: 1 }, [parseJsonPath('$.meta')!]);
    expect(r.changes).toEqual([]);
    expect(r.ignored).toBe(1);
  });
});

describe('properties', () => {
  it('a value compared with itself has no changes; a line diff rebuilds both sides', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(diffJson(v, structuredClone(v)).changes).toEqual([]);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', '')),
        fc.array(fc.constantFrom('a', 'b', 'c', '')),
        (x, y) => {
          const { lines } = diffLines(x.join('\n'), y.join('\n'));
          expect(
            lines
              .filter((l) => l.op !== 'added')
              .map((l) => l.text)
              .join('\n'),
          ).toBe(x.join('\n'));
          expect(
            lines
              .filter((l) => l.op !== 'removed')
              .map((l) => l.text)
              .join('\n'),
          ).toBe(y.join('\n'));
        },
      ),
      { numRuns: 200 },
    );
  });
});
