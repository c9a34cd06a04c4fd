import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  badIgnorePaths,
  compareAnswers,
  Comparison,
  diffJson,
  diffLines,
  JsonChange,
  LineOp,
  parseJsonPath,
} from '../../../src/shared/replay-compare';

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

const text = (body: string, headers: [string, string][] = []) => ({ status: 200, headers, body });
const changesOf = (c: ReturnType<typeof compareAnswers>) => (c.body.kind === 'json' ? c.body.changes : null);

describe('the default settings', () => {
  it('ignores each default field, at any depth', () => {
    const keys = [
      'id',
      'timestamp',
      'time',
      'date',
      'at',
      'ts',
      'created_at',
      'paid_at',
      'createdAt',
      'updatedAt',
    ];
    const more = ['request_id', 'requestId', 'trace_id', 'traceId'];
    for (const k of [...keys, ...more]) {
      const c = compareAnswers(
        json(200, { [k]: 1, deep: [{ [k]: 1 }] }),
        json(200, { [k]: 2, deep: [{ [k]: 2 }] }),
      );
      expect(c.body, k).toEqual({ kind: 'json', same: true, changes: [], ignored: 2 });
      expect(c.verdict, k).toBe('same');
    }
    // Only those: a field merely containing one of the names is compared.
    const c = compareAnswers(
      json(200, { identity: 1, format: 1, Id: 1 }),
      json(200, { identity: 2, format: 2, Id: 2 }),
    );
    expect(changesOf(c)?.map((x) => x.path)).toEqual(['$.identity', '$.format', '$.Id']);
  });

  it('ignores each default header, whatever its case, even when comparing every header', () => {
    const names = [
      'date',
      'age',
      'expires',
      'last-modified',
      'etag',
      'server',
      'server-timing',
      'x-response-time',
      'x-request-id',
      'request-id',
      'x-correlation-id',
      'traceparent',
      'tracestate',
      'x-amzn-trace-id',
      'cf-ray',
      'via',
      'set-cookie',
      'connection',
      'keep-alive',
      'content-length',
      'transfer-encoding',
    ];
    for (const n of names) {
      const c = compareAnswers(text('x', [[n.toUpperCase(), '1']]), text('x', [[n, '2']]), {
        headers: ['*'],
      });
      expect(c.verdict, n).toBe('same');
      expect(c.headers, n).toEqual([]);
    }
  });

  it('compares Content-Type, Location and Retry-After by default, and no other header', () => {
    for (const n of ['Content-Type', 'Location', 'Retry-After']) {
      const c = compareAnswers(text('x', [[n, 'a']]), text('x', [[n, 'b']]));
      expect(c.verdict, n).toBe('changed');
      expect(c.headers, n).toEqual([{ name: n.toLowerCase(), before: 'a', after: 'b' }]);
    }
    const c = compareAnswers(text('x', [['X-Version', '1']]), text('x', [['X-Version', '2']]));
    expect(c.verdict).toBe('same');
  });
});

