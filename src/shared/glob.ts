/** Longest glob a rule may hold; longer patterns are refused at the boundary. */
export const MAX_GLOB_LENGTH = 1024;

/**
 * A case-insensitive glob where `*` matches any run of characters (no other wildcards). Matching
 * never backtracks: the text between stars must appear in order, each part at its leftmost place
 * (which is always a correct choice for `*`-only patterns), the first part as a prefix and the
 * last as a suffix. Time is linear in the subject per part, whatever the pattern; no regular
 * expression is built from user input.
 */
export function compileGlob(glob: string): (subject: string) => boolean {
  const parts = glob.toLowerCase().split('*');
  if (parts.length === 1) {
    const exact = parts[0];
    return (s) => s.toLowerCase() === exact;
  }
  const first = parts[0];
  const last = parts[parts.length - 1];
  const middle = parts.slice(1, -1).filter((p) => p.length > 0);
  const minLength = first.length + last.length + middle.reduce((n, p) => n + p.length, 0);
  return (subject) => {
    const s = subject.toLowerCase();
    if (s.length < minLength || !s.startsWith(first) || !s.endsWith(last)) return false;
    let at = first.length;
    const end = s.length - last.length;
    for (const p of middle) {
      const i = s.indexOf(p, at);
      if (i === -1 || i + p.length > end) return false;
      at = i + p.length;
    }
    return true;
  };
}
