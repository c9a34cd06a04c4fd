import { useEffect, useRef, useState } from 'react';
import { AlertDialog } from 'radix-ui';
import { AlertFrame } from './DialogFrame';

interface Pending {
  resolve(discard: boolean): void;
}

let show: ((p: Pending) => void) | null = null;

/** Asks "Discard changes?"; resolves true to discard. Needs the one <DiscardHost /> (in App). */
export function askDiscard(): Promise<boolean> {
  if (!show) return Promise.resolve(window.confirm('Discard changes?'));
  return new Promise((resolve) => show!({ resolve }));
}

/**
 * Closing a dialog with a form never throws away typed work by surprise: when the form differs
 * from what it opened with, Esc, a click outside, × and Cancel ask "Discard changes?" first.
 * `dirty` is compared by value (JSON) against `baseline` when given, else against the first value
 * seen while the dialog is open.
 * Use: `const guard = useDiscardGuard(open, value, onClose)` and
 * `<Dialog.Root open onOpenChange={guard.onOpenChange}>`, Cancel calls `guard.request()`; after a
 * save, call onClose directly.
 */
export function useDiscardGuard(open: boolean, value: unknown, close: () => void, baseline?: unknown) {
  const initial = useRef<string | null>(null);
  const json = JSON.stringify(value ?? null);
  if (!open) initial.current = null;
  else if (initial.current === null) initial.current = json;
  const start = baseline === undefined ? initial.current : JSON.stringify(baseline);
  const dirty = open && start !== null && start !== json;
  const request = async () => {
    if (!dirty || (await askDiscard())) close();
  };
  return {
    dirty,
    request,
    onOpenChange(next: boolean) {
      if (!next) void request();
    },
    /** Treat the current value as the starting point (after it was loaded or saved). */
    reset() {
      initial.current = json;
    },
  };
}

export function DiscardHost() {
  const [pending, setPending] = useState<Pending | null>(null);
  useEffect(() => {
    show = (next) =>
      setPending((current) => {
        // A second close request while the question is up comes from the dialog underneath
        // (its Esc handler can still win for a frame while this one mounts under load): it is a
        // second Esc, which means "keep editing", never a second stacked question.
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
  const done = (discard: boolean) => {
    pending?.resolve(discard);
    setPending(null);
  };
  return (
    <AlertFrame
      open={!!pending}
      onOpenChange={(o) => !o && done(false)}
      className="confirm-dialog"
      // As before this frame existed: no focus-return hook on the question that guards a form.
      returnFocus={false}
      title="Discard changes?"
      description="What you typed in this form has not been saved."
      actions={
        <>
          <AlertDialog.Cancel asChild>
            <button type="button" className="button">
              Keep editing
            </button>
          </AlertDialog.Cancel>
          <AlertDialog.Action asChild>
            <button type="button" className="button danger-fill" onClick={() => done(true)}>
              Discard
            </button>
          </AlertDialog.Action>
        </>
      }
    />
  );
}