describe('settings', () => {
  it('reads header names and ignored headers trimmed and in any case', () => {
    const before = text('x', [
      ['X-Version', '1'],
      ['X-Other', '1'],
    ]);
    const after = text('x', [
      ['x-version', '2'],
      ['x-other', '2'],
    ]);
    expect(compareAnswers(before, after, { headers: ['  X-Version '] }).headers).toEqual([
      { name: 'x-version', before: '1', after: '2' },
    ]);
    expect(compareAnswers(before, after, { headers: ['*'], ignoreHeaders: [' X-OTHER '] }).headers).toEqual([
      { name: 'x-version', before: '1', after: '2' },
    ]);
  });

  it('refuses blank or overlong names and paths, and too many of them', () => {
    const a = text('x');
    expect(() => compareAnswers(a, a, { headers: ['  '] })).toThrow();
    expect(() => compareAnswers(a, a, { ignoreHeaders: [''] })).toThrow();
    expect(() => compareAnswers(a, a, { ignorePaths: ['   '] })).toThrow();
    expect(() => compareAnswers(a, a, { headers: ['h'.repeat(201)] })).toThrow();
    expect(() => compareAnswers(a, a, { ignoreHeaders: ['h'.repeat(201)] })).toThrow();
    expect(() => compareAnswers(a, a, { ignorePaths: ['p'.repeat(501)] })).toThrow();
    expect(() => compareAnswers(a, a, { headers: Array(101).fill('h') })).toThrow();
    expect(() => compareAnswers(a, a, { ignoreHeaders: Array(201).fill('h') })).toThrow();
    expect(() => compareAnswers(a, a, { ignorePaths: Array(201).fill('p') })).toThrow();
    expect(() => compareAnswers(a, a, { unknown: 1 } as never)).toThrow();
    expect(
      compareAnswers(a, a, {
        headers: ['h'.repeat(200), ...Array(99).fill('h')],
        ignoreHeaders: ['h'.repeat(200), ...Array(199).fill('h')],
        ignorePaths: ['p'.repeat(500), ...Array(199).fill('p')],
      }).verdict,
    ).toBe('same');
  });

  it('"*" compares every header either side sends, sorted, once per name', () => {
    const c = compareAnswers(
      text('x', [
        ['B', '1'],
        ['a', '1'],
        ['Same', 's'],
      ]),
      text('x', [
        ['b', '2'],
        ['C', '3'],
        ['same', 's'],
      ]),
      { headers: ['*', 'b'], ignoreHeaders: [] },
    );
    expect(c.headers).toEqual([
      { name: 'a', before: '1', after: null },
      { name: 'b', before: '2'.replace('2', '1'), after: '2' },
      { name: 'c', before: null, after: '3' },
    ]);
  });

  it('joins a repeated header with ", " and compares values trimmed; Content-Type also ignores case and spaces', () => {
    const c = compareAnswers(
      text('x', [
        ['Link', 'a'],
        ['link', 'b'],
        ['Location', ' /x '],
        ['Content-Type', 'Text/Plain ; Charset=UTF-8 '],
      ]),
      text('x', [
        ['link', 'a, b'],
        ['Location', '/x'],
        ['content-type', 'text/plain;charset=utf-8'],
      ]),
      { headers: ['link', 'location', 'content-type'] },
    );
    expect(c.verdict).toBe('same');
    const ct = (x: string, y: string) =>
      compareAnswers(text('x', [['Content-Type', x]]), text('x', [['Content-Type', y]])).verdict;
    expect(ct('text/plain ;charset=utf-8', 'text/plain;charset=utf-8')).toBe('same');
    expect(ct('text/plain;x', 'text/plainx')).toBe('changed');
    const d = compareAnswers(
      text('x', [
        ['Link', 'a'],
        ['link', 'b'],
      ]),
      text('x', [['link', 'b, a']]),
      {
        headers: ['link'],
      },
    );
    expect(d.headers).toEqual([{ name: 'link', before: 'a, b', after: 'b, a' }]);
    // Case matters outside Content-Type; a header present on one side only is a change.
    expect(compareAnswers(text('x', [['Location', '/A']]), text('x', [['Location', '/a']])).headers).toEqual([
      { name: 'location', before: '/A', after: '/a' },
    ]);
    expect(compareAnswers(text('x', [['Location', '']]), text('x')).headers).toEqual([
      { name: 'location', before: '', after: null },
    ]);
  });
});

describe('the verdict', () => {
  it('is changed by the status alone, a header alone, or the body alone', () => {
    const base = text('x', [['Content-Type', 'text/plain']]);
    expect(compareAnswers(base, { ...base }).verdict).toBe('same');
    expect(compareAnswers(base, { ...base, status: 500 })).toMatchObject({
      verdict: 'changed',
      status: { same: false, before: 200, after: 500 },
      headers: [],
      body: { kind: 'text', same: true, lines: [], truncated: false },
    });
    expect(compareAnswers(base, { ...base, headers: [['Content-Type', 'text/html']] }).verdict).toBe(
      'changed',
    );
    expect(compareAnswers(base, { ...base, body: 'y' }).verdict).toBe('changed');
    expect(compareAnswers(base, base).status).toEqual({ same: true, before: 200, after: 200 });
  });

  it('matches the published schema for every kind of body and change', () => {
    const results = [
      compareAnswers(json(200, { a: 1, b: [1], c: 1 }), json(201, { a: 2, b: [], d: 1 }, [])),
      compareAnswers(text('a\nb'), text('a\nc', [['Location', '/']])),
      compareAnswers(text('a'), text('a')),
    ];
    for (const r of results) expect(Comparison.parse(r)).toEqual(r);
    expect(() => Comparison.parse({ ...results[2], verdict: 'other' })).toThrow();
    expect(() => Comparison.parse({ ...results[2], body: { ...results[2].body, kind: 'json' } })).toThrow();
    expect(JsonChange.parse({ path: '$.a', kind: 'removed', before: 1 })).toEqual({
      path: '$.a',
      kind: 'removed',
      before: 1,
    });
    expect(() => JsonChange.parse({ path: '$.a', kind: 'moved' })).toThrow();
    expect(() => LineOp.parse({ op: 'moved', text: '' })).toThrow();
  });
});

