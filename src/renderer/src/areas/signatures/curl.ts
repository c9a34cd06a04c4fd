/** Quotes a string for a POSIX shell. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** A curl command that POSTs the body byte for byte with the given headers. */
export function curlCommand(url: string, headers: [string, string][], body: string): string {
  const lines = [`curl -X POST ${shellQuote(url || 'http://127.0.0.1:7780/default')}`];
  for (const [name, value] of headers) lines.push(`  -H ${shellQuote(`${name}: ${value}`)}`);
  lines.push(`  --data-binary ${shellQuote(body)}`);
  return lines.join(' \\\n');
}

export const CONTENT_TYPES = {
  json: 'application/json',
  xml: 'application/xml',
  text: 'text/plain',
} as const;
