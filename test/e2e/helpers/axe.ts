import path from 'node:path';
import type { Page } from 'playwright';

/** axe-core from the shared install, injected into the page under test. */
const AXE = path.resolve(import.meta.dirname, '../../../node_modules/axe-core/axe.min.js');
/** Moderate rules we hold to as well (issue 14 lists a skipped heading level). */
const ALSO_FAIL = new Set(['heading-order']);

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core over the whole page and returns the violations that fail the check (serious,
 * critical, and the rules in ALSO_FAIL), each formatted for a report with where it was seen.
 */
export async function audit(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ path: AXE });
  // Let transitions and debounced renders settle so colours are final.
  await page.waitForTimeout(150);
  const found: Finding[] = await page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const r = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes
        .slice(0, 6)
        .map(
          (n: any) =>
            `${n.target.join(' ')} — ${(n.any[0]?.message ?? n.failureSummary ?? '').slice(0, 180)}`,
        ),
    }));
  });
  return found
    .filter((f) => f.impact === 'serious' || f.impact === 'critical' || ALSO_FAIL.has(f.id))
    .map((f) => `[${where}] ${f.impact} ${f.id}: ${f.help}\n    ${f.nodes.join('\n    ')}`);
}
