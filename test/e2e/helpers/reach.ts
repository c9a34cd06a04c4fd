/// <reference lib="dom" />
import type { Locator, Page } from 'playwright';

/**
 * Whether a control can be reached and clicked by a person: after scrolling only the containers a
 * person can scroll (overflow auto/scroll), its centre is inside the viewport and the topmost
 * element there (document.elementFromPoint) is the control or inside it. Scrolling a container
 * that clips (overflow hidden) or the whole window does not count: nobody can do that.
 * Returns null when reachable, else what is wrong.
 */
export async function unreachable(locator: Locator, opts: { scroll?: boolean } = {}): Promise<string | null> {
  return locator.evaluate((el, scroll) => {
    const describe = (n: Element | null) =>
      n
        ? `${n.tagName.toLowerCase()}${n.id ? '#' + n.id : ''}${typeof n.className === 'string' && n.className ? '.' + n.className.trim().split(/\s+/).join('.') : ''} “${(n.textContent ?? '').trim().slice(0, 40)}”`
        : 'nothing';
    const saved: [Element, number, number][] = [];
    for (let a: Element | null = el.parentElement; a; a = a.parentElement)
      saved.push([a, a.scrollLeft, a.scrollTop]);
    try {
      return check();
    } finally {
      // Leave the page as it was, so that one check does not change the next.
      for (const [a, left, top] of saved) a.scrollTo(left, top);
    }
    function stickyOf(n: Element): Element | null {
      for (let a: Element | null = n; a; a = a.parentElement)
        if (getComputedStyle(a).position === 'sticky') return a;
      return null;
    }
    function check(): string | null {
      if (scroll) el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      // Any scroll that a person could not have made is a failure.
      for (let a: Element | null = el.parentElement; a; a = a.parentElement) {
        const cs = getComputedStyle(a);
        const userX = /(auto|scroll)/.test(cs.overflowX);
        const userY = /(auto|scroll)/.test(cs.overflowY);
        if (a === document.documentElement || a === document.body) {
          if (a.scrollLeft || a.scrollTop)
            return `the whole window had to scroll to show it (${describe(a)})`;
          continue;
        }
        if ((a.scrollLeft && !userX) || (a.scrollTop && !userY))
          return `it is clipped by ${describe(a)}, which cannot be scrolled (overflow ${cs.overflowX}/${cs.overflowY})`;
      }
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return 'it has no size';
      const x = r.left + Math.min(r.width / 2, 8 + r.width / 4);
      const y = r.top + r.height / 2;
      if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight)
        return `it is outside the ${window.innerWidth}x${window.innerHeight} window (at ${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)})`;
      if (r.right > window.innerWidth + 1 || r.bottom > window.innerHeight + 1)
        return `it is cut by the window edge (right ${Math.round(r.right)}, bottom ${Math.round(r.bottom)})`;
      let hit = document.elementFromPoint(x, y);
      // A bar pinned (position: sticky) over the end of a pane: a person scrolls a little further.
      const pinned = hit && !el.contains(hit) ? stickyOf(hit) : null;
      if (scroll && pinned) {
        for (let a: Element | null = el.parentElement; a; a = a.parentElement)
          if (a.contains(pinned) && /(auto|scroll)/.test(getComputedStyle(a).overflowY)) {
            const p = pinned.getBoundingClientRect();
            a.scrollTop += p.top > r.top ? r.bottom - p.top + 4 : -(p.bottom - r.top + 4);
            break;
          }
        const r2 = el.getBoundingClientRect();
        hit = document.elementFromPoint(
          r2.left + Math.min(r2.width / 2, 8 + r2.width / 4),
          r2.top + r2.height / 2,
        );
      }
      if (!hit || !(hit === el || el.contains(hit) || (el instanceof HTMLLabelElement && el.control === hit)))
        return `${describe(hit)} covers it`;
      return null;
    }
  }, opts.scroll ?? true);
}

/** Every control a person may use in a region: buttons, links, fields, tabs. */
export async function controlsIn(page: Page, scope: string): Promise<Locator[]> {
  const all = page
    .locator(scope)
    .locator('button, a[href], input:not([type=hidden]), select, textarea, [role=tab]');
  const out: Locator[] = [];
  for (const l of await all.all())
    if (
      (await l.isVisible()) &&
      // Radix's hidden form inputs behind switches and selects are not controls a person sees.
      !(await l.evaluate((el) => !!el.closest('[aria-hidden=true]') || getComputedStyle(el).opacity === '0'))
    )
      out.push(l);
  return out;
}

/** Describes a control for a failure message. */
export async function nameOf(l: Locator): Promise<string> {
  return l.evaluate((el) => {
    const label =
      el.getAttribute('aria-label') ||
      (el as HTMLInputElement).placeholder ||
      (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 50) ||
      el.getAttribute('title') ||
      '';
    return `${el.tagName.toLowerCase()} “${label}”`;
  });
}
