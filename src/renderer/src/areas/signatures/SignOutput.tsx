import type { ReactNode } from 'react';
import { KeyRound, LoaderCircle } from 'lucide-react';
import type { SigningSignOutput } from '../../../../shared/contract/signing';
import { CopyButton } from '../../components/controls';
import { curlCommand } from './curl';
import { SignedContent } from './SignedContent';

/** The headers to send, the signed string and a curl command. */
export function SignOutput(props: {
  result: SigningSignOutput | null;
  error: string | null;
  pending: boolean;
  hasSecret: boolean;
  body: string;
  contentType: string;
  url: string;
  onUrl(url: string): void;
  /** Shown in the headers card's title bar (Send to Verify). */
  actions?: ReactNode;
}) {
  const { result } = props;
  if (props.error) {
    return (
      <div className="card sig-verdict sig-verdict-error" role="alert">
        <div>
          <h2>Cannot sign</h2>
          <p>{props.error}</p>
        </div>
      </div>
    );
  }
  if (!result) {
    return (
      <div className="card sig-empty">
        <KeyRound size={28} strokeWidth={1.5} />
        <p>
          {props.hasSecret
            ? 'Signing…'
            : 'Enter or generate a secret: the headers to send appear here as you type.'}
        </p>
      </div>
    );
  }
  const all: [string, string][] = [['Content-Type', props.contentType], ...result.headers];
  const block = all.map(([n, v]) => `${n}: ${v}`).join('\n');
  return (
    <div className="sig-result" data-pending={props.pending || undefined}>
      <section className="card sig-headers-out" aria-label="Headers to send">
        <div className="sig-signed-head">
          <h3>Headers to send</h3>
          {props.pending && <LoaderCircle size={14} className="sig-spin" aria-label="Signing" />}
          <CopyButton text={block} label="Copy all headers" />
          {props.actions}
        </div>
        <table className="table">
          <tbody>
            {all.map(([name, value]) => (
              <tr key={name} data-testid="signed-header">
                <td className="mono sig-hname">{name}</td>
                <td className="mono lab-value">{value}</td>
                <td className="sig-hcopy">
                  <CopyButton text={value} label={`Copy ${name}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <SignedContent text={result.signedContent} />
      <section className="card sig-curl" aria-label="curl command">
        <div className="sig-signed-head">
          <h3>curl</h3>
          <input
            aria-label="Target URL"
            className="mono sig-url"
            value={props.url}
            spellCheck={false}
            onChange={(e) => props.onUrl(e.target.value)}
          />
          <CopyButton text={curlCommand(props.url, all, props.body)} label="Copy curl command" />
        </div>
        <pre className="mono" data-testid="curl" tabIndex={0} role="region" aria-label="curl command">
          {curlCommand(props.url, all, props.body)}
        </pre>
      </section>
    </div>
  );
}
