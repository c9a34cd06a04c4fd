import { useEffect, useState } from 'react';
import { AlertDialog } from 'radix-ui';
import { useStore } from '../store';
import { AlertFrame } from './DialogFrame';

/** A yes/no question in an alert dialog. */
interface Question {
  title: string;
  description: string;
  cancel: string;
  action: string;
  actionClassName: string;
  /** Focus goes back to what opened the question (lib/return-focus). */
  returnFocus: boolean;
}

interface Pending extends Question {
  resolve(ok: boolean): void;
}

let show: ((p: Pending) => void) | null = null;

/** Puts `q` to the user through the one <ConfirmHost /> (in App); null when it is not mounted. */
function ask(q: Question): Promise<boolean> | null {
  if (!show) return null;
  return new Promise((resolve) => show!({ ...q, resolve }));
}

/** Asks "Discard changes?"; resolves true to discard. */
export function askDiscard(): Promise<boolean> {
  return (
    ask({
      title: 'Discard changes?',
      description: 'What you typed in this form has not been saved.',
      cancel: 'Keep editing',
      action: 'Discard',
      actionClassName: 'button danger-fill',
      // As before a shared frame existed: no focus-return hook on the question that guards a form.
      returnFocus: false,
    }) ?? Promise.resolve(window.confirm('Discard changes?'))
  );
}

/**
 * Asks before a destructive action when the user's "Ask before deleting" setting is on;
 * resolves true at once when it is off.
 */
export function confirmDestructive(message: string, action = 'Delete'): Promise<boolean> {
  if (useStore.getState().settings?.confirmDestructive === false) return Promise.resolve(true);
  return (
    ask({
      title: 'Are you sure?',
      description: message,
      cancel: 'Cancel',
      action,
      actionClassName: 'button primary danger-fill',
      returnFocus: true,
    }) ?? Promise.resolve(true)
  );
}

/** Shows the questions of askDiscard and confirmDestructive, one at a time. */
export function ConfirmHost() {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(() => {
    show = (next) =>
      setPending((current) => {
        // A second question while one is up comes from the dialog underneath (its Esc handler can
        // still win for a frame while this one mounts under load): it is a second Esc, which means
        // "no" to both, never a second stacked question.
        if (current) {
          current.resolve(false);
          next.resolve(false);
          return null;
        }
        return next;
      });
    return () => {
      show = null;
    };
  }, []);
  // The last question stays in the frame while it closes.
  const [last, setLast] = useState<Question | null>(null);
  if (pending && pending !== last) setLast(pending);
  const q = pending ?? last;
  const done = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };
  return (
    <AlertFrame
      open={!!pending}
      onOpenChange={(o) => !o && done(false)}
      className="confirm-dialog"
      returnFocus={q?.returnFocus ?? true}
      title={q?.title}
      description={q?.description}
      actions={
        <>
          <AlertDialog.Cancel asChild>
            <button type="button" className="button">
              {q?.cancel}
            </button>
          </AlertDialog.Cancel>
          <AlertDialog.Action asChild>
            <button type="button" className={q?.actionClassName} onClick={() => done(true)}>
              {q?.action}
            </button>
          </AlertDialog.Action>
        </>
      }
    />
  );
}
