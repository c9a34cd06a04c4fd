// `npm run serve -- <flags>`: build the app if needed, then run `hookbench serve <flags>`.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './build-if-stale.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
buildIfStale();
const args = process.argv.slice(2);
const child = spawn(process.execPath, [path.join(root, 'out', 'main', 'cli.js'), ...(args[0] === 'serve' ? args : ['serve', ...args])], {
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
