import type { MethodParsedInput } from '../../shared/contract';
import { compareAnswers, type CompareSettings, type Comparison } from '../../shared/replay-compare';
import { answerText } from './executor';
import type { RunStore, StoredOptions } from './run-store';

/**
 * `runs.compare`: a run's answers against another run's (matched by source item), or against
 * their baselines.
 */
export function compareRuns(store: RunStore, input: MethodParsedInput<'runs.compare'>) {
  const a = store.row(input.id);
  const aRows = store.allFull(a.id);
  const settings: CompareSettings = input.compare ?? (JSON.parse(a.options) as StoredOptions).compare;
  const answerOf = (r: (typeof aRows)[number]) =>
    r.res_status === null
      ? null
      : {
          status: r.res_status,
          headers: JSON.parse(r.res_headers ?? '[]') as [string, string][],
          body: answerText(r.res_body ?? Buffer.alloc(0)),
        };
  const items: {
    ref: string;
    indexA: number | null;
    indexB: number | null;
    verdict: 'same' | 'changed' | 'missing';
    comparison: Comparison | null;
  }[] = [];
  if (input.against) {
    const b = store.row(input.against);
    const bByRef = new Map(store.allFull(b.id).map((r) => [`${r.kind}:${r.ref}`, r]));
    for (const ra of aRows) {
      const key = `${ra.kind}:${ra.ref}`;
      const rb = bByRef.get(key);
      bByRef.delete(key);
      const x = answerOf(ra);
      const y = rb ? answerOf(rb) : null;
      if (!x || !y)
        items.push({
          ref: ra.ref,
          indexA: ra.idx,
          indexB: rb?.idx ?? null,
          verdict: 'missing',
          comparison: null,
        });
      else {
        const c = compareAnswers(x, y, settings);
        items.push({ ref: ra.ref, indexA: ra.idx, indexB: rb!.idx, verdict: c.verdict, comparison: c });
      }
    }
    for (const rb of bByRef.values())
      items.push({ ref: rb.ref, indexA: null, indexB: rb.idx, verdict: 'missing', comparison: null });
  } else {
    for (const ra of aRows) {
      const x = answerOf(ra);
      if (!x || ra.base_status === null) {
        items.push({ ref: ra.ref, indexA: ra.idx, indexB: null, verdict: 'missing', comparison: null });
        continue;
      }
      const c = compareAnswers(
        {
          status: ra.base_status,
          headers: JSON.parse(ra.base_headers ?? '[]') as [string, string][],
          body: answerText(ra.base_body ?? Buffer.alloc(0)),
        },
        x,
        settings,
      );
      items.push({ ref: ra.ref, indexA: ra.idx, indexB: null, verdict: c.verdict, comparison: c });
    }
  }
  const counts = { same: 0, changed: 0, missing: 0 };
  for (const it of items) counts[it.verdict]++;
  return { a: a.id, b: input.against ?? null, counts, items: items.slice(0, input.limit) };
}
