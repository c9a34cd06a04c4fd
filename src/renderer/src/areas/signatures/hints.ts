/** What kind of usual mistake a backend hint names, for its callout's title. */
export interface HintKind {
  kind: 'body' | 'newline' | 'encoding' | 'secret' | 'timestamp' | 'scheme' | 'other';
  title: string;
}

const RULES: [RegExp, HintKind][] = [
  [/re-serialized/i, { kind: 'body', title: 'Body re-serialized' }],
  [/trailing newline/i, { kind: 'newline', title: 'Trailing newline' }],
  [/encoded as|uppercase hex/i, { kind: 'encoding', title: 'Hex vs base64' }],
  [/prefix that|lacks the|requires "/i, { kind: 'encoding', title: 'Signature prefix' }],
  [/when the key is|cannot be used/i, { kind: 'secret', title: 'Raw vs decoded secret' }],
  [/timestamp/i, { kind: 'timestamp', title: 'Stale timestamp' }],
  [/scheme|signature header/i, { kind: 'scheme', title: 'Wrong scheme' }],
];

export function classifyHint(text: string): HintKind {
  const found = RULES.find(([re]) => re.test(text))?.[1] ?? { kind: 'other', title: 'Hint' };
  if (found.kind === 'secret' && /cannot be used/i.test(text))
    return { kind: 'secret', title: 'Unusable secret' };
  if (found.kind === 'timestamp' && /milliseconds/i.test(text))
    return { kind: 'timestamp', title: 'Timestamp in milliseconds' };
  if (found.kind === 'timestamp' && /future/i.test(text))
    return { kind: 'timestamp', title: 'Timestamp in the future' };
  return found;
}
