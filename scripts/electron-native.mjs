// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules with the
// Node build that `npm test` uses. (electron-builder install-app-deps would rebuild node_modules
// in place and break every Node test, so it is never run at install time.)
import fs from 'node:fs';
import path from 'node:path';
import { electronVersion, root } from './electron-binary.mjs';

const target = path.join(root, '.electron-native');
const modules = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

export async function ensureElectronNative() {
  const version = electronVersion();
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')).version;
  const stampFile = path.join(target, 'stamp.json');
  const stamp = `${version}/${sqliteVersion}/${process.platform}-${process.arch}`;
  const addon = path.join(target, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (fs.existsSync(stampFile) && fs.existsSync(addon) && JSON.parse(fs.readFileSync(stampFile, 'utf8')).stamp === stamp) return;

  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${version} (once; into .electron-native/)…`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.join(target, 'node_modules'), { recursive: true });
  fs.writeFileSync(
    path.join(target, 'package.json'),
    JSON.stringify({ name: 'hookbench-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }, null, 2),
  );
  for (const m of modules) {
    const from = path.join(root, 'node_modules', m);
    if (!fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(target, 'node_modules', m), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}build${path.sep}`) || src.endsWith(`${path.sep}build`),
    });
  }
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: target, electronVersion: version, force: true, onlyModules: ['better-sqlite3'], mode: 'sequential' });
  if (!fs.existsSync(addon)) throw new Error('The Electron build of better-sqlite3 did not produce its addon.');
  fs.writeFileSync(stampFile, JSON.stringify({ stamp }));
}
