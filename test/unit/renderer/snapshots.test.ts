import { describe, expect, it } from 'vitest';
import type { Run } from '../../../src/shared/replay';
import { mergeRunList, newerRun, withNewerRows } from '../../../src/renderer/src/store/snapshots';

function run(status: Run['status'], done: number, notSent = 0): Run {
  return {
    id: 'run_1',
    name: 'After the fix',
    status,
    sourceLabel: '3 deliveries',
    source: { type: 'deliveries', ref: null },
    target: { type: 'original' },
    options: {
      keepId: false,
      signing: { mode: 'endpoint', scheme: null, endpointId: null },
      edits: false,
      concurrency: 4,
      ratePerSecond: null,
      stopOnFailure: false,
      timeoutMs: 10_000,
      compare: { headers: [], ignorePaths: [], ignoreHeaders: [] },
    },
    counts: { total: 3, done, pending: 3 - done - notSent, same: 0, changed: done, noBaseline: 0, failed: 0, notSent },
    rate: 0,
    createdAt: 1,
    finishedAt: status === 'running' || status === 'paused' ? null : 2,
    note: null,
  };
}

// A replay of three deliveries to a local consumer finishes before the browser reads the answer
// to runs.create; that answer arrives last and used to leave the run "running" on screen forever
// (CI failed on e2e/replay-runs.test.ts this way).
describe('which run snapshot the UI keeps', () => {
  it('keeps "completed" when the older "running, 0 done" answer arrives after it', () => {
    expect(newerRun(run('completed', 3), run('running', 0)).status).toBe('completed');
    expect(newerRun(run('cancelled', 1, 2), run('running', 1)).status).toBe('cancelled');
  });
  it('takes a finished snapshot over a running one', () => {
    expect(newerRun(run('running', 2), run('completed', 3)).status).toBe('completed');
  });
  it('never lets the progress go backwards while running', () => {
    expect(newerRun(run('running', 2), run('running', 1)).counts.done).toBe(2);
    expect(newerRun(run('running', 1), run('running', 2)).counts.done).toBe(2);
  });
  it('follows pause and resume at the same progress', () => {
    expect(newerRun(run('running', 1), run('paused', 1)).status).toBe('paused');
    expect(newerRun(run('paused', 1), run('running', 1)).status).toBe('running');
  });
});

// The Deliveries list reads a page, and the event stream says a delivery succeeded while that
// page is on its way: the page's older "pending" row must not replace what the stream said.
describe('a page of deliveries read before an update', () => {
  const row = (id: string, status: string, updatedAt: number) => ({ id, status, updatedAt });
  it('keeps the row the stream updated after the page was read', () => {
    const page = [row('d1', 'pending', 10), row('d2', 'pending', 10)];
    const known = [row('d1', 'succeeded', 12)];
    expect(withNewerRows(page, known).map((d) => d.status)).toEqual(['succeeded', 'pending']);
  });
  it('takes the page where it is as new or newer', () => {
    const page = [row('d1', 'failed', 15)];
    expect(withNewerRows(page, [row('d1', 'retrying', 12)])[0].status).toBe('failed');
    expect(withNewerRows(page, [row('d1', 'retrying', 15)])[0].status).toBe('failed');
  });
});

// The Runs screen loads the run list when it opens, right after "Start replay": the list can be
// read while the run is going and arrive after the event that says it completed (CI failed on
// e2e/replay-runs this way once the answer to runs.create was handled).
describe('the run list read while a run finishes', () => {
  const at = (r: Run, id: string, createdAt: number): Run => ({ ...r, id, createdAt });
  it('keeps the finished run, not the list’s older "running"', () => {
    const merged = mergeRunList([run('completed', 3)], [run('running', 0)], 1);
    expect(merged.map((r) => r.status)).toEqual(['completed']);
  });
  it('keeps a run created after the list was read, and drops one the list no longer has', () => {
    const listed = [at(run('completed', 3), 'run_old', 1_000)];
    const held = [at(run('running', 0), 'run_new', 9_000), at(run('completed', 3), 'run_gone', 500)];
    expect(mergeRunList(held, listed, 2_000).map((r) => r.id)).toEqual(['run_new', 'run_old']);
    expect(mergeRunList(held, [], 20_000).map((r) => r.id)).toEqual([]);
  });
});
