import { CopyButton } from '../../components/controls';

const TRUNCATED = /\n… \[truncated: (\d+) more characters not shown\]$/;

/** The exact string that was signed, whitespace made visible at the end where it matters. */
export function SignedContent({ text }: { text: string }) {
  const cut = TRUNCATED.exec(text);
  const shown = cut ? text.slice(0, cut.index) : text;
  const bytes = new TextEncoder().encode(shown).length;
  const trailing = /\r?\n$/.test(shown)
    ? shown.endsWith('\r\n')
      ? 'ends with CRLF'
      : 'ends with a newline'
    : 'no trailing newline';
  return (
    <section className="card sig-signed" aria-label="Signed content">
      <div className="sig-signed-head">
        <h3>Signed content</h3>
        <span className="muted small">
          {cut ? `first ${shown.length} characters shown` : `${bytes} bytes · ${trailing}`}
        </span>
        <CopyButton text={shown} label={cut ? 'Copy the part shown' : 'Copy signed content'} />
      </div>
      <pre className="mono" data-testid="signed-content" tabIndex={0} role="region" aria-label="Signed content">
        {shown}
        {!cut && /\n$/.test(shown) && <span className="sig-eol">⏎</span>}
      </pre>
      {cut && <p className="muted small sig-truncated">… and {cut[1]} more characters, not shown.</p>}
    </section>
  );
}
