import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../src/shared/contract';

/**
 * Contract coverage: every method and event of the contract should be exercised by at least one
 * test *through a host* — the HTTP host (`startHttpHost`, `hookbench serve` via `startServe`) or the
 * Electron IPC loop (`registerIpcHandlers`, the Electron smoke test), directly or through the shared
 * set-ups that start them (`useHttpHost`, `useServedBrowser`) — not only by `core.call`.
 *
 * The check is static: a method or event counts as exercised when its name appears as a string
 * literal in a test file that drives a host. The contract's names are read at run time, so a
 * method added to the contract is checked the moment it exists. Calls a browser test makes only
 * by clicking through the UI are not seen; name the method in that test (e.g. assert on its
 * result through the API helper) to count it.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const TEST_DIR = path.join(ROOT, 'test');
/** What marks a test file as driving a host rather than the core directly. */
const HOST_MARKERS = /\b(startHttpHost|startServe|useHttpHost|useServedBrowser|registerIpcHandlers|_electron)\b/;

/**
 * Known gaps, to be closed by host tests (issue 15); the list may only shrink. A name here that is
 * now exercised, or no longer in the contract, fails the check so the list stays true.
 */
const KNOWN_GAPS = new Set<string>([
  // Sent only by the Electron host (menu commands, opened files); unit tests cover the pieces that
  // build them, and no host-level test can send them without an Electron binary.
  'app.command',
  'app.fileOpened',
]);

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return /\.(ts|tsx|mts)$/.test(e.name) ? [p] : [];
  });
}

/** Every quoted `area.name` literal in the test files that drive a host. */
function namesUsedThroughHosts(): { names: Set<string>; files: string[] } {
  const files = testFiles(TEST_DIR).filter((f) => !f.endsWith('contract-coverage.test.ts'));
  const hostFiles = files.filter((f) => HOST_MARKERS.test(fs.readFileSync(f, 'utf8')));
  const names = new Set<string>();
  for (const f of hostFiles) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/['"`]([A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)+)['"`]/g))
      names.add(m[1]);
  }
  return { names, files: hostFiles.map((f) => path.relative(ROOT, f)) };
}

describe('contract coverage through a host (HTTP or IPC)', () => {
  const { names, files } = namesUsedThroughHosts();
  const contract: string[] = [...methodNames, ...eventNames];
  const uncovered = contract.filter((n) => !names.has(n));

  it('finds the host-driving tests and the contract', () => {
    expect(files).toContain('test/integration/server/http-api.test.ts');
    expect(files).toContain('test/unit/ipc.test.ts');
    expect(methodNames.length).toBeGreaterThan(0);
    expect(eventNames.length).toBeGreaterThan(0);
  });

  it('exercises every method and event through a host, apart from the known gaps', () => {
    const unexpected = uncovered.filter((n) => !KNOWN_GAPS.has(n));
    expect(unexpected, `not exercised through a host by any test: ${unexpected.join(', ')}`).toEqual([]);
  });

  it('keeps the known-gap list true (it may only shrink)', () => {
    const stale = [...KNOWN_GAPS].filter((n) => !contract.includes(n) || names.has(n));
    expect(stale, `remove from KNOWN_GAPS (now exercised, or gone): ${stale.join(', ')}`).toEqual([]);
  });
});
