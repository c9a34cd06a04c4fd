import { Lock } from 'lucide-react';
import { CodeEditor } from '../../components/CodeEditor';
import { Segmented } from '../../components/controls';
import { formatBytes } from '../../lib/format';
import type { BodyLanguage } from '../../store/signatures-slice';

const decodeBase64 = (b64: string): Uint8Array =>
  Uint8Array.from(atob(b64.replace(/\s+/g, '')), (c) => c.charCodeAt(0));

/**
 * The body editor with its language switch. A locked body (bytes handed over exactly, with CRs or
 * not UTF-8) is shown read-only, because the editor would normalise line endings; "Edit" unlocks it.
 */
export function BodyField(props: {
  label: string;
  value: string;
  language: BodyLanguage;
  onChange(value: string): void;
  onLanguage(language: BodyLanguage): void;
  locked?: { encoding: 'utf8' | 'base64'; onUnlock(text: string): void };
  placeholder?: string;
  /** Changing it rebuilds the editor from `value`. */
  revision?: number;
}) {
  const { locked } = props;
  let lockedText = props.value;
  let lockedBytes = 0;
  if (locked) {
    const bytes =
      locked.encoding === 'base64' ? decodeBase64(props.value) : new TextEncoder().encode(props.value);
    lockedBytes = bytes.length;
    lockedText = new TextDecoder().decode(bytes);
  }
  return (
    <div className="sig-body-field">
      <div className="sig-field-head">
        <span className="sig-label">{props.label}</span>
        <Segmented
          label={`${props.label} language`}
          value={props.language}
          onChange={props.onLanguage}
          options={[
            { value: 'json', label: 'JSON' },
            { value: 'xml', label: 'XML' },
            { value: 'text', label: 'Text' },
          ]}
        />
      </div>
      {locked && (
        <div className="sig-locked small">
          <Lock size={13} />
          <span>
            Exact bytes as received ({formatBytes(lockedBytes)}
            {locked.encoding === 'base64' ? ', not UTF-8' : ', with CR line endings'}). Editing would change
            them.
          </span>
          <button type="button" className="button small" onClick={() => locked.onUnlock(lockedText)}>
            Edit body
          </button>
        </div>
      )}
      {locked ? (
        <CodeEditor
          key="locked"
          ariaLabel={props.label}
          value={lockedText}
          language={props.language}
          readOnly
          minHeight={220}
        />
      ) : (
        <CodeEditor
          key={`editable-${props.revision ?? 0}`}
          ariaLabel={props.label}
          value={props.value}
          onChange={props.onChange}
          language={props.language}
          placeholder={props.placeholder}
          minHeight={220}
        />
      )}
    </div>
  );
}
