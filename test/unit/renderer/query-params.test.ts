import { describe, expect, it } from 'vitest';
import { queryParams } from '../../../src/renderer/src/areas/inbox/request-format';

describe('queryParams (the Query tab of a request)', () => {
  it('decodes names and values, "+" as a space, and numbers repeats', () => {
    expect(queryParams('tag=a&name=J%C3%B6rg&tag=b+c&flag&empty=&tag=%2B')).toEqual([
      { name: 'tag', value: 'a', raw: 'a', occurrence: 1, of: 3 },
      { name: 'name', value: 'Jörg', raw: 'J%C3%B6rg', occurrence: 1, of: 1 },
      { name: 'tag', value: 'b c', raw: 'b+c', occurrence: 2, of: 3 },
      { name: 'flag', value: '', raw: '', occurrence: 1, of: 1 },
      { name: 'empty', value: '', raw: '', occurrence: 1, of: 1 },
      { name: 'tag', value: '+', raw: '%2B', occurrence: 3, of: 3 },
    ]);
  });

  it('survives what senders get wrong: stray %, bytes that are not UTF-8, empty pairs, "=" in values', () => {
    expect(queryParams('')).toEqual([]);
    expect(queryParams('&&')).toEqual([]);
    const [pct, latin, eq, noName] = queryParams('p=100%&l=%E9t%E9&e=a=b&=v');
    expect(pct).toMatchObject({ name: 'p', value: '100%', raw: '100%' });
    expect(latin).toMatchObject({ name: 'l', value: '\uFFFDt\uFFFD', raw: '%E9t%E9' });
    expect(eq).toMatchObject({ name: 'e', value: 'a=b' });
    expect(noName).toMatchObject({ name: '', value: 'v' });
  });

  it('keeps a long query whole', () => {
    const q = Array.from({ length: 2000 }, (_, i) => `k${i % 7}=${i}`).join('&');
    const params = queryParams(q);
    expect(params).toHaveLength(2000);
    expect(params[1999]).toMatchObject({ name: 'k4', value: '1999', of: 286 });
  });
});
