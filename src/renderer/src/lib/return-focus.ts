/**
 * Focus back to what opened a dialog when it closes. Radix returns focus to a Dialog.Trigger, but
 * most of our dialogs are opened from state (a button, a menu item, a shortcut) with no Trigger,
 * and focus fell to <body>. Spread on Dialog.Content / AlertDialog.Content: `{...returnFocus}`.
 *
 * The opener is the most recently focused element that is still in the page once the dialog is
 * gone: the button that opened it, the menu's trigger when a menu item did, or the element inside
 * an outer dialog when a confirmation closes over it.
 */
const recent: HTMLElement[] = [];

if (typeof document !== 'undefined')
  document.addEventListener(
    'focusin',
    (e) => {
      if (!(e.target instanceof HTMLElement) || e.target === document.body) return;
      recent.push(e.target);
      if (recent.length > 32) recent.shift();
    },
    true,
  );

export const returnFocus = {
  onCloseAutoFocus(e: Event): void {
    const dialog = e.target instanceof Node ? e.target : null;
    for (let i = recent.length - 1; i >= 0; i--) {
      const el = recent[i];
      if (el.isConnected && !dialog?.contains(el)) {
        e.preventDefault();
        el.focus();
        return;
      }
    }
  },
};