describe('JSON or text', () => {
  it('reads a body as JSON when it is JSON (object, array, string, number, literal), after trimming', () => {
    for (const [x, y] of [
      [' {"a":1}\n', '{"a":2}'],
      ['[1]', '[2]'],
      ['"a"', '"b"'],
      ['-1', '2'],
      ['1.5', '2'],
      ['true', 'false'],
      ['null', 'false'],
      ['\uFEFF{"a":1}', '{"a":2}'],
    ]) {
      const c = compareAnswers(text(x), text(y));
      expect(c.body.kind, x).toBe('json');
      expect(c.body.same, x).toBe(false);
    }
    // Same JSON written differently is the same.
    expect(compareAnswers(text('{"a": [1, 2]}'), text('{ "a":[1,2] }')).verdict).toBe('same');
  });

  it('compares as text what is not JSON, or JSON on one side only', () => {
    for (const [x, y] of [
      ['', '{}'],
      ['  ', '{}'],
      ['{"a":', '{"a":1}'],
      ['hello', '"hello"'],
      ['x1', '1'],
      ['-', '-1'],
      ['nul', 'null'],
      ['True', 'true'],
      ['<a/>', '[]'],
      ['{}', 'ok {}'],
    ]) {
      const c = compareAnswers(text(x), text(y));
      expect(c.body.kind, x).toBe('text');
      expect(c.body.same, x).toBe(false);
    }
    expect(compareAnswers(text('{"a":1}x'), text('{"a":1}x')).body).toEqual({
      kind: 'text',
      same: true,
      lines: [],
      truncated: false,
    });
  });
});

