import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Area styles cannot leak into each other (docs/architecture.md, "Styles"). Every stylesheet is
 * global once bundled, so the rule is on names:
 *
 * 1. A class styled in `areas/<area>/**\/*.css` belongs to that area: no other area's stylesheet
 *    styles it. Classes meant for every screen live in `styles/` (or a component's stylesheet).
 * 2. An area stylesheet refines a global class only inside a selector that also names a class of
 *    its own (`.ep-form .field`, never `.field` alone), and every selector names a class.
 *
 * The lists below are what existed when the rule came in; they may only shrink (move the class to
 * `styles/`, or rename it to the area's prefix).
 */

const SRC = path.resolve(__dirname, '..', '..', '..', 'src', 'renderer', 'src');
const AREAS = path.join(SRC, 'areas');

/** Rule 1: names styled by more than one area (state words). */
const SHARED_NAMES = new Set([
  'selected',
  'ok',
  'bad',
  'grow',
  'match',
  'form-stack',
  'search-input',
]);

/** Rule 2: selectors of area stylesheets that style global things on every screen. */
const GLOBAL_SELECTORS = new Set([
  'endpoints: .field > .field-error',
  'endpoints: .field .segmented',
  'endpoints: .field input',
  'endpoints: .field select',
  'endpoints: .field textarea',
  'endpoints: .field .segmented input',
  'inbox: kbd',
  'inbox: .icon-button.danger:hover',
  'inbox: .icon-button:disabled',
  'inbox: .button.danger-fill',
  'inbox: .button.danger-fill:hover:not(:disabled)',
  'inbox: .dialog.confirm-dialog',
]);

const walk = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });

/** Splits on top-level commas (not those inside :is(…), :not(…) or [attr="a,b"]). */
function splitList(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const c of selector) {
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Every style rule's selectors (inside @media and @supports too; not keyframe steps). */
function selectorsOf(css: string): string[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  const out: string[] = [];
  const stack: string[] = [];
  let buf = '';
  for (const c of text) {
    if (c === '{') {
      const head = buf.trim();
      buf = '';
      const inKeyframes = stack.some((s) => /^@(-\w+-)?keyframes/.test(s));
      stack.push(head);
      if (!head.startsWith('@') && !inKeyframes) out.push(...splitList(head));
    } else if (c === '}') {
      stack.pop();
      buf = '';
    } else if (c === ';') buf = '';
    else buf += c;
  }
  return out;
}

const classesIn = (selector: string): string[] =>
  [...selector.replace(/\[[^\]]*\]/g, '').matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map((m) => m[1]);

function load() {
  const global = new Set<string>();
  const byArea = new Map<string, { file: string; selector: string }[]>();
  for (const file of walk(SRC).filter((f) => f.endsWith('.css'))) {
    const rel = path.relative(AREAS, file);
    const selectors = selectorsOf(fs.readFileSync(file, 'utf8'));
    if (rel.startsWith('..')) {
      for (const s of selectors) classesIn(s).forEach((c) => global.add(c));
      continue;
    }
    const area = rel.split(path.sep)[0];
    const list = byArea.get(area) ?? [];
    list.push(...selectors.map((selector) => ({ file: path.relative(SRC, file), selector })));
    byArea.set(area, list);
  }
  return { global, byArea };
}

describe('area styles cannot leak into each other', () => {
  const { global, byArea } = load();

  it('reads the selectors of every area stylesheet', () => {
    expect(selectorsOf('@media (x) { .a, .b:is(.c, .d) { color: red } } @keyframes k { from { x: 1 } }')).toEqual([
      '.a',
      '.b:is(.c, .d)',
    ]);
    expect(byArea.size).toBeGreaterThanOrEqual(5);
    expect(global.has('button')).toBe(true);
  });

  it('a class is styled by one area only (or is global, in styles/)', () => {
    const owners = new Map<string, Set<string>>();
    for (const [area, rules] of byArea)
      for (const { selector } of rules)
        for (const c of classesIn(selector)) if (!global.has(c)) (owners.get(c) ?? owners.set(c, new Set()).get(c)!).add(area);
    const clashes = [...owners]
      .filter(([c, areas]) => areas.size > 1 && !SHARED_NAMES.has(c))
      .map(([c, areas]) => `.${c} is styled by ${[...areas].join(' and ')}: prefix it with the area, or move it to styles/`);
    expect(clashes).toEqual([]);
  });

  it('an area refines a global class only inside a class of its own', () => {
    const leaks: string[] = [];
    for (const [area, rules] of byArea)
      for (const { file, selector } of rules) {
        const classes = classesIn(selector);
        if (classes.some((c) => !global.has(c))) continue;
        const key = `${area}: ${selector.replace(/\s+/g, ' ')}`;
        if (!GLOBAL_SELECTORS.has(key)) leaks.push(`${file}: "${selector}" styles every screen; scope it under a class of ${area}`);
      }
    expect(leaks).toEqual([]);
  });
});

// Areas other than the Inbox load as their own chunks; their stylesheets still load with the page,
// in one fixed order, through styles/all-styles.ts. A stylesheet missing there would arrive only
// when its area is first shown, after styles/app.css, and change the cascade.
describe('every stylesheet loads with the page', () => {
  it('styles/all-styles.ts imports every stylesheet under src/renderer/src, and the ones from packages', () => {
    const listed = fs.readFileSync(path.join(SRC, 'styles', 'all-styles.ts'), 'utf8');
    const imported = [...listed.matchAll(/^import '([^']+)';$/gm)].map((m) =>
      m[1].startsWith('.') ? path.resolve(SRC, 'styles', m[1]) : m[1],
    );
    const onDisk = walk(SRC).filter((f) => f.endsWith('.css'));
    expect(onDisk.filter((f) => !imported.includes(f))).toEqual([]);
    const fromPackages = walk(SRC)
      .filter((f) => /\.tsx?$/.test(f))
      .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/^import '([^.'][^']*\.css)';$/gm)].map((m) => m[1]));
    expect(fromPackages.filter((p) => !imported.includes(p))).toEqual([]);
  });
});
