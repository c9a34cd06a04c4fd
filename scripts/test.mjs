// `npm test`: typecheck, lint, build, then every test (unit, integration, browser end-to-end,
// Electron smoke). Prints one closing line: "tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name + (process.platform === 'win32' ? '.cmd' : ''));
const extra = process.argv.slice(2);

function step(title, cmd, args) {
  const started = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (${secs} s)`);
    return false;
  }
  console.log(`✔ ${title} (${secs} s)`);
  return true;
}

const skipStatic = extra.includes('--no-static');
const vitestArgs = extra.filter((a) => a !== '--no-static');
let ok = true;
if (!skipStatic) {
  ok = step('typecheck (node)', bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit']) && ok;
  ok = step('typecheck (web)', bin('tsc'), ['-p', 'tsconfig.web.json', '--noEmit']) && ok;
  ok = step('lint', bin('eslint'), ['--max-warnings', '0', '.']) && ok;
}
ok = step('build', process.execPath, [path.join(root, 'scripts', 'build-if-stale.mjs')]) && ok;

const report = path.join(os.tmpdir(), `hookbench-vitest-${process.pid}.json`);
const testsOk = step('tests (vitest: unit, integration, e2e)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);
ok = testsOk && ok;

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const r = JSON.parse(fs.readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
  for (const file of r.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'skipped' || t.status === 'pending') console.log(`  skipped: ${t.fullName}`);
    }
  }
  fs.rmSync(report, { force: true });
} catch {
  if (!testsOk) failed = Math.max(failed, 1);
}
if (!ok && failed === 0) failed = 1; // a failed typecheck, lint or build counts as a failure
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(ok ? 0 : 1);
