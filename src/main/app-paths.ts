import path from 'node:path';

/**
 * Every file the Electron host loads from the app itself, relative to `app.getAppPath()` (the
 * project folder in development, `resources/app.asar` in a package). test/unit/desktop-package
 * checks each one against the files electron-builder.yml puts in the package.
 */
export const APP_FILES = {
  main: 'out/main/index.js',
  preload: 'out/preload/index.cjs',
  rendererDir: 'out/renderer',
  rendererPage: 'out/renderer/index.html',
  /** Window icon (Linux, Windows in development; packages carry the OS icon sets). */
  windowIcon: 'resources/icons/512x512.png',
  /** Tray icons: a template image on macOS, a colour one elsewhere. */
  trayIcon: 'resources/tray/tray.png',
  trayIconMac: 'resources/tray/trayTemplate.png',
} as const;

export type AppFiles = { [K in keyof typeof APP_FILES]: string };

export function appFiles(appPath: string): AppFiles {
  return Object.fromEntries(
    Object.entries(APP_FILES).map(([k, rel]) => [k, path.join(appPath, ...rel.split('/'))]),
  ) as AppFiles;
}

/** The README the Help menu opens: shipped next to the ASAR (extraResources) so an editor can open it. */
export function readmePath(opts: { isPackaged: boolean; appPath: string; resourcesPath: string }): string {
  return opts.isPackaged ? path.join(opts.resourcesPath, 'README.md') : path.join(opts.appPath, 'README.md');
}
