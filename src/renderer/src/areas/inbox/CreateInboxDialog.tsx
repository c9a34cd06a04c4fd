import { useState } from 'react';
import { InboxSlug } from '../../../../shared/receiver';
import { api } from '../../lib/api';
import { errorMessage } from '../../lib/api-error';
import { useStore } from '../../store';
import { DialogFrame } from '../../components/DialogFrame';
import { useDiscardGuard } from '../../components/discard';
import './dialogs.css';

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64);

export function CreateInboxDialog({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugTouched, setSlugTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const effectiveSlug = slugTouched ? slug : slugify(name);
  const guard = useDiscardGuard(true, { name, slug: effectiveSlug }, onClose);
  const parsed = InboxSlug.safeParse(effectiveSlug);
  const slugError = effectiveSlug && !parsed.success ? parsed.error.issues[0].message : null;

  const submit = async () => {
    if (!parsed.success) return setError(parsed.error.issues[0].message);
    setBusy(true);
    try {
      const inbox = await api.inboxes.create({ slug: parsed.data, name: name.trim() || parsed.data });
      const s = useStore.getState();
      await s.loadInboxes();
      s.openInbox(inbox.slug);
      s.notify('success', `Inbox "${inbox.name}" created.`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <DialogFrame onOpenChange={guard.onOpenChange} title="New inbox">
          <form
            className="form-stack"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label className="field">
              <span>Name</span>
              <input
                autoFocus
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="Stripe test account"
              />
            </label>
            <label className="field">
              <span>Slug</span>
              <input
                className="mono"
                value={effectiveSlug}
                onChange={(e) => {
                  setSlugTouched(true);
                  setSlug(e.target.value);
                }}
                placeholder="stripe-test"
                aria-invalid={!!slugError}
              />
              <span className="muted small" style={{ fontWeight: 400 }}>
                The first path segment of its URL; it never changes. Lowercase letters, digits, “-” and “_”.
              </span>
              {slugError && <span className="field-error">{slugError}</span>}
            </label>
            {error && <div className="field-error">{error}</div>}
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => void guard.request()}>
                Cancel
              </button>
              <button
                type="submit"
                className="button primary"
                disabled={busy || !effectiveSlug || !!slugError}
              >
                Create inbox
              </button>
            </div>
          </form>
    </DialogFrame>
  );
}