describe('JSON differences', () => {
  it('reports a value of another type, a null, an object against an array, as changed', () => {
    const c = compareAnswers(
      json(200, { a: [1], b: { x: 1 }, c: null, d: {}, e: [], f: '1', g: { x: [1] } }),
      json(200, { a: { 0: 1 }, b: [1], c: {}, d: [], e: {}, f: 1, g: { x: [1] } }),
    );
    expect(changesOf(c)).toEqual([
      { path: '$.a', kind: 'changed', before: [1], after: { 0: 1 } },
      { path: '$.b', kind: 'changed', before: { x: 1 }, after: [1] },
      { path: '$.c', kind: 'changed', before: null, after: {} },
      { path: '$.d', kind: 'changed', before: {}, after: [] },
      { path: '$.e', kind: 'changed', before: [], after: {} },
      { path: '$.f', kind: 'changed', before: '1', after: 1 },
    ]);
    expect(changesOf(compareAnswers(json(200, { c: {} }), json(200, { c: null })))).toEqual([
      { path: '$.c', kind: 'changed', before: {}, after: null },
    ]);
  });

  it('reports items removed from the end of an array, and whole-array changes at the root', () => {
    expect(changesOf(compareAnswers(json(200, [1, 2, 3]), json(200, [1])))).toEqual([
      { path: '$[1]', kind: 'removed', before: 2, after: undefined },
      { path: '$[2]', kind: 'removed', before: 3, after: undefined },
    ]);
    expect(changesOf(compareAnswers(json(200, []), json(200, [{ a: 1 }])))).toEqual([
      { path: '$[0]', kind: 'added', before: undefined, after: { a: 1 } },
    ]);
    expect(changesOf(compareAnswers(json(200, 1), json(200, 2)))).toEqual([
      { path: '$', kind: 'changed', before: 1, after: 2 },
    ]);
  });

  it('writes paths as $.key, $["odd key"] and $[index]', () => {
    const keys = ['a', 'A9', '_x', '$ref', 'a-b', 'a_b$', 'x y', '9a', '-a', 'a.b', '', 'é', 'a\nb'];
    const r = diffJson(
      Object.fromEntries(keys.map((k) => [k, [0]])),
      Object.fromEntries(keys.map((k) => [k, [1]])),
    );
    expect(r.changes.map((c) => c.path)).toEqual([
      '$.a[0]',
      '$.A9[0]',
      '$._x[0]',
      '$.$ref[0]',
      '$.a-b[0]',
      '$.a_b$[0]',
      '$["x y"][0]',
      '$["9a"][0]',
      '$["-a"][0]',
      '$["a.b"][0]',
      '$[""][0]',
      '$["é"][0]',
      '$["a\\nb"][0]',
    ]);
  });

  it('lists at most 500 changes', () => {
    const many = Array.from({ length: 600 }, (_, i) => i);
    expect(
      diffJson(
        many,
        many.map((x) => x + 1),
      ).changes,
    ).toHaveLength(500);
    expect(diffJson([], many).changes).toHaveLength(500);
    expect(diffJson(many, []).changes).toHaveLength(500);
    const obj = Object.fromEntries(many.map((i) => [`k${i}`, i]));
    const c = diffJson({ id: 1, ...obj }, { id: 2 }, [parseJsonPath('id')!]);
    expect(c.changes).toHaveLength(500);
    expect(c.changes[499].path).toBe('$.k499');
    expect(c.ignored).toBe(1);
    // The limit counts the changes of nested values too.
    expect(diffJson({ a: many, b: 1 }, { a: many.map((x) => -x - 1), b: 2 }).changes.at(-1)?.path).toBe(
      '$.a[499]',
    );
    expect(diffJson([...many, 1], [...many.map((x) => -x - 1), 2]).changes).toHaveLength(500);
  });

  it('counts ignored differences, not ignored fields that are equal', () => {
    const ig = (a: unknown, b: unknown) => diffJson({ m: a, k: 1 }, { m: b, k: 1 }, [parseJsonPath('$.m')!]);
    expect(ig([1, { a: [2] }], [1, { a: [2] }])).toEqual({ changes: [], ignored: 0 });
    expect(ig({ a: 1, b: [1] }, { b: [1], a: 1 })).toEqual({ changes: [], ignored: 0 });
    expect(ig('x', 'x').ignored).toBe(0);
    expect(ig([1, 2], [1, 3]).ignored).toBe(1);
    expect(ig([1, 2], [2, 2]).ignored).toBe(1);
    expect(ig([1], [1, 2]).ignored).toBe(1);
    expect(ig([1, 2], [1]).ignored).toBe(1);
    expect(ig([1], { 0: 1 }).ignored).toBe(1);
    expect(ig({ 0: 1 }, [1]).ignored).toBe(1);
    expect(ig({}, []).ignored).toBe(1);
    expect(ig({ a: 1 }, { a: 2 }).ignored).toBe(1);
    expect(ig({ a: 1, b: 1 }, { a: 1, b: 2 }).ignored).toBe(1);
    expect(ig({ a: 1 }, { b: 1 }).ignored).toBe(1);
    expect(ig({ a: 1 }, { a: 1, b: 1 }).ignored).toBe(1);
    expect(ig({ a: 1, b: 1 }, { a: 1 }).ignored).toBe(1);
    expect(ig({ a: null }, { a: {} }).ignored).toBe(1);
    expect(ig(null, {}).ignored).toBe(1);
    expect(ig(1, '1').ignored).toBe(1);
    // Added and removed fields under an ignored name are counted too, not listed.
    expect(diffJson({ a: 1 }, { a: 1, id: 1 }, [parseJsonPath('id')!])).toEqual({ changes: [], ignored: 1 });
    expect(diffJson([{ id: 1 }], [{}], [parseJsonPath('id')!])).toEqual({ changes: [], ignored: 1 });
    expect(diffJson([1], [1, 2], [parseJsonPath('$[1]')!])).toEqual({ changes: [], ignored: 1 });
    expect(diffJson([1, 2], [1], [parseJsonPath('$[1]')!])).toEqual({ changes: [], ignored: 1 });
  });
});

