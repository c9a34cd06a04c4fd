import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Hookbench';

/**
 * The per-user data directory, the same one Electron's app.getPath('userData') gives for an app
 * named Hookbench, so the desktop app and `hookbench serve` share their data by default.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}
