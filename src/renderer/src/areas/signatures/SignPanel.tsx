import { useState } from 'react';
import { ArrowRightLeft, Clock, KeyRound, RefreshCw } from 'lucide-react';
import { useShallow } from 'zustand/react/shallow';
import type { SigningSignInput } from '../../../../shared/contract/signing';
import { schemeInfo } from '../../../../shared/signing';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { newMessageId, nowSeconds } from '../../store/signatures-slice';
import { BodyField } from './BodyField';
import { customForApi } from './custom-draft';
import { CONTENT_TYPES } from './curl';
import { SchemeFields } from './SchemeFields';
import { SignOutput } from './SignOutput';
import { isoSeconds } from './VerdictPanel';
import { signing } from './signing-client';
import { useLive } from './use-live';

export function SignPanel() {
  const d = useStore(useShallow((s) => s.signDraft));
  const update = useStore((s) => s.updateSignDraft);
  const notify = useStore((s) => s.notify);
  const [generating, setGenerating] = useState(false);

  const input: SigningSignInput | null =
    d.secret !== ''
      ? {
          scheme: d.scheme,
          secrets: [d.secret],
          body: d.body,
          ...(d.id.trim() ? { id: d.id.trim() } : {}),
          timestamp: d.timestamp,
          ...(d.scheme === 'custom' ? { custom: customForApi(d.custom) } : {}),
        }
      : null;
  const live = useLive(input, signing.sign);

  const generate = async () => {
    setGenerating(true);
    try {
      update({ secret: await signing.generateSecret(d.scheme) });
    } catch (err) {
      notify('error', `Could not make a secret: ${errorMessage(err)}`);
    } finally {
      setGenerating(false);
    }
  };

  const sendToVerify = () => {
    if (!live.result) return;
    const s = useStore.getState();
    const headers: [string, string][] = [['Content-Type', CONTENT_TYPES[d.language]], ...live.result.headers];
    s.updateVerifyDraft({
      body: d.body,
      bodyEncoding: 'utf8',
      bodyLocked: false,
      language: d.language,
      headers: headers.map(([n, v]) => `${n}: ${v}`).join('\n'),
      scheme: d.scheme,
      custom: d.custom,
      secrets: [d.secret],
      at: null,
    });
    s.setLabMode('verify');
  };

  return (
    <div className="sig-split">
      <div className="sig-inputs">
        <section className="card sig-card" aria-label="Scheme and secret">
          <SchemeFields draft={d} update={update} />
          <div className="field">
            <label htmlFor="sig-sign-secret">Secret</label>
            <div className="sig-secret-row">
              <input
                id="sig-sign-secret"
                className="mono"
                value={d.secret}
                placeholder="The signing secret"
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => update({ secret: e.target.value })}
              />
              <button type="button" className="button" onClick={() => void generate()} disabled={generating}>
                <KeyRound size={14} /> Generate secret
              </button>
            </div>
            {d.secret !== d.secret.trim() && (
              <span className="field-error">
                This secret starts or ends with whitespace, which is part of the key.
              </span>
            )}
            <span className="muted small">{schemeInfo(d.scheme).secretFormat}</span>
          </div>
          <div className="sig-inline">
            <div className="field">
              <label htmlFor="sig-sign-id">Message ID</label>
              <div className="sig-secret-row">
                <input
                  id="sig-sign-id"
                  className="mono"
                  value={d.id}
                  spellCheck={false}
                  onChange={(e) => update({ id: e.target.value })}
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label="New message ID"
                  title="New message ID"
                  onClick={() => update({ id: newMessageId() })}
                >
                  <RefreshCw size={14} />
                </button>
              </div>
            </div>
            <div className="field">
              <label htmlFor="sig-sign-ts">Timestamp (Unix seconds)</label>
              <div className="sig-secret-row">
                <input
                  id="sig-sign-ts"
                  className="mono"
                  inputMode="numeric"
                  value={d.timestamp}
                  onChange={(e) =>
                    update({
                      timestamp: Math.max(0, Math.floor(Number(e.target.value.replace(/\D/g, '')) || 0)),
                    })
                  }
                />
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Timestamp now"
                  title="Now"
                  onClick={() => update({ timestamp: nowSeconds() })}
                >
                  <Clock size={14} />
                </button>
              </div>
              <span className="muted small">{isoSeconds(d.timestamp)}</span>
            </div>
          </div>
        </section>
        <section className="card sig-card" aria-label="Request">
          <BodyField
            label="Body to sign"
            value={d.body}
            language={d.language}
            onChange={(body) => update({ body })}
            onLanguage={(language) => update({ language })}
            placeholder="The exact body you will send"
          />
        </section>
      </div>
      <div className="sig-output" aria-live="polite">
        <SignOutput
          result={live.result}
          error={live.error}
          pending={live.pending}
          hasSecret={d.secret !== ''}
          body={d.body}
          contentType={CONTENT_TYPES[d.language]}
          url={d.url}
          onUrl={(url) => update({ url })}
          actions={
            <button
              type="button"
              className="button small primary sig-send"
              onClick={sendToVerify}
              disabled={live.pending}
            >
              <ArrowRightLeft size={13} /> Send to Verify
            </button>
          }
        />
      </div>
    </div>
  );
}
