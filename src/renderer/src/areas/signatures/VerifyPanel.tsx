import { useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SigningVerifyInput } from '../../../../shared/contract/signing';
import { parseHeaderBlock } from '../../../../shared/signing';
import { Field } from '../../components/Field';
import { useStore } from '../../store';
import { guessLanguage } from '../../store/signatures-slice';
import { BodyField } from './BodyField';
import { customForApi } from './custom-draft';
import { splitRawRequest } from './raw-request';
import { SchemeFields } from './SchemeFields';
import { SecretsField } from './SecretsField';
import { signing } from './signing-client';
import { useLive } from './use-live';
import { isoSeconds, VerdictPanel } from './VerdictPanel';

export function VerifyPanel() {
  const d = useStore(useShallow((s) => s.verifyDraft));
  const update = useStore((s) => s.updateVerifyDraft);
  const [splitNote, setSplitNote] = useState<string | null>(null);
  // Bumped when a paste into the body editor is rewritten (split): the editor is rebuilt with the
  // new text, since it only follows value changes and the rewritten body may equal the old value.
  const [editorRev, setEditorRev] = useState(0);

  const parsed = useMemo(() => {
    try {
      return { headers: parseHeaderBlock(d.headers), error: null };
    } catch (err) {
      return { headers: null, error: (err as Error).message };
    }
  }, [d.headers]);

  // Empty secret fields are skipped; numbers[i] is the field number of the i-th secret sent.
  const numbers = d.secrets.flatMap((s, i) => (s === '' ? [] : [i + 1]));
  const typed = d.body !== '' || d.headers.trim() !== '';
  // A check without a secret cannot say anything: say what is missing, not a red "Invalid" verdict.
  // (Headers without the signature header get the "not signed" verdict, which names the header.)
  const missing: string[] = [];
  if (typed && numbers.length === 0)
    missing.push(d.secrets.length > 1 ? 'a secret: every secret field is empty' : 'the secret: the Secret field is empty');
  const input: SigningVerifyInput | null =
    parsed.headers && missing.length === 0 && (d.body !== '' || parsed.headers.length > 0)
      ? {
          scheme: d.scheme,
          secrets: d.secrets.filter((s) => s !== ''),
          body: d.body,
          bodyEncoding: d.bodyEncoding,
          headers: parsed.headers,
          toleranceSeconds: d.toleranceSeconds,
          ...(d.at !== null ? { now: d.at } : {}),
          ...(d.scheme === 'custom' ? { custom: customForApi(d.custom) } : {}),
        }
      : null;
  const live = useLive(input, signing.verify);

  const onHeaders = (text: string) => {
    const split = splitRawRequest(text);
    if (split) {
      update({
        headers: split.headers,
        body: split.body,
        bodyEncoding: 'utf8',
        bodyLocked: false,
        language: guessLanguage(split.body),
      });
      setSplitNote(split.note);
    } else {
      update({ headers: text });
      if (text === '') setSplitNote(null);
    }
  };

  // A whole request pasted into the body editor (it starts with "POST /path HTTP/1.1") is split too.
  const onBody = (body: string) => {
    const split = /^[A-Z]+ \S+ HTTP\/\d/.test(body) ? splitRawRequest(body) : null;
    if (split) {
      update({ headers: split.headers, body: split.body, language: guessLanguage(split.body) });
      setSplitNote(split.note);
      setEditorRev((r) => r + 1);
    } else {
      update({ body });
    }
  };

  return (
    <div className="sig-split">
      <div className="sig-inputs">
        <section className="card sig-card" aria-label="Scheme and secrets">
          <SchemeFields draft={d} update={update} />
          <SecretsField
            scheme={d.scheme}
            secrets={d.secrets}
            matched={
              live.result?.matchedSecretIndex !== undefined
                ? (numbers[live.result.matchedSecretIndex] ?? 0) - 1
                : undefined
            }
            onChange={(secrets) => update({ secrets })}
          />
          <div className="sig-inline">
            <Field label="Tolerance (seconds)">
              <input
                type="number"
                aria-label="Tolerance (seconds)"
                min={0}
                value={d.toleranceSeconds}
                onChange={(e) =>
                  update({ toleranceSeconds: Math.max(0, Math.floor(Number(e.target.value) || 0)) })
                }
              />
            </Field>
            <Field label="Verify at" group>
              {d.at === null ? (
                <span className="muted small sig-at">now</span>
              ) : (
                <span className="small sig-at">
                  <span className="mono">{isoSeconds(d.at)}</span>
                  <button type="button" className="button small ghost" onClick={() => update({ at: null })}>
                    Use now
                  </button>
                </span>
              )}
            </Field>
          </div>
        </section>
        <section className="card sig-card" aria-label="Request">
          <BodyField
            label="Body"
            value={d.body}
            language={d.language}
            onChange={onBody}
            revision={editorRev}
            onLanguage={(language) => update({ language })}
            placeholder="Paste the raw request body exactly as it arrived"
            locked={
              d.bodyLocked
                ? {
                    encoding: d.bodyEncoding,
                    onUnlock: (text) => update({ body: text, bodyEncoding: 'utf8', bodyLocked: false }),
                  }
                : undefined
            }
          />
          <Field label="Headers">
            <textarea
              className="sig-headers"
              aria-label="Headers"
              value={d.headers}
              rows={7}
              spellCheck={false}
              placeholder={
                'X-Hub-Signature-256: sha256=…\nContent-Type: application/json\n\nOne "Name: value" per line, or paste a whole raw HTTP request.'
              }
              onChange={(e) => onHeaders(e.target.value)}
            />
            {parsed.error ? (
              <span className="field-error" role="alert">
                {parsed.error}
              </span>
            ) : splitNote ? (
              <span className="muted small">{splitNote}</span>
            ) : (
              parsed.headers &&
              parsed.headers.length > 0 && (
                <span className="muted small">
                  {parsed.headers.length} header{parsed.headers.length === 1 ? '' : 's'}
                </span>
              )
            )}
          </Field>
        </section>
      </div>
      <div className="sig-output" aria-live="polite">
        <VerdictPanel
          missing={missing}
          report={input ? live.result : null}
          error={live.error}
          pending={live.pending}
          secretNumbers={numbers}
          toleranceSeconds={d.toleranceSeconds}
        />
      </div>
    </div>
  );
}
