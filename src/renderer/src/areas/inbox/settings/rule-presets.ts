import type { ResponseSpec, RuleAction } from '../../../../../shared/receiver';

const JSON_CT: [string, string][] = [['Content-Type', 'application/json']];
const spec = (status: number, body: string, headers: [string, string][] = JSON_CT): ResponseSpec => ({
  status,
  headers,
  body,
  delayMs: 0,
});

/** The rules the Add rule menu offers, and the first action of each type. */
export const PRESETS: { label: string; name: string; action: RuleAction }[] = [
  {
    label: '500, 500, then 200 (retry test)',
    name: 'Fail twice, then succeed',
    action: {
      type: 'sequence',
      after: 'repeat-last',
      per: 'inbox',
      steps: [
        spec(500, '{"error":"try again"}'),
        spec(500, '{"error":"try again"}'),
        spec(200, '{"ok":true}'),
      ],
    },
  },
  {
    label: '429 with Retry-After',
    name: 'Rate limited',
    action: {
      type: 'respond',
      ...spec(429, '{"error":"rate limited"}', [...JSON_CT, ['Retry-After', '30']]),
    },
  },
  { label: '410 Gone (unsubscribe)', name: 'Gone', action: { type: 'respond', ...spec(410, '') } },
  {
    label: 'Redirect',
    name: 'Redirect',
    action: { type: 'redirect', status: 302, location: 'https://example.com/', delayMs: 0 },
  },
  { label: 'Hang until the client times out', name: 'Hang', action: { type: 'hang' } },
  { label: 'Drop the connection', name: 'Drop', action: { type: 'drop', delayMs: 0 } },
  { label: 'Custom answer', name: 'Custom answer', action: { type: 'respond', ...spec(200, '{"ok":true}') } },
];

export const ACTION_LABEL: Record<RuleAction['type'], string> = {
  respond: 'Answer',
  sequence: 'Sequence',
  redirect: 'Redirect',
  hang: 'Hang',
  drop: 'Drop connection',
};

export function defaultAction(type: RuleAction['type']): RuleAction {
  return PRESETS.find((p) => p.action.type === type)!.action;
}
