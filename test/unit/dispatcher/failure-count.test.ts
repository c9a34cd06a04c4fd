import { describe, expect, it } from 'vitest';
import type { Completion, PlannedCompletion } from '../../../src/core/dispatcher/completion';
import type { CycleBatch } from '../../../src/core/dispatcher/cycle-batch';
import type { EndpointRecord } from '../../../src/core/dispatcher/endpoint-store';
import type { EngineHooks } from '../../../src/core/dispatcher/engine';
import { countFailures } from '../../../src/core/dispatcher/failure-count';

/**
 * Consecutive failures per endpoint and auto-disable (issue 15), on the function the engine runs
 * once per cycle: what it writes, what it applies once committed, and whom it tells. The engine's
 * own path (real sink, real timing) is covered by test/integration/dispatcher/retries.test.ts.
 */

const NOW = 1_767_225_600_000;

function endpoint(id: string, failures = 0, state = 'active'): EndpointRecord {
  return {
    id,
    state,
    consecutiveFailures: failures,
    fields: { name: `EP ${id}` },
  } as unknown as EndpointRecord;
}

/** One finished attempt of endpoint `ep`: `status` is what the delivery became. */
const done = (
  ep: EndpointRecord,
  status: PlannedCompletion['status'],
  opts: { ping?: boolean; gone?: boolean } = {},
) => ({
  completion: { row: { endpoint_id: ep.id, kind: opts.ping ? 'ping' : 'event' } } as unknown as Completion,
  plan: { status, gone: !!opts.gone } as unknown as PlannedCompletion,
});

function run(endpoints: EndpointRecord[], items: ReturnType<typeof done>[], disableAfter = 3) {
  const disabled: [string, string, string][] = [];
  const held: string[] = [];
  const hooks = {
    endpoint: (id: string) => endpoints.find((e) => e.id === id),
    disableAfter: () => disableAfter,
    onDisabled: (ep: EndpointRecord, reason: string, message: string) =>
      disabled.push([ep.id, reason, message]),
  } as unknown as EngineHooks;
  const ops = { writes: [] } as unknown as CycleBatch;
  const after = countFailures(
    items.map((i) => i.completion),
    items.map((i) => i.plan),
    NOW,
    ops,
    hooks,
    (id) => held.push(id),
  );
  const writesBeforeCommit = [...ops.writes];
  for (const f of after) f();
  return { writes: writesBeforeCommit, disabled, held };
}

describe('failure count and auto-disable', () => {
  it('counts a failed delivery, resets on a success, and leaves the count for one still retrying', () => {
    const a = endpoint('a', 1);
    expect(run([a], [done(a, 'failed')]).writes).toEqual([['setFailures', [2, 'a']]]);
    expect(a.consecutiveFailures).toBe(2);
    expect(run([a], [done(a, 'succeeded')]).writes).toEqual([['setFailures', [0, 'a']]]);
    expect(a.consecutiveFailures).toBe(0);
    // Nothing to write when nothing changed.
    expect(run([a], [done(a, 'succeeded')]).writes).toEqual([]);
    const b = endpoint('b', 2);
    for (const status of ['retrying', 'pending', 'cancelled'] as const)
      expect(run([b], [done(b, status)]).writes, status).toEqual([]);
    expect(b.consecutiveFailures).toBe(2);
  });

  it('adds up several results for the same endpoint in one cycle, in order', () => {
    const a = endpoint('a', 0);
    const r = run([a], [done(a, 'failed'), done(a, 'failed'), done(a, 'succeeded'), done(a, 'failed')], 10);
    expect(r.writes).toEqual([['setFailures', [1, 'a']]]);
    expect(a.consecutiveFailures).toBe(1);
  });

  it('never counts or resets with a ping', () => {
    const a = endpoint('a', 2);
    expect(run([a], [done(a, 'failed', { ping: true })]).writes).toEqual([]);
    expect(run([a], [done(a, 'succeeded', { ping: true })]).writes).toEqual([]);
    expect(a.consecutiveFailures).toBe(2);
    // Even at the limit, a failed ping does not disable the endpoint.
    const b = endpoint('b', 3);
    const r = run([b], [done(b, 'failed', { ping: true })], 3);
    expect(r.disabled).toEqual([]);
    expect(b.state).toBe('active');
  });

  it('disables an endpoint at exactly the limit of failures in a row, once, saying why', () => {
    const below = endpoint('a', 1);
    expect(run([below], [done(below, 'failed')], 3).disabled).toEqual([]);
    expect(below.state).toBe('active');

    const at = endpoint('b', 2);
    const r = run([at], [done(at, 'failed'), done(at, 'failed')], 3);
    const message =
      'Endpoint "EP b" was disabled after 3 failed deliveries in a row. Fix the receiver, then reactivate it.';
    expect(r.writes).toEqual([
      ['setState', ['disabled', message, 3, NOW, 'b']],
      ['setFailures', [4, 'b']],
    ]);
    expect(r.disabled).toEqual([['b', 'failures', message]]);
    expect(r.held).toEqual(['b']);
    expect(at).toMatchObject({
      state: 'disabled',
      disabledReason: message,
      updatedAt: NOW,
      consecutiveFailures: 4,
    });
  });

  it('disables every endpoint that reaches the limit in the same cycle', () => {
    const a = endpoint('a', 2);
    const b = endpoint('b', 2);
    const r = run([a, b], [done(a, 'failed'), done(b, 'failed')], 3);
    expect(r.disabled.map(([id, reason]) => [id, reason])).toEqual([
      ['a', 'failures'],
      ['b', 'failures'],
    ]);
    expect([a.state, b.state]).toEqual(['disabled', 'disabled']);
  });

  it('does not disable for failures when auto-disable is off, nor an endpoint already disabled', () => {
    const a = endpoint('a', 50);
    expect(run([a], [done(a, 'failed')], 0).disabled).toEqual([]);
    expect(a.state).toBe('active');
    const off = endpoint('b', 5, 'disabled');
    const r = run([off], [done(off, 'failed')], 3);
    expect(r.disabled).toEqual([]);
    expect(r.writes).toEqual([['setFailures', [6, 'b']]]);
  });

  it('disables on 410 Gone at once, pings included, with its own message', () => {
    const a = endpoint('a', 0);
    const r = run([a], [done(a, 'failed', { gone: true, ping: true })], 0);
    const message =
      'Endpoint "EP a" answered 410 Gone, so Hookbench disabled it. Fix the URL, then reactivate it.';
    expect(r.disabled).toEqual([['a', 'gone', message]]);
    expect(r.writes).toEqual([['setState', ['disabled', message, 0, NOW, 'a']]]);
    expect(a.state).toBe('disabled');
    // A success that says Gone is not a failure: nothing to disable.
    const b = endpoint('b', 0);
    expect(run([b], [done(b, 'succeeded', { gone: true })]).disabled).toEqual([]);
  });

  it('skips results of an endpoint deleted meanwhile', () => {
    const a = endpoint('a', 0);
    const gone = endpoint('x', 0);
    const r = run([a], [done(gone, 'failed'), done(a, 'failed')]);
    expect(r.writes).toEqual([['setFailures', [1, 'a']]]);
  });
});
