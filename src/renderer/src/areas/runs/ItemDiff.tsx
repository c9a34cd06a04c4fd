import { useMemo } from 'react';
import type { StoredBody } from '../../../../shared/dispatcher-deliveries';
import type { RunItemDetail } from '../../../../shared/replay';
import { diffLines, type LineOp } from '../../../../shared/replay-compare';
import './item-diff.css';

const pretty = (b: StoredBody | undefined): string => {
  if (!b) return '';
  if (b.encoding === 'base64') return `(binary, ${b.size} bytes, base64)\n${b.text}`;
  try {
    return JSON.stringify(JSON.parse(b.text), null, 2);
  } catch {
    return b.text;
  }
};

interface Row {
  left: { n: number; text: string; op: LineOp['op'] } | null;
  right: { n: number; text: string; op: LineOp['op'] } | null;
}

/** Pairs a line diff into side-by-side rows: removed lines face the added lines that replace them. */
function sideBySide(ops: LineOp[]): Row[] {
  const rows: Row[] = [];
  let ln = 0;
  let rn = 0;
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === 'same') {
      ln++;
      rn++;
      rows.push({
        left: { n: ln, text: ops[i].text, op: 'same' },
        right: { n: rn, text: ops[i].text, op: 'same' },
      });
      i++;
      continue;
    }
    const removed: string[] = [];
    const added: string[] = [];
    while (i < ops.length && ops[i].op !== 'same') {
      if (ops[i].op === 'removed') removed.push(ops[i].text);
      else added.push(ops[i].text);
      i++;
    }
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      rows.push({
        left: k < removed.length ? { n: ++ln, text: removed[k], op: 'removed' } : null,
        right: k < added.length ? { n: ++rn, text: added[k], op: 'added' } : null,
      });
    }
  }
  return rows;
}

/** One replayed item next to its baseline: status, compared headers, and the bodies side by side. */
export function ItemDiff({ item }: { item: RunItemDetail }) {
  const base = item.baseline;
  const res = item.response;
  const cmp = item.comparison;
  const rows = useMemo(() => sideBySide(diffLines(pretty(base?.body), pretty(res?.body)).lines), [base, res]);
  const ignoredNote =
    cmp?.body.kind === 'json' && cmp.body.ignored > 0
      ? `${cmp.body.ignored} ignored difference${cmp.body.ignored === 1 ? '' : 's'} (ids, times…)`
      : null;
  return (
    <div className="run-diff" aria-label="Comparison with the baseline">
      <div className="run-diff-head">
        <div className="run-diff-col">
          <div className="run-diff-title">Baseline</div>
          <div className={`mono ${cmp && !cmp.status.same ? 'diff-removed' : ''}`}>
            {base ? `HTTP ${base.status}` : 'No baseline'}
          </div>
        </div>
        <div className="run-diff-col">
          <div className="run-diff-title">
            This replay {item.sentId && <span className="faint small mono">id {item.sentId}</span>}
          </div>
          <div className={`mono ${cmp && !cmp.status.same ? 'diff-added' : ''}`}>
            {res ? `HTTP ${res.status}` : (item.error ?? 'No answer')}
          </div>
        </div>
      </div>
      {cmp &&
        (cmp.headers.length > 0 ||
          (cmp.body.kind === 'json' && cmp.body.changes.length > 0) ||
          ignoredNote) && (
          <div className="run-diff-changes">
            {cmp.headers.map((h) => (
              <span
                key={h.name}
                className="badge badge-warn mono"
                title={`${h.before ?? '(none)'} → ${h.after ?? '(none)'}`}
              >
                header {h.name}: {h.before ?? '(none)'} → {h.after ?? '(none)'}
              </span>
            ))}
            {cmp.body.kind === 'json' &&
              cmp.body.changes.slice(0, 50).map((c) => (
                <span key={c.path + c.kind} className="badge badge-warn mono" data-testid="changed-path">
                  {c.path} {c.kind}
                </span>
              ))}
            {ignoredNote && <span className="badge faint">{ignoredNote}</span>}
          </div>
        )}
      <div className="run-diff-body" role="table" aria-label="Bodies side by side">
        {rows.length === 0 || (rows.length === 1 && !rows[0].left?.text && !rows[0].right?.text) ? (
          <p className="muted pad">Both bodies are empty.</p>
        ) : (
          rows.map((r, i) => (
            <div key={i} className="diff-row" role="row">
              <span className="diff-n">{r.left?.n ?? ''}</span>
              <span className={`diff-cell ${r.left ? `diff-${r.left.op}` : 'diff-blank'}`} role="cell">
                {r.left?.text ?? ''}
              </span>
              <span className="diff-n">{r.right?.n ?? ''}</span>
              <span className={`diff-cell ${r.right ? `diff-${r.right.op}` : 'diff-blank'}`} role="cell">
                {r.right?.text ?? ''}
              </span>
            </div>
          ))
        )}
      </div>
      <details className="run-diff-request">
        <summary>Request as sent ({item.request.headers.length} headers)</summary>
        <pre className="mono small">
          {item.method} {item.url}
          {'\n'}
          {item.request.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}
          {'\n\n'}
          {item.request.body.text.slice(0, 20_000)}
        </pre>
      </details>
    </div>
  );
}
