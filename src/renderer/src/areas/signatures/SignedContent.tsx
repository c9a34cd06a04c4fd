import { CopyButton } from '../../components/controls';

/** The exact string that was signed, whitespace made visible at the end where it matters. */
export function SignedContent({ text }: { text: string }) {
  const bytes = new TextEncoder().encode(text).length;
  const trailing = /\r?\n$/.test(text) ? (text.endsWith('\r\n') ? 'ends with CRLF' : 'ends with a newline') : 'no trailing newline';
  return (
    <section className="card sig-signed" aria-label="Signed content">
      <div className="sig-signed-head">
        <h3>Signed content</h3>
        <span className="muted small">
          {bytes} bytes · {trailing}
        </span>
        <CopyButton text={text} label="Copy signed content" />
      </div>
      <pre className="mono" data-testid="signed-content">
        {text}
        {/\n$/.test(text) && <span className="sig-eol">⏎</span>}
      </pre>
    </section>
  );
}
