import { useEffect, useState } from 'react';
import { AlertDialog } from 'radix-ui';
import { useStore } from '../../store';
import { returnFocus } from '../../lib/return-focus';
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
    <AlertDialog.Root open={!!pending} onOpenChange={(o) => !o && done(false)}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="dialog-overlay" />
        <AlertDialog.Content {...returnFocus} className="dialog confirm-dialog">
          <AlertDialog.Title asChild>
            <h2>Are you sure?</h2>
          </AlertDialog.Title>
          <AlertDialog.Description className="muted">{pending?.message}</AlertDialog.Description>
          <div className="dialog-actions">
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
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
