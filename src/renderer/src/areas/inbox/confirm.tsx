import { useEffect, useState } from 'react';
import { AlertDialog } from 'radix-ui';
import { useStore } from '../../store';
import { AlertFrame } from '../../components/DialogFrame';
import './dialogs.css';

interface Pending {
  message: string;
  action: string;
  resolve(ok: boolean): void;
}

let show: ((p: Pending) => void) | null = null;

/**
 * Asks before a destructive action when the user's "Ask before deleting" setting is on;
 * resolves true at once when it is off. Needs one <ConfirmHost /> on the screen.
 */
export function confirmDestructive(message: string, action = 'Delete'): Promise<boolean> {
  if (useStore.getState().settings?.confirmDestructive === false || !show) return Promise.resolve(true);
  return new Promise((resolve) => show!({ message, action, resolve }));
}

export function ConfirmHost() {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(() => {
    show = setPending;
    return () => {
      show = null;
    };
  }, []);
  const done = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  return (
    <AlertFrame
      open={!!pending}
      onOpenChange={(o) => !o && done(false)}
      className="confirm-dialog"
      title="Are you sure?"
      description={pending?.message}
      actions={
        <>
          <AlertDialog.Cancel asChild>
            <button type="button" className="button">
              Cancel
            </button>
          </AlertDialog.Cancel>
          <AlertDialog.Action asChild>
            <button type="button" className="button primary danger-fill" onClick={() => done(true)}>
              {pending?.action}
            </button>
          </AlertDialog.Action>
        </>
      }
    />
  );
}
