// `npm start`: the desktop app. Needs the Electron binary, which npm's registry does not carry:
// it is downloaded on first use; where that is impossible, say so and point to `npm run serve`.
import { spawn, spawnSync } from 'node:child_process';
import { buildIfStale } from './build-if-stale.mjs';
import { electronBinary, installScript, root } from './electron-binary.mjs';
import { ensureElectronNative } from './electron-native.mjs';

const dev = process.argv.includes('--dev');
const noBinary = (why) => {
  console.error(
    [
      '',
      'Hookbench: the Electron binary is not available on this machine, so the desktop window cannot open.',
      why ? `  (${why})` : '',
      '',
      'Run Hookbench in your browser instead, with the same features and data:',
      '',
      '    npm run serve',
      '',
      'and open the UI link it prints. To get the desktop app, run `npm start` on a machine that can',
      'download Electron (it fetches it from GitHub on first start), or set ELECTRON_OVERRIDE_DIST_PATH.',
      '',
    ]
      .filter((l, i, a) => l || a[i - 1])
      .join('\n'),
  );
  process.exit(1);
};

let exe = electronBinary();
if (!exe && !process.env.CI) {
  console.log('Fetching the Electron binary (first start)…');
  const r = spawnSync(process.execPath, [installScript], { cwd: root, stdio: 'inherit', timeout: 180_000 });
  exe = r.status === 0 ? electronBinary() : null;
  if (!exe) noBinary('the download failed: this machine cannot reach the Electron release server');
}
if (!exe) noBinary('it is not installed and CI does not download it');

try {
  await ensureElectronNative();
} catch (err) {
  console.error(`Hookbench: could not build better-sqlite3 for Electron: ${err.message}`);
  console.error('The browser version still works: npm run serve');
  process.exit(1);
}

const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
let child;
if (dev) {
  child = spawn(process.execPath, [`${root}/node_modules/electron-vite/bin/electron-vite.js`, 'dev'], { cwd: root, stdio: 'inherit', env });
} else {
  buildIfStale();
  child = spawn(exe, [root, ...process.argv.slice(2).filter((a) => a !== '--dev')], { cwd: root, stdio: 'inherit', env });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
