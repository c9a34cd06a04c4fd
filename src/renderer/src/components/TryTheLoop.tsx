import { useEffect, useState } from 'react';
import { Play, Trash2 } from 'lucide-react';
import { errorMessage } from '../lib/api-error';
import { DEMO_NAME, DEMO_SLUG, removeDemo, startDemo } from '../lib/demo';
import { useStore } from '../store';

async function run(setBusy: (b: boolean) => void, setError: (e: string | null) => void) {
  setBusy(true);
  setError(null);
  try {
    await startDemo();
    const s = useStore.getState();
    s.openInbox(DEMO_SLUG);
    s.navigate('inbox');
  } catch (err) {
    setError(errorMessage(err));
  } finally {
    setBusy(false);
  }
}

/** Starts the demo workspace and opens its inbox, where the loop plays out. */
export function TryTheLoopButton({ primary = false }: { primary?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="try-loop">
      <button
        type="button"
        className={`button ${primary ? 'primary' : ''}`}
        disabled={busy}
        onClick={() => void run(setBusy, setError)}
      >
        <Play size={15} /> {busy ? 'Setting up…' : 'Try the loop'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}

/** Removes everything the demo made, in one click. */
export function RemoveDemoButton() {
  const present = useStore(
    (s) => s.inboxes.some((i) => i.slug === DEMO_SLUG) || s.endpoints.some((e) => e.name === DEMO_NAME),
  );
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const s = useStore.getState();
    void s.loadInboxes();
    void s.loadEndpoints();
  }, []);
  if (!present) return null;
  return (
    <button
      type="button"
      className="button danger"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        try {
          await removeDemo();
          useStore.getState().notify('success', 'Removed the demo’s inbox, endpoint and their history.');
        } catch (err) {
          useStore.getState().notify('error', errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      <Trash2 size={14} /> {busy ? 'Removing…' : 'Remove the demo'}
    </button>
  );
}

/** The same, as a link inside a sentence (empty states). */
export function TryTheLoopLink() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="dx-link" disabled={busy} onClick={() => void run(setBusy, setError)}>
        {busy ? 'setting up the demo…' : 'try the loop'}
      </button>
      {error && (
        <span className="field-error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </>
  );
}
