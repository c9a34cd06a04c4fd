import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 for Electron. `npm start` builds the addon for Electron's ABI into
 * .electron-native/ (see scripts/electron-native.mjs) so node_modules keeps the Node build the tests
 * use. A packaged app is rebuilt by electron-builder and uses the default binding.
 */
export function resolveNativeBinding(appPath: string, isPackaged: boolean): string | undefined {
  if (isPackaged) return undefined;
  const file = path.join(appPath, '.electron-native', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  return fs.existsSync(file) ? file : undefined;
}
