import type { Run } from '../../../../shared/replay';

/** What a run's items list shows (a chip of the run's counts). */
export type Filter = 'all' | 'changed' | 'same' | 'failed' | 'not_sent' | 'pending';

export const STATUS_TONE: Record<Run['status'], string> = {
  running: 'badge-accent',
  paused: 'badge-warn',
  completed: 'badge-ok',
  cancelled: 'badge',
  stopped: 'badge-err',
};

export function download(filename: string, mimeType: string, content: string) {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const SIGNING_TEXT: Record<Run['options']['signing']['mode'], string> = {
  endpoint: 're-signed',
  secret: 'signed with a given secret',
  keep: 'captured signatures',
  none: 'unsigned',
};

export function targetText(run: Run): string {
  const t = run.target;
  if (t.type === 'url') return `${t.baseUrl}${t.stripPrefix ? ` (without ${t.stripPrefix})` : ''}`;
  if (t.type === 'inbox') return `inbox /${t.slug}/`;
  return 'original endpoints';
}
