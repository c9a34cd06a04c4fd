// `npm run bench`: runs every `bench:*` script in package.json, one after the other. Each
// benchmark prints its own figures and its ratio to the reference it measures side by side.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const names = Object.keys(pkg.scripts).filter((n) => n.startsWith('bench:'));
if (!names.length) {
  console.log('No benchmarks defined.');
  process.exit(0);
}
let failed = 0;
for (const name of names) {
  console.log(`\n=== npm run ${name}`);
  const r = spawnSync('npm', ['run', '--silent', name], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
