import type { Run } from '../../../shared/replay';

const FINAL: ReadonlySet<Run['status']> = new Set(['completed', 'cancelled', 'stopped']);

/**
 * Which of two snapshots of one run to show. Snapshots reach the UI by two roads (the answer to
 * runs.create/pause/resume, and the event stream), so an older one can arrive last: a run of three
 * items to a local consumer finishes before the answer to runs.create is read, and that answer
 * ("running, 0 done") must not undo "completed". A finished run never goes back to running, and
 * the items done or not sent only grow; on a tie (pause, resume) the later snapshot wins.
 */
export function newerRun(current: Run, incoming: Run): Run {
  const rank = (r: Run) => [FINAL.has(r.status) ? 1 : 0, r.counts.done + r.counts.notSent] as const;
  const [cf, cd] = rank(current);
  const [nf, nd] = rank(incoming);
  if (cf !== nf) return nf > cf ? incoming : current;
  return nd >= cd ? incoming : current;
}

/**
 * A page of deliveries read from the store, with any row the event stream has already moved past
 * kept as the stream had it: the page was read before an update that its answer then arrived
 * after ("pending" must not replace "succeeded").
 */
export function withNewerRows<T extends { id: string; updatedAt: number }>(page: T[], known: readonly T[]): T[] {
  if (!known.length) return page;
  const byId = new Map(known.map((d) => [d.id, d]));
  return page.map((d) => {
    const have = byId.get(d.id);
    return have && have.updatedAt > d.updatedAt ? have : d;
  });
}

/**
 * The run list as read from the store, merged with what the UI already holds: a run the event
 * stream finished while the list was on its way stays finished, and a run created after the list
 * was read stays listed.
 */
export function mergeRunList(held: readonly Run[], listed: Run[], askedAt: number): Run[] {
  if (!held.length) return listed;
  const byId = new Map(held.map((r) => [r.id, r]));
  const merged = listed.map((r) => {
    const have = byId.get(r.id);
    return have ? newerRun(have, r) : r;
  });
  // Runs missing from the list are kept only when they are newer than anything it holds (or, for
  // an empty list, than the moment it was asked for): a run deleted elsewhere still drops out.
  const newest = listed.reduce((t, r) => Math.max(t, r.createdAt), askedAt - 5_000);
  const listedIds = new Set(listed.map((r) => r.id));
  const later = held.filter((r) => !listedIds.has(r.id) && r.createdAt > newest);
  return [...later, ...merged];
}
