/**
 * "Skip to content": the first stop of the Tab order; moves focus past the navigation to the
 * screen's main region (the hash router owns location.hash, so this focuses instead of linking).
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="skip-link"
      onClick={(e) => {
        e.preventDefault();
        const main = document.querySelector<HTMLElement>('main');
        if (!main) return;
        if (!main.hasAttribute('tabindex')) main.tabIndex = -1;
        main.focus();
      }}
    >
      Skip to content
    </a>
  );
}
