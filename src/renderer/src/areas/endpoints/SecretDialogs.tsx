import { useState } from 'react';
import { AlertDialog, Dialog } from 'radix-ui';
import { Check, Copy, KeyRound, TriangleAlert } from 'lucide-react';
import type { Endpoint } from '../../../../shared/dispatcher';
import { schemeInfo } from '../../../../shared/signing';
import { api } from '../../lib/api';
import { reportInboxLink } from './LocalInboxPicker';
import { errorMessage } from '../../lib/api-error';
import { copyText, formatTime } from '../../lib/format';
import { useStore } from '../../store';
import { AlertFrame, DialogFrame, DialogTitle } from '../../components/DialogFrame';

/** The signing secret, shown once after creation or rotation. */
export function SecretReveal() {
  const r = useStore((s) => s.revealedSecret);
  const close = useStore((s) => s.revealSecret);
  const timeFormat = useStore((s) => s.settings?.timeFormat);
  const [copied, setCopied] = useState(false);
  if (!r) return null;
  return (
    <DialogFrame
      onOpenChange={(o) => {
        if (!o) {
          close(null);
          setCopied(false);
        }
      }}
      className="secret-dialog"
      closeButton={false}
      describedBy="secret-desc"
      actions={<Dialog.Close className="button">{copied ? 'Done' : 'I have saved it'}</Dialog.Close>}
    >
      <div className="secret-head">
        <span className="secret-icon">
          <KeyRound size={20} />
        </span>
        <div>
          <DialogTitle>{r.reason === 'created' ? 'Endpoint added' : 'New signing secret'}</DialogTitle>
          <p className="muted small">
            {r.endpointName} · {schemeInfo(r.scheme).label}
          </p>
        </div>
      </div>
      <p id="secret-desc">
        Copy the signing secret now and give it to the receiving side, so it can verify the signatures.
      </p>
      <div className="secret-box">
        <code className="secret-value" aria-label="Signing secret">
          {r.secret}
        </code>
        <button
          type="button"
          className={`button ${copied ? '' : 'primary'}`}
          onClick={async () => {
            if (await copyText(r.secret)) setCopied(true);
            else
              useStore.getState().notify('error', 'Could not copy: select the secret and copy it by hand.');
          }}
        >
          {copied ? <Check size={15} /> : <Copy size={15} />} {copied ? 'Copied' : 'Copy secret'}
        </button>
      </div>
      <div className="callout callout-warn">
        <TriangleAlert size={16} />
        <span>
          <strong>You won’t see it again.</strong> Hookbench keeps it encrypted and only ever shows its first
          and last characters. If you lose it, rotate the secret.
        </span>
      </div>
      {r.previousUntil && (
        <p className="muted small">
          The previous secret keeps signing alongside this one until{' '}
          {formatTime(r.previousUntil, timeFormat === 'relative' ? 'local' : timeFormat)}.
        </p>
      )}
    </DialogFrame>
  );
}

const OVERLAPS = [
  { value: 0, label: 'None: the old secret stops now' },
  { value: 3600, label: '1 hour' },
  { value: 86_400, label: '24 hours (recommended)' },
  { value: 7 * 86_400, label: '7 days' },
];

/** Rotate: choose how long the previous secret keeps signing, then show the new one. */
export function RotateDialog(props: { endpoint: Endpoint | null; onClose(): void }) {
  const ep = props.endpoint;
  const [overlap, setOverlap] = useState(86_400);
  const [busy, setBusy] = useState(false);
  if (!ep) return null;
  const multi = schemeInfo(ep.signing.scheme).multipleSignatures;
  const rotate = async () => {
    setBusy(true);
    const s = useStore.getState();
    try {
      const res = await api.endpoints.rotateSecret({ id: ep.id, overlapSeconds: multi ? overlap : 0 });
      s.endpointsChanged({ id: res.id, change: 'secret-rotated', endpoint: res });
      reportInboxLink(res.inbox);
      props.onClose();
      s.revealSecret({
        endpointId: res.id,
        endpointName: res.name,
        scheme: res.signing.scheme,
        secret: res.secret,
        reason: 'rotated',
        previousUntil: res.signing.previousSecretExpiresAt,
      });
    } catch (err) {
      s.notify('error', errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <DialogFrame
      onOpenChange={(o) => !o && props.onClose()}
      title={<>Rotate the signing secret of “{ep.name}”</>}
      closeButton={false}
      describedBy="rotate-desc"
      actions={
        <>
          <Dialog.Close className="button">Cancel</Dialog.Close>
          <button type="button" className="button primary" disabled={busy} onClick={rotate}>
            Rotate secret
          </button>
        </>
      }
    >
      <p id="rotate-desc" className="muted">
        A new secret is generated and shown once. Current secret: <code>{ep.signing.secretHint}</code>.
      </p>
      {multi ? (
        <label className="field">
          <span>Keep signing with the previous secret for</span>
          <select value={overlap} onChange={(e) => setOverlap(Number(e.target.value))}>
            {OVERLAPS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <span className="field-hint">
            {schemeInfo(ep.signing.scheme).label} can carry several signatures, so receivers that still have
            the old secret keep verifying during the overlap.
          </span>
        </label>
      ) : (
        <div className="callout callout-warn">
          <TriangleAlert size={16} />
          <span>
            {schemeInfo(ep.signing.scheme).label} carries one signature: the old secret stops working at once.
            Update the receiver right after rotating.
          </span>
        </div>
      )}
    </DialogFrame>
  );
}

/** Asks before something that cannot be undone. */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  text: string;
  action: string;
  onConfirm(): void;
  onCancel(): void;
}) {
  return (
    <AlertFrame
      open={props.open}
      onOpenChange={(o) => !o && props.onCancel()}
      title={props.title}
      description={props.text}
      actions={
        <>
          <AlertDialog.Cancel className="button">Cancel</AlertDialog.Cancel>
          <AlertDialog.Action className="button danger-fill" onClick={props.onConfirm}>
            {props.action}
          </AlertDialog.Action>
        </>
      }
    />
  );
}
