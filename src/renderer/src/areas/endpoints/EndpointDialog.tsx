import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { Endpoint } from '../../../../shared/dispatcher';
import { api } from '../../lib/api';
import { ApiError, errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import {
  createInput,
  draftFrom,
  emptyDraft,
  updateInput,
  validateDraft,
  type EndpointDraft,
  type FieldErrors,
} from './endpoint-form';
import { DeliveryPart, GeneralPart, RequestPart, SigningPart } from './EndpointFormFields';
import { localInboxAt, reportInboxLink } from './LocalInboxPicker';
import { DialogCloseX, DialogFrame, DialogTitle } from '../../components/DialogFrame';
import { askDiscard } from '../../components/confirm';
import { revealFirstError, userIssue, userWords } from '../../lib/field-errors';
import './endpoint-dialog.css';

/**
 * Unsaved drafts, per dialog ("new" or the endpoint's id), kept in memory until saved or
 * discarded: Esc or a click outside closes the dialog and keeps what was typed.
 */
const keptDrafts = new Map<string, EndpointDraft>();
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** The endpoint as the list keeps it: the secret shown once and the inbox link are not part of it. */
const withoutSecret = ({
  secret: _secret,
  inbox: _inbox,
  ...endpoint
}: Endpoint & { secret?: string; inbox?: unknown }): Endpoint => endpoint;

/** Create or edit an endpoint: every field of the contract, checked as you type after the first try. */
export function EndpointDialog(props: { open: boolean; endpoint: Endpoint | null; onClose(): void }) {
  const { open, endpoint, onClose } = props;
  const [draft, setDraft] = useState<EndpointDraft>(emptyDraft);
  const [tried, setTried] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [restored, setRestored] = useState(false);
  const fresh = useRef<string>('');
  const bodyRef = useRef<HTMLDivElement>(null);
  const key = endpoint?.id ?? 'new';
  const loadCatalog = useStore((s) => s.loadCatalog);
  const catalogLoaded = useStore((s) => s.catalogLoaded);

  useEffect(() => {
    if (!open) return;
    const start = endpoint ? draftFrom(endpoint) : emptyDraft();
    fresh.current = JSON.stringify(start);
    const kept = keptDrafts.get(endpoint?.id ?? 'new');
    setDraft(kept ?? start);
    setRestored(!!kept);
    setTried(false);
    setServerErrors({});
    setFormError(null);
    // Only when the dialog opens (or opens on another endpoint): a list refresh that brings a new
    // copy of the same endpoint must not reset what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, endpoint?.id]);
  useEffect(() => {
    if (open && !catalogLoaded) void loadCatalog();
  }, [open, catalogLoaded, loadCatalog]);

  const dirty = open && JSON.stringify(draft) !== fresh.current;
  /** Esc, a click outside, ×: close and keep the draft for next time. */
  const closeKeeping = () => {
    if (dirty) keptDrafts.set(key, draft);
    else keptDrafts.delete(key);
    onClose();
  };
  /** Cancel: the draft goes, after asking when something was typed. */
  const discard = async () => {
    if (dirty && !(await askDiscard())) return;
    keptDrafts.delete(key);
    onClose();
  };

  const localErrors = useMemo(() => (tried ? validateDraft(draft) : {}), [tried, draft]);
  const errors = { ...serverErrors, ...localErrors };
  const set = (patch: Partial<EndpointDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerErrors({});
    setFormError(null);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    const problems = validateDraft(draft);
    const count = Object.keys(problems).length;
    if (count) {
      setFormError(
        count === 1
          ? 'One field needs a look (shown above, in red) before the endpoint can be saved.'
          : `${count} fields need a look (shown above, in red) before the endpoint can be saved.`,
      );
      revealFirstError(bodyRef.current);
      return;
    }
    setSaving(true);
    const s = useStore.getState();
    try {
      if (!endpoint) {
        // At one of Hookbench's own inboxes: that inbox verifies the endpoint's signatures.
        const verifyAtInbox = !!localInboxAt(draft.url);
        const created = await api.endpoints.create({
          ...createInput(draft),
          ...(verifyAtInbox ? { verifyAtInbox } : {}),
        });
        s.endpointsChanged({ id: created.id, change: 'created', endpoint: withoutSecret(created) });
        s.revealSecret({
          endpointId: created.id,
          endpointName: created.name,
          scheme: created.signing.scheme,
          secret: created.secret,
          reason: 'created',
          previousUntil: null,
        });
        reportInboxLink(created.inbox);
      } else {
        const { input } = updateInput(draft, endpoint);
        // The inbox follows when the endpoint is newly pointed at it or its signing changes.
        const verifyAtInbox =
          !!localInboxAt(draft.url) && (draft.url.trim() !== endpoint.url || !!input.signing);
        const updated = await api.endpoints.update({ ...input, ...(verifyAtInbox ? { verifyAtInbox } : {}) });
        if (updated.secret) {
          // A new scheme made a new secret: shown this once.
          s.revealSecret({
            endpointId: updated.id,
            endpointName: updated.name,
            scheme: updated.signing.scheme,
            secret: updated.secret,
            reason: 'rotated',
            previousUntil: null,
          });
        } else s.notify('success', `Saved “${updated.name}”.`);
        reportInboxLink(updated.inbox);
        s.endpointsChanged({ id: updated.id, change: 'updated', endpoint: withoutSecret(updated) });
      }
      keptDrafts.delete(key);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.issues?.length) {
        const byField: FieldErrors = {};
        for (const i of err.issues) byField[String(i.path[0] ?? 'form')] ??= capitalize(userWords(i.message));
        setServerErrors(byField);
        setFormError(err.issues.slice(0, 2).map(userIssue).join(' '));
        revealFirstError(bodyRef.current);
      } else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  const parts = { d: draft, set, errors, editing: !!endpoint };
  return (
    <DialogFrame
      open={open}
      onOpenChange={(o) => !o && closeKeeping()}
      className="endpoint-dialog"
      closeButton={false}
    >
      <form onSubmit={submit} noValidate className="endpoint-form">
        <header className="endpoint-dialog-head">
          <DialogTitle>{endpoint ? `Edit “${endpoint.name}”` : 'Add endpoint'}</DialogTitle>
          <DialogCloseX className="icon-button" />
        </header>
        <div className="endpoint-dialog-body" ref={bodyRef}>
          <GeneralPart {...parts} />
          <RequestPart {...parts} />
          <SigningPart {...parts} />
          <DeliveryPart {...parts} />
        </div>
        <footer className="endpoint-dialog-foot">
          {formError ? (
            <span className="field-error" role="alert">
              {formError}
            </span>
          ) : restored && dirty ? (
            <span className="muted small draft-note">
              Your unsaved draft is back.{' '}
              <button
                type="button"
                className="dx-link"
                onClick={() => {
                  keptDrafts.delete(key);
                  setDraft(JSON.parse(fresh.current) as EndpointDraft);
                  setRestored(false);
                }}
              >
                Discard draft
              </button>
            </span>
          ) : (
            <span className="muted small">
              {endpoint
                ? 'Changes apply to the next attempt.'
                : 'The signing secret is shown once, right after you add the endpoint.'}
            </span>
          )}
          <div className="dialog-actions">
            <button className="button" type="button" onClick={() => void discard()}>
              Cancel
            </button>
            <button className="button primary" type="submit" disabled={saving}>
              {saving ? 'Saving…' : endpoint ? 'Save changes' : 'Add endpoint'}
            </button>
          </div>
        </footer>
      </form>
    </DialogFrame>
  );
}
