import { describe, expect, it } from 'vitest';
import {
  attemptBody,
  attemptIdFor,
  formatValue,
  jsonValueSpans,
  Markers,
  rewrite,
  uuidFrom,
  whevtFrom,
  type IdentityValues,
} from '../../../src/core/dispatcher/identity';

const values = (over: Partial<IdentityValues> = {}): IdentityValues => ({
  eventId: 'evt_1',
  eventTime: Date.UTC(2026, 3, 29, 15, 30, 0, 250),
  deliveryId: 'msg_abc',
  endpointId: 'ep_1',
  attemptNumber: 1,
  attemptTime: Date.UTC(2026, 3, 29, 15, 31, 0),
  ...over,
});

describe('identity values', () => {
  it('derives stable, distinct UUIDs and whevt ids from Hookbench ids', () => {
    expect(uuidFrom('evt_1')).toBe(uuidFrom('evt_1'));
    expect(uuidFrom('evt_1')).not.toBe(uuidFrom('evt_2'));
    expect(uuidFrom('evt_1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(whevtFrom('evt_1')).toMatch(/^whevt_[0-9a-z]{16}$/);
    expect(attemptIdFor('msg_abc', 2)).toBe('att_abc_2');
  });

  it('formats times as the products do', () => {
    const v = values();
    expect(formatValue('event.time', 'iso8601', v)).toBe('2026-04-29T15:30:00Z');
    expect(formatValue('event.time', 'iso8601-ms', v)).toBe('2026-04-29T15:30:00.250Z');
    expect(formatValue('event.time', 'epoch-ms', v)).toBe(String(v.eventTime));
    expect(formatValue('attempt.time', 'epoch-s', v)).toBe(String(Math.floor(v.attemptTime / 1000)));
    expect(formatValue('attempt.number', 'integer', values({ attemptNumber: 3 }))).toBe('3');
  });

  it('resolves markers into values with byte slots, and rewrites only the attempt slots per attempt', () => {
    const m = new Markers();
    const doc = {
      note: 'héllo ✓',
      id: m.mark('event.id', 'uuid'),
      n: m.mark('attempt.number', 'integer'),
      a: m.mark('attempt.id', 'uuid'),
      d: m.mark('delivery.id', 'hookbench'),
    };
    const { text, slots } = m.resolve(JSON.stringify(doc, null, 2), values());
    const first = JSON.parse(text);
    expect(first).toEqual({
      note: 'héllo ✓',
      id: uuidFrom('evt_1'),
      n: 1,
      a: uuidFrom('att_abc_1'),
      d: 'msg_abc',
    });
    const ident = { t: values().eventTime, b: slots, h: [] };
    const body = Buffer.from(text);
    expect(attemptBody(body, ident, values())).toEqual(body);
    const tenth = JSON.parse(attemptBody(body, ident, values({ attemptNumber: 10 })).toString());
    expect(tenth).toEqual({ ...first, n: 10, a: uuidFrom('att_abc_10') });
    // A new delivery id (replay under a new id): delivery and attempt values, slots moved along.
    const re = rewrite(
      body,
      ident,
      values({ deliveryId: 'msg_longer_id' }),
      new Set(['delivery', 'attempt']),
    );
    const again = rewrite(
      re.body,
      { ...ident, b: re.slots },
      values({ deliveryId: 'msg_x', attemptNumber: 12 }),
      new Set(['delivery', 'attempt']),
    );
    expect(JSON.parse(again.body.toString())).toEqual({
      ...first,
      n: 12,
      a: uuidFrom('att_x_12'),
      d: 'msg_x',
    });
  });

  it('leaves text without markers alone', () => {
    const m = new Markers();
    m.mark('event.id', 'uuid');
    expect(m.resolve('{"a":1}', values())).toEqual({ text: '{"a":1}', slots: [] });
  });
});

describe('jsonValueSpans', () => {
  it('finds values at dotted paths without re-serialising, arrays and escapes included', () => {
    const text =
      '{ "a" : { "b\\"q": "x\\"y", "n": -1.5e3 }, "list": [ {"id": 1}, { "id" : "two" } ], "e": {}, "z": null }';
    const spans = jsonValueSpans(text, ['a.b"q', 'a.n', 'list.1.id', 'list.0', 'e', 'z', 'missing'])!;
    const at = (p: string) => (spans.get(p) ? text.slice(...spans.get(p)!) : undefined);
    expect(at('a.b"q')).toBe('"x\\"y"');
    expect(at('a.n')).toBe('-1.5e3');
    expect(at('list.1.id')).toBe('"two"');
    expect(at('list.0')).toBe('{"id": 1}');
    expect(at('e')).toBe('{}');
    expect(at('z')).toBe('null');
    expect(at('missing')).toBeUndefined();
    expect(jsonValueSpans('{"a": 1,', ['a'])).toBeUndefined();
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    expect(jsonValueSpans(deep, ['0'])).toBeDefined();
  });
});