describe('ignore paths', () => {
  const ignoring = (path: string, a: unknown, b: unknown) =>
    compareAnswers(json(200, a), json(200, b), { ignorePaths: [path] }).body as {
      changes: { path: string }[];
      ignored: number;
    };
  const changed = (path: string, a: unknown, b: unknown) => ignoring(path, a, b).changes.map((c) => c.path);

  it('a bare name is any depth; a dotted path without $ starts at the top', () => {
    expect(changed('id', { id: 1, x: { id: 1 } }, { id: 2, x: { id: 2 } })).toEqual([]);
    expect(changed('trace-id', { x: { 'trace-id': 1 } }, { x: { 'trace-id': 2 } })).toEqual([]);
    expect(changed('*_at', { x: { paid_at: 1 } }, { x: { paid_at: 2 } })).toEqual([]);
    expect(
      changed('x.id', { x: { id: 1 }, y: { x: { id: 1 } } }, { x: { id: 2 }, y: { x: { id: 2 } } }),
    ).toEqual(['$.y.x.id']);
    expect(
      changed('id.x', { id: { x: 1 }, y: { id: { x: 1 } } }, { id: { x: 2 }, y: { id: { x: 2 } } }),
    ).toEqual(['$.y.id.x']);
    expect(changed('$.id', { id: 1, x: { id: 1 } }, { id: 2, x: { id: 2 } })).toEqual(['$.x.id']);
  });

  it('matches array items by index or [*], and keys by quoted name', () => {
    const a = {
      items: [
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
        { v: 1 },
      ],
    };
    const b = { items: a.items.map(() => ({ v: 2 })) };
    const all = a.items.map((_, i) => `$.items[${i}].v`);
    expect(changed('$.items[*].v', a, b)).toEqual([]);
    expect(changed('$.items.*.v', a, b)).toEqual([]);
    expect(changed('$.items[1].v', a, b)).toEqual(all.filter((p) => p !== '$.items[1].v'));
    expect(changed('$.items[ 10 ].v', a, b)).toEqual(all.slice(0, 10));
    expect(changed('$.items[0]', a, b)).toEqual(all.slice(1));
    expect(changed("$['a b'].c", { 'a b': { c: 1 } }, { 'a b': { c: 2 } })).toEqual([]);
    expect(changed('$["a.b"]', { 'a.b': 1, a: { b: 1 } }, { 'a.b': 2, a: { b: 2 } })).toEqual(['$.a.b']);
    expect(changed("$['']", { '': 1 }, { '': 2 })).toEqual([]);
    // An index does not match a key spelled the same.
    expect(changed('$.x[0]', { x: { 0: 1 } }, { x: { 0: 2 } })).toEqual(['$.x["0"]']);
    expect(changed('$.x[0]', { x: [1] }, { x: [2] })).toEqual([]);
  });

  it('a wildcard matches every key, even one holding a newline', () => {
    expect(changed('$.*', { 'a\nb': 1, c: 1 }, { 'a\nb': 2, c: 2 })).toEqual([]);
    expect(changed('$..*', { a: { b: 1 } }, { a: { b: 2 } })).toEqual([]);
    expect(changed('$..*', { 'a\nb': 1 }, { 'a\nb': 2 })).toEqual([]);
    expect(changed('$.a.*', { a: { b: 1, c: [1] }, d: 1 }, { a: { b: 2, c: [2] }, d: 2 })).toEqual(['$.d']);
    expect(changed('$.*', [1], [2])).toEqual([]);
  });

  it('key globs: "*" stands for any run of characters, everything else is literal', () => {
    expect(changed("$['*.x']", { 'a.x': 1, abx: 1 }, { 'a.x': 2, abx: 2 })).toEqual(['$.abx']);
    expect(changed('$..*_id', { a_id: 1, ida: 1, _id: 1 }, { a_id: 2, ida: 2, _id: 2 })).toEqual(['$.ida']);
    expect(changed('$..a*b', { ab: 1, axxb: 1, abc: 1, cab: 1 }, { ab: 2, axxb: 2, abc: 2, cab: 2 })).toEqual(
      ['$.abc', '$.cab'],
    );
    expect(changed("$['(a)+*']", { '(a)+1': 1, aa1: 1 }, { '(a)+1': 2, aa1: 2 })).toEqual(['$.aa1']);
    expect(changed("$['a[b*']", { 'a[b1': 1, ab1: 1 }, { 'a[b1': 2, ab1: 2 })).toEqual(['$.ab1']);
    expect(changed("$['^$?{1}|\\*']", { '^$?{1}|\\x': 1, '{1}': 1 }, { '^$?{1}|\\x': 2, '{1}': 2 })).toEqual([
      '$["{1}"]',
    ]);
  });

  it('a deep path matches at any depth, including the top, and in arrays', () => {
    expect(changed('$..v', { v: 1, a: [{ b: { v: 1 } }] }, { v: 2, a: [{ b: { v: 2 } }] })).toEqual([]);
    expect(changed('$.a..v', { v: 1, a: { v: 1, b: { v: 1 } } }, { v: 2, a: { v: 2, b: { v: 2 } } })).toEqual(
      ['$.v'],
    );
    expect(
      changed('$..a.b', { a: { b: 1, c: 1 }, x: { a: { b: 1 } } }, { a: { b: 2, c: 2 }, x: { a: { b: 2 } } }),
    ).toEqual(['$.a.c']);
  });

  it('"$" leaves the whole JSON body out of the comparison', () => {
    expect(ignoring('$', { a: 1 }, [2])).toEqual({ kind: 'json', same: true, changes: [], ignored: 1 });
    expect(ignoring('$', { a: 1 }, { a: 1 })).toEqual({ kind: 'json', same: true, changes: [], ignored: 0 });
    expect(compareAnswers(json(200, 1), json(500, 2), { ignorePaths: ['$'] }).verdict).toBe('changed');
  });

  it('an ignored path hides what is below it, not what is beside it', () => {
    expect(ignoring('$.a', { a: { b: 1 }, ab: 1 }, { a: { b: 2 }, ab: 2 })).toEqual({
      kind: 'json',
      same: false,
      changes: [{ path: '$.ab', kind: 'changed', before: 1, after: 2 }],
      ignored: 1,
    });
    expect(changed('$.a.b', { a: { b: 1, c: 1 } }, { a: { b: 2, c: 2 } })).toEqual(['$.a.c']);
  });

  it('paths that do not parse are reported, and left out of a comparison', () => {
    expect(
      badIgnorePaths([
        '',
        '  ',
        '$.',
        '$..',
        '$...a',
        '$..[0]',
        '$.[x',
        '$.a[',
        '$.a[0',
        '$.a[]',
        '$.a[x]',
        '$.a[1x]',
        '$.a[x1]',
        '$.a[-1]',
        "$.a['x]",
        "$.a[x']",
        "$.a[x'y']",
        "$.a['y'x]",
        '$.a["x]',
        '$.a[x"y"]',
        '$.a["y"x]',
        '$.a]',
        '$a',
        '$.a b.c[',
        'a[',
        '$.....a',
        '$.[..a',
        '$x0]',
      ]),
    ).toHaveLength(28);
    expect(
      badIgnorePaths([
        'id',
        '$',
        '$.a',
        '$..a',
        "$['x']",
        '$["x"]',
        '$[0]',
        '$[*]',
        '$.a..b',
        'a.b',
        '$.a[ 1 ]',
      ]),
    ).toEqual([]);
    const c = compareAnswers(json(200, { a: 1 }), json(200, { a: 2 }), { ignorePaths: ['$.a[', 'b'] });
    expect(changesOf(c)).toEqual([{ path: '$.a', kind: 'changed', before: 1, after: 2 }]);
  });
});

