import fs from 'node:fs';
import path from 'node:path';

/** Where `npm start` and `npm run package` build better-sqlite3 for Electron (scripts/electron-native.mjs). */
export const ELECTRON_NATIVE_ADDON =
  '.electron-native/node_modules/better-sqlite3/build/Release/better_sqlite3.node';
/** Where a package carries that addon: next to app.asar (electron-builder.yml extraResources). */
export const PACKAGED_NATIVE_ADDON = 'native/better_sqlite3.node';

/**
 * better-sqlite3 for Electron. node_modules keeps the Node build the tests use; the Electron build
 * lives in .electron-native/ during development and in resources/native/ in a package, so neither
 * `npm start` nor `npm run package` ever rebuilds node_modules in place.
 */
export function resolveNativeBinding(
  appPath: string,
  isPackaged: boolean,
  resourcesPath = '',
): string | undefined {
  if (isPackaged) return path.join(resourcesPath, ...PACKAGED_NATIVE_ADDON.split('/'));
  const file = path.join(appPath, ...ELECTRON_NATIVE_ADDON.split('/'));
  return fs.existsSync(file) ? file : undefined;
}
