// `npm run package`: build, then make the desktop packages for this OS into dist/ with
// electron-builder (electron-builder.yml). Extra arguments go to electron-builder (e.g. `--dir`).
// Signing and notarization are read from the environment and skipped, with a message, when absent.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildIfStale } from './build-if-stale.mjs';
import { electronVersion, root } from './electron-binary.mjs';
import { ensureElectronNative } from './electron-native.mjs';

const args = process.argv.slice(2);
const env = { ...process.env };
const notes = [];
const platformFlag = { darwin: '--mac', win32: '--win', linux: '--linux' }[process.platform];
if (!platformFlag) {
  console.error(`Hookbench packages are built for Windows, macOS and Linux; this is ${process.platform}.`);
  process.exit(1);
}
const targetOs = args.includes('--mac')
  ? 'darwin'
  : args.includes('--win')
    ? 'win32'
    : args.includes('--linux')
      ? 'linux'
      : process.platform;
if (!args.some((a) => ['--mac', '--win', '--linux', '-m', '-w', '-l'].includes(a)))
  args.unshift(platformFlag);

// Icons: generated from resources/icon.svg (scripts/icons.ts); regenerate when missing.
if (
  !fs.existsSync(path.join(root, 'resources/icons/512x512.png')) ||
  !fs.existsSync(path.join(root, 'resources/icon.icns'))
) {
  console.log('Generating the icons from resources/icon.svg…');
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/icons.ts')],
    { cwd: root, stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const has = (...names) => names.every((n) => !!env[n]);
if (targetOs === 'darwin') {
  if (!has('CSC_LINK') && !has('CSC_NAME')) {
    env.CSC_IDENTITY_AUTO_DISCOVERY = 'false';
    notes.push(
      'macOS signing skipped: set CSC_LINK (a .p12 Developer ID certificate) and CSC_KEY_PASSWORD, or CSC_NAME for a keychain identity. Unsigned apps are blocked by Gatekeeper until the user allows them.',
    );
  }
  const notarize =
    has('APPLE_API_KEY', 'APPLE_API_KEY_ID', 'APPLE_API_ISSUER') ||
    has('APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID') ||
    has('APPLE_KEYCHAIN', 'APPLE_KEYCHAIN_PROFILE');
  if (!notarize || env.CSC_IDENTITY_AUTO_DISCOVERY === 'false') {
    args.push('-c.mac.notarize=false');
    notes.push(
      'macOS notarization skipped: it needs a signed app and APPLE_API_KEY + APPLE_API_KEY_ID + APPLE_API_ISSUER (or APPLE_ID + APPLE_APP_SPECIFIC_PASSWORD + APPLE_TEAM_ID).',
    );
  }
}
if (targetOs === 'win32' && !has('CSC_LINK') && !has('WIN_CSC_LINK')) {
  notes.push(
    'Windows signing skipped: set WIN_CSC_LINK (or CSC_LINK) and its password. Unsigned installers show a SmartScreen warning.',
  );
}
// A local Electron (the same one `npm start` can use) saves the download.
if (env.ELECTRON_OVERRIDE_DIST_PATH) args.push(`-c.electronDist=${env.ELECTRON_OVERRIDE_DIST_PATH}`);

// better-sqlite3 for Electron is built into .electron-native/ (never in node_modules, which keeps
// the Node build) for this machine's architecture, so the packages are for this architecture too:
// build the x64 and arm64 macOS packages on one Mac each (or a CI matrix).
if (!args.some((a) => ['--x64', '--arm64', '--ia32', '--armv7l', '--universal'].includes(a)))
  args.push(`--${process.arch}`);
notes.push(
  `building for ${targetOs} ${process.arch} only (the architecture the SQLite addon is compiled for here).`,
);

for (const n of notes) console.log(`note: ${n}`);
buildIfStale();
const fetchHelp = [
  'which come from GitHub and electronjs.org, not from the npm registry, so no package was built.',
  'On a machine with internet access run `npm run package` again; offline, point',
  'ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron of the same version as node_modules/electron',
  `(${electronVersion()}), and ELECTRON_BUILDER_CACHE / ELECTRON_CACHE / npm_config_devdir at caches that hold`,
  'the Electron download and its headers.',
];
try {
  await ensureElectronNative();
} catch (err) {
  console.error(
    [
      '',
      `Hookbench: could not build better-sqlite3 for Electron: ${err.message}`,
      'It needs the Electron headers,',
      ...fetchHelp,
    ].join('\n'),
  );
  process.exit(1);
}

const child = spawn(
  process.execPath,
  [
    path.join(root, 'node_modules/electron-builder/cli.js'),
    '--config',
    'electron-builder.yml',
    '--publish',
    'never',
    ...args,
  ],
  {
    cwd: root,
    env,
    stdio: ['inherit', 'pipe', 'pipe'],
  },
);
let tail = '';
const keep = (chunk) => (tail = (tail + chunk.toString()).slice(-20_000));
child.stdout.on('data', (c) => (process.stdout.write(c), keep(c)));
child.stderr.on('data', (c) => (process.stderr.write(c), keep(c)));
child.on('exit', (code) => {
  if (code === 0) {
    console.log(
      `\nPackages for ${targetOs} are in dist/.${notes.length ? ' See the notes above about signing.' : ''}`,
    );
    process.exit(0);
  }
  if (
    /electron-v?\d+\.\d+\.\d+|github\.com\/electron|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|unable to download|cannot download/i.test(
      tail,
    )
  ) {
    console.error(['', 'Hookbench: electron-builder could not fetch Electron,', ...fetchHelp].join('\n'));
  }
  process.exit(code ?? 1);
});
