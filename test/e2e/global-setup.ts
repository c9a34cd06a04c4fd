import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { CHROMIUM_PATH } from './helpers/browser';

/** The end-to-end tests drive the built app: build it if it is missing or stale. */
export default function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  execFileSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs')], { cwd: root, stdio: 'inherit' });
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}. Install it (Debian: apt-get install -y chromium) or set HOOKBENCH_CHROMIUM.`,
    );
  }
}
