import { Plus, X } from 'lucide-react';
import { schemeInfo, type SchemeId } from '../../../../shared/signing';

/** One or more secrets to try, the current one first (rotation overlap). */
export function SecretsField(props: {
  scheme: SchemeId;
  secrets: string[];
  matched?: number;
  onChange(secrets: string[]): void;
}) {
  const { secrets } = props;
  const set = (i: number, v: string) => props.onChange(secrets.map((s, j) => (j === i ? v : s)));
  return (
    <div className="field sig-secrets">
      <span>{secrets.length > 1 ? 'Secrets (tried in order)' : 'Secret'}</span>
      {secrets.map((secret, i) => (
        <div key={i} className="sig-secret-row">
          <input
            className="mono"
            aria-label={`Secret ${i + 1}`}
            value={secret}
            placeholder={i === 0 ? 'The signing secret' : 'An older secret'}
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => set(i, e.target.value)}
          />
          {props.matched === i && <span className="badge badge-ok">matched</span>}
          {secrets.length > 1 && (
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove secret ${i + 1}`}
              title="Remove"
              onClick={() => props.onChange(secrets.filter((_, j) => j !== i))}
            >
              <X size={14} />
            </button>
          )}
        </div>
      ))}
      {secrets.some((s) => s !== s.trim()) && (
        <span className="field-error">
          A secret starts or ends with whitespace (often pasted by accident); it is part of the key.
        </span>
      )}
      <div className="sig-secrets-foot">
        <span className="muted small">{schemeInfo(props.scheme).secretFormat}</span>
        {secrets.length < 20 && (
          <button
            type="button"
            className="button small ghost"
            onClick={() => props.onChange([...secrets, ''])}
          >
            <Plus size={13} /> Add secret
          </button>
        )}
      </div>
    </div>
  );
}
