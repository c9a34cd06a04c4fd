import { useRef } from 'react';
import { askDiscard } from './confirm';

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
