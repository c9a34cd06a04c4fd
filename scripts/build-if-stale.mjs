// Builds the app (electron-vite build) when out/ is missing or older than any source file.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'out', '.build-stamp');

function newest(dir) {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

const lockDir = path.join(root, '.build-lock');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds when stale. Two test files (or processes) may ask at once: one builds while the others
 * wait for its lock (a directory, created atomically), then find the build fresh.
 */
export function buildIfStale(opts = {}) {
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      // A lock older than 10 minutes belongs to a build that died: take it over.
      if (Date.now() - fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs > 600_000 || waited > 600_000) {
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      sleep(200);
    }
  }
  try {
    buildIfStaleUnlocked(opts);
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function buildIfStaleUnlocked({ quiet = false }) {
  const sources = Math.max(
    newest(path.join(root, 'src')),
    fs.statSync(path.join(root, 'electron.vite.config.ts')).mtimeMs,
    fs.statSync(path.join(root, 'package.json')).mtimeMs,
  );
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (built >= sources && fs.existsSync(path.join(root, 'out', 'main', 'cli.js'))) return;
  if (!quiet) console.log('Building Hookbench (electron-vite build)…');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (r.status !== 0) {
    console.error('The build failed; see the messages above.');
    fs.rmSync(lockDir, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(stamp, new Date().toISOString());
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) buildIfStale();