describe('text differences', () => {
  it('keeps the common lines of a long body and diffs the rest', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    const changedLines = lines.map((l, i) => (i === 1500 ? 'changed' : l));
    const d = diffLines(lines.join('\n'), changedLines.join('\n'));
    expect(d.truncated).toBe(false);
    expect(d.lines.filter((l) => l.op !== 'same')).toEqual([
      { op: 'removed', text: 'line 1500' },
      { op: 'added', text: 'changed' },
    ]);
    expect(d.lines).toHaveLength(3001);
    expect(d.lines[1500]).toEqual({ op: 'removed', text: 'line 1500' });
  });

  it('shows a very large rewrite as one removed block and one added block', () => {
    const a = Array.from({ length: 2100 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 2100 }, (_, i) => `b${i}`);
    const d = diffLines(['top', ...a, 'end'].join('\n'), ['top', ...b, 'end'].join('\n'));
    expect(d.truncated).toBe(true);
    expect(d.lines.map((l) => `${l.op} ${l.text}`)).toEqual([
      'same top',
      ...a.map((text) => `removed ${text}`),
      ...b.map((text) => `added ${text}`),
      'same end',
    ]);
  });

  it('diffs line by line up to 4 million cells (1999 lines against 1999)', () => {
    const a = Array.from({ length: 1999 }, (_, i) => `a${i}`);
    expect(diffLines(a.join('\n'), a.map((x) => `b${x}`).join('\n')).truncated).toBe(false);
    // One line more on either side is over the limit.
    expect(diffLines([...a, 'x'].join('\n'), a.map((x) => `b${x}`).join('\n')).truncated).toBe(true);
    expect(diffLines(a.join('\n'), [...a, 'x'].map((x) => `b${x}`).join('\n')).truncated).toBe(true);
  });

  it('keeps as many lines unchanged as can be', () => {
    const lcs = (x: string[], y: string[]): number => {
      const t = x.map(() => y.map(() => 0).concat(0)).concat([y.map(() => 0).concat(0)]);
      for (let i = x.length - 1; i >= 0; i--)
        for (let j = y.length - 1; j >= 0; j--)
          t[i][j] = x[i] === y[j] ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
      return t[0][0];
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 9 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 9 }),
        (x, y) => {
          const { lines } = diffLines(['<', ...x, '>'].join('\n'), ['[', ...y, ']'].join('\n'));
          expect(lines.filter((l) => l.op === 'same')).toHaveLength(lcs(x, y));
        },
      ),
      { numRuns: 150 },
    );
    // Removed lines come before added ones where either order would do; a line is added first when that keeps more.
    expect(diffLines('a\nc', 'b\na\nc').lines).toEqual([
      { op: 'added', text: 'b' },
      { op: 'same', text: 'a' },
      { op: 'same', text: 'c' },
    ]);
    expect(diffLines('a\nz', 'b\na\ny').lines.map((l) => `${l.op} ${l.text}`)).toEqual([
      'added b',
      'same a',
      'removed z',
      'added y',
    ]);
    expect(diffLines('<\na\nb\n>', '[\nb\na\n]').lines.map((l) => `${l.op} ${l.text}`)).toEqual([
      'removed <',
      'removed a',
      'added [',
      'same b',
      'removed >',
      'added a',
      'added ]',
    ]);
  });

  it('pairs lines by their longest common run', () => {
    expect(diffLines('a\nb\nc', 'b\nc\nd').lines).toEqual([
      { op: 'removed', text: 'a' },
      { op: 'same', text: 'b' },
      { op: 'same', text: 'c' },
      { op: 'added', text: 'd' },
    ]);
    expect(diffLines('x\na\nb\ny', 'x\nb\na\ny').lines).toEqual([
      { op: 'same', text: 'x' },
      { op: 'removed', text: 'a' },
      { op: 'same', text: 'b' },
      { op: 'added', text: 'a' },
      { op: 'same', text: 'y' },
    ]);
    expect(diffLines('a\nb\nc\nd\ne', 'q\nb\nd\nr').lines).toEqual([
      { op: 'removed', text: 'a' },
      { op: 'added', text: 'q' },
      { op: 'same', text: 'b' },
      { op: 'removed', text: 'c' },
      { op: 'same', text: 'd' },
      { op: 'removed', text: 'e' },
      { op: 'added', text: 'r' },
    ]);
    expect(diffLines('p\na\na\nq', 'p\na\nq').lines).toEqual([
      { op: 'same', text: 'p' },
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'a' },
      { op: 'same', text: 'q' },
    ]);
    expect(diffLines('a\nb', 'a\nb')).toEqual({
      lines: [
        { op: 'same', text: 'a' },
        { op: 'same', text: 'b' },
      ],
      truncated: false,
    });
    expect(diffLines('a', 'a\na').lines).toEqual([
      { op: 'same', text: 'a' },
      { op: 'added', text: 'a' },
    ]);
    expect(diffLines('a\na', 'a').lines).toEqual([
      { op: 'same', text: 'a' },
      { op: 'removed', text: 'a' },
    ]);
    expect(diffLines('a', '').lines).toEqual([
      { op: 'removed', text: 'a' },
      { op: 'added', text: '' },
    ]);
  });
});
