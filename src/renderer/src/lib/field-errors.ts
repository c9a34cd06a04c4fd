import type { ApiIssue } from '../../../shared/errors';

/**
 * The contract's (zod's) wording turned into what a person reads next to a field:
 * "Too big: expected number to be <=599" → "must be 599 or less".
 */
export function userWords(message: string): string {
  const m = message.trim();
  let r: RegExpExecArray | null;
  if ((r = /^Too big: expected number to be <=?\s*(-?[\d.]+)/i.exec(m))) return `must be ${r[1]} or less`;
  if ((r = /^Too small: expected number to be >=?\s*(-?[\d.]+)/i.exec(m))) return `must be ${r[1]} or more`;
  if ((r = /^Too big: expected string to have <=?\s*(\d+) characters?/i.exec(m)))
    return `must be at most ${r[1]} characters`;
  if (/^Too small: expected string to have >=?\s*1 characters?/i.test(m)) return 'cannot be empty';
  if ((r = /^Too small: expected string to have >=?\s*(\d+) characters?/i.exec(m)))
    return `must be at least ${r[1]} characters`;
  if ((r = /^Too big: expected array to have <=?\s*(\d+) items?/i.exec(m))) return `can have at most ${r[1]}`;
  if (/^Too small: expected array to have >=?\s*1 items?/i.test(m)) return 'needs at least one';
  if (/expected int, received number/i.test(m) || /expected an integer/i.test(m))
    return 'must be a whole number';
  if (/expected number, received (NaN|string|nan)/i.test(m)) return 'must be a number';
  if (/expected [a-z]+, received undefined/i.test(m)) return 'is required';
  if (/^Invalid URL/i.test(m)) return 'must be a full URL, like https://example.com/hooks';
  if (/^Invalid (option|enum value)/i.test(m)) return 'is not one of the choices';
  if (/^Unrecognized keys?/i.test(m)) return 'is not a setting Hookbench knows';
  return m;
}

const WORDS: Record<string, string> = {
  response: 'Default answer',
  rules: 'Rule',
  status: 'status',
  delayMs: 'delay (ms)',
  headers: 'header',
  body: 'body',
  name: 'Name',
  url: 'URL',
  forwardUrl: 'Forward URL',
  maxBodyBytes: 'Largest body',
  retention: 'Retention',
  maxRequests: 'most requests kept',
  maxAgeDays: 'days kept',
  verify: 'Verification',
  secrets: 'secret',
  toleranceSeconds: 'tolerance (s)',
  topics: 'Topics',
  timeoutMs: 'Timeout',
  retry: 'Retries',
  delays: 'delays',
  payloadTemplate: 'Payload template',
};

/** "response.status" → "Default answer status"; "rules.1.response.status" → "Rule 2 default answer status". */
export function fieldLabel(path: ApiIssue['path']): string {
  const parts: string[] = [];
  for (const p of path) {
    if (typeof p === 'number') parts.push(String(p + 1));
    else parts.push(WORDS[p] ?? p);
  }
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One issue as a sentence a person can act on. */
export const userIssue = (i: ApiIssue): string =>
  i.path.length ? `${fieldLabel(i.path)} ${userWords(i.message)}.` : userWords(i.message);

/**
 * After a failed save: bring the first field that shows an error into view and put the cursor in
 * it, so "Some fields need a look" never points at something off-screen.
 */
export function revealFirstError(root: HTMLElement | null) {
  if (!root) return;
  requestAnimationFrame(() => {
    // The first in the form's order, whichever kind it is.
    const target = root.querySelector<HTMLElement>('[aria-invalid="true"], .field-error');
    if (!target) return;
    const box = target.closest('.field-box, .field, .field-row') ?? target;
    box.scrollIntoView({ block: 'center' });
    // A box taller than the pane: at least the message itself is in view.
    target.scrollIntoView({ block: 'nearest' });
    const control = target.matches('input, select, textarea, button')
      ? target
      : box.querySelector<HTMLElement>('input, select, textarea, [role=combobox], button');
    control?.focus({ preventScroll: true });
  });
}
