// Well-formedness checks for payloads (JSON, XML), with line and column: pure, so the renderer's
// editor validates live with the same code the core uses.
import { findJsonError } from './json-check';
import { findXmlError } from './xml-check';

/**
 * Checks that a payload is well-formed JSON or XML and, if not, says where (1-based line and
 * column) and what is wrong. Pure: no Node APIs, so it can move to src/shared for the editor.
 */

export type PayloadCheck = { ok: true } | { ok: false; message: string; line: number; column: number };

export function offsetToLineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** The position an engine's JSON.parse message names, if any ("… at position 12"). */
const enginePosition = (message: string): number | undefined => {
  const m = /at position (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
};

export function validatePayload(text: string, format: 'json' | 'xml'): PayloadCheck {
  if (format === 'json') {
    try {
      JSON.parse(text);
      return { ok: true };
    } catch (e) {
      const raw = e instanceof Error ? e.message : String(e);
      const found = findJsonError(text) ?? { message: raw, offset: enginePosition(raw) ?? text.length };
      return { ok: false, message: found.message, ...offsetToLineColumn(text, found.offset) };
    }
  }
  const problem = findXmlError(text);
  return problem
    ? { ok: false, message: problem.message, ...offsetToLineColumn(text, problem.offset) }
    : { ok: true };
}
