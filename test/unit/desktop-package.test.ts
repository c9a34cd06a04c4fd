import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_FILES } from '../../src/main/app-paths';
import {
  ELECTRON_NATIVE_ADDON,
  PACKAGED_NATIVE_ADDON,
  resolveNativeBinding,
} from '../../src/main/native-binding';
import {
  buildIco,
  buildIcns,
  ICNS_TYPES,
  ICO_SIZES,
  PNG_SIZES,
  pngSize,
  readIcns,
  readIco,
  templateSvg,
} from '../../scripts/icons';

// The packaging configuration as electron-builder itself reads and validates it (its own loader
// and JSON schema), then checked against what the app loads at run time.
const root = path.resolve(import.meta.dirname, '../..');
const requireHere = createRequire(import.meta.url);
type ConfigModule = typeof import('app-builder-lib/out/util/config/config');
type Configuration = import('app-builder-lib').Configuration;
const { getConfig, validateConfiguration } = requireHere(
  'app-builder-lib/out/util/config/config.js',
) as ConfigModule;
const { DebugLogger } = requireHere('builder-util') as typeof import('builder-util');

let config: Configuration;
beforeAll(async () => {
  config = await getConfig(root, path.join(root, 'electron-builder.yml'), null);
}, 60_000);

const asArray = <T>(v: T | T[] | null | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v]);
type TargetLike = string | { target: string; arch?: string | string[] };
const targets = (p: { target?: unknown } | null | undefined) =>
  asArray(p?.target as TargetLike | TargetLike[]).map((t) =>
    typeof t === 'string' ? { target: t, arch: [] as string[] } : { target: t.target, arch: asArray(t.arch) },
  );

describe('electron-builder.yml', () => {
  it('is valid for electron-builder', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('flips every security fuse at package time', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The ASAR the integrity fuses protect must exist: the app is not shipped as a plain folder.
    expect(config.asar).not.toBe(false);
  });

  it('builds the installers of every platform', () => {
    expect(targets(config.win)).toEqual([
      { target: 'nsis', arch: ['x64'] },
      { target: 'portable', arch: ['x64'] },
    ]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(targets(config.mac)).toEqual([
      { target: 'dmg', arch: ['x64', 'arm64'] },
      { target: 'zip', arch: ['x64', 'arm64'] },
    ]);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
    const entitlements = fs.readFileSync(path.join(root, config.mac!.entitlements!), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(config.mac!.entitlementsInherit).toBe(config.mac!.entitlements);
    expect(targets(config.linux).map((t) => t.target)).toEqual(['AppImage', 'deb']);
  });

  it('associates .hookbench.json collections with the app', () => {
    const assoc = asArray(config.fileAssociations);
    expect(assoc).toHaveLength(1);
    expect(assoc[0]).toMatchObject({
      ext: 'hookbench.json',
      mimeType: 'application/x-hookbench-collection+json',
    });
    expect(config.linux!.mimeTypes).toContain(assoc[0]!.mimeType);
  });

  it('points at icons that exist and are what each platform expects', () => {
    const icns = readIcns(fs.readFileSync(path.join(root, config.mac!.icon!)));
    expect(icns.map((e) => e.type)).toEqual(ICNS_TYPES.map(([t]) => t));
    for (const e of icns) expect(pngSize(e.png).width).toBe(ICNS_TYPES.find(([t]) => t === e.type)![1]);
    const ico = readIco(fs.readFileSync(path.join(root, config.win!.icon!)));
    expect(ico.map((e) => e.width)).toEqual([...ICO_SIZES]);
    for (const e of ico) expect(pngSize(e.png)).toEqual({ width: e.width, height: e.width });
    const linuxDir = path.join(root, config.linux!.icon!);
    for (const s of PNG_SIZES)
      expect(pngSize(fs.readFileSync(path.join(linuxDir, `${s}x${s}.png`)))).toEqual({ width: s, height: s });
    // Icons are generated from the SVG; a newer SVG means `npm run icons` was forgotten.
    const svgTime = fs.statSync(path.join(root, 'resources/icon.svg')).mtimeMs;
    expect(fs.statSync(path.join(linuxDir, '512x512.png')).mtimeMs).toBeGreaterThanOrEqual(svgTime - 1000);
  });
});

describe('icon containers', () => {
  const png = (w: number) => {
    const b = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
    b.writeUInt32BE(13, 8);
    b.write('IHDR', 12, 'latin1');
    b.writeUInt32BE(w, 16);
    b.writeUInt32BE(w, 20);
    return b;
  };
  it('writes .ico and .icns that read back', () => {
    const ico = buildIco([png(16), png(256)]);
    expect(readIco(ico).map((e) => [e.width, pngSize(e.png).width])).toEqual([
      [16, 16],
      [256, 256],
    ]);
    expect(() => buildIco([png(512)])).toThrow(/256/);
    const icns = buildIcns([
      ['icp4', png(16)],
      ['ic10', png(1024)],
    ]);
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    expect(readIcns(icns).map((e) => e.type)).toEqual(['icp4', 'ic10']);
    expect(() => pngSize(Buffer.from('GIF89a'))).toThrow();
  });
  it('makes the menu-bar template black on transparent', () => {
    const t = templateSvg(
      '<svg><rect width="64" height="64" fill="#4f46e5"/><path stroke="#fff"/><circle fill="#a5b4fc"/></svg>',
    );
    expect(t).toBe('<svg><path stroke="#000"/><circle fill="#000"/></svg>');
  });
});

/**
 * Packaged paths: builds the app (when stale), then checks that everything the main process will
 * load from app.getAppPath() is in the files electron-builder puts in app.asar, that every package
 * the bundles require is a production dependency (electron-builder packs only those), and that the
 * SQLite addon travels outside the ASAR, where a native module can load.
 */
describe('packaged layout', () => {
  let packed: string[];
  const isPacked = (rel: string) => packed.includes(rel);

  beforeAll(() => {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-if-stale.mjs')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
    });
    if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
    const patterns = (config.files as Array<{ from?: string; filter?: string[] }>).flatMap((f) => {
      if (f.from) throw new Error('files with "from" are not handled by this check');
      return f.filter ?? [];
    });
    const include = patterns.filter((p) => !p.startsWith('!'));
    const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const walk = (dir: string): string[] =>
      fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
        const rel = dir ? `${dir}/${e.name}` : e.name;
        if (e.isDirectory())
          return rel === 'node_modules' || rel === '.git' || rel === 'dist' ? [] : walk(rel);
        return [rel];
      });
    packed = walk('').filter(
      (rel) =>
        include.some((p) => minimatch(rel, p, { dot: true })) &&
        !exclude.some((p) => minimatch(rel, p, { dot: true })),
    );
  }, 300_000);

  it('holds every file the main process loads', () => {
    for (const [name, rel] of Object.entries(APP_FILES)) {
      if (name === 'rendererDir')
        expect(
          packed.some((p) => p.startsWith(`${rel}/`)),
          rel,
        ).toBe(true);
      else expect(isPacked(rel), `${name}: ${rel}`).toBe(true);
    }
    expect(config.extraMetadata?.main).toBe(APP_FILES.main);
    // The tray's @2x variants travel with their base images.
    expect(isPacked('resources/tray/tray@2x.png') && isPacked('resources/tray/trayTemplate@2x.png')).toBe(
      true,
    );
    // Resources beside the ASAR exist (the Electron addon is built by `npm run package` itself).
    for (const extra of asArray(config.extraResources as Array<{ from: string }>)) {
      if (extra.from !== ELECTRON_NATIVE_ADDON)
        expect(fs.existsSync(path.join(root, extra.from)), extra.from).toBe(true);
    }
    expect(packed.some((p) => p.endsWith('.map'))).toBe(false);
  });

  it('holds every file the renderer page references', () => {
    const html = fs.readFileSync(path.join(root, APP_FILES.rendererPage), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\.?\/?([^"#?]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(1);
    for (const ref of refs) expect(isPacked(`${APP_FILES.rendererDir}/${ref}`), ref).toBe(true);
  });

  it('requires only built-ins, electron, its own chunks and production dependencies', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const mainFiles = packed.filter((p) => /^out\/(main|preload)\/.*\.c?js$/.test(p));
    expect(mainFiles).toContain(APP_FILES.main);
    const builtins = new Set(builtinModules);
    const seen = new Set<string>();
    for (const file of mainFiles) {
      const code = fs.readFileSync(path.join(root, file), 'utf8');
      for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) {
          expect(
            isPacked(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))),
            `${file} → ${spec}`,
          ).toBe(true);
          continue;
        }
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        if (name === 'electron' || builtins.has(spec.replace(/^node:/, ''))) continue;
        seen.add(name);
        expect(
          Object.keys(pkg.dependencies),
          `${file} requires ${name}, which is not in package.json "dependencies"`,
        ).toContain(name);
      }
    }
    expect([...seen].sort()).toEqual(expect.arrayContaining(['better-sqlite3', 'undici', 'zod']));
    // better-sqlite3's own runtime dependencies are installed, so electron-builder can pack them.
    const sqlitePkg = JSON.parse(
      fs.readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'),
    ) as { dependencies: Record<string, string> };
    for (const dep of Object.keys(sqlitePkg.dependencies))
      expect(fs.existsSync(path.join(root, 'node_modules', dep)), dep).toBe(true);
  });

  it('ships the Electron build of the SQLite addon beside the ASAR, never rebuilding node_modules', () => {
    // electron-builder's own rebuild compiles better-sqlite3 inside node_modules (deleting the
    // Node build the tests and `hookbench serve` use): it stays off.
    expect(config.npmRebuild).toBe(false);
    const extra = asArray(config.extraResources as Array<{ from: string; to: string }>);
    expect(extra).toContainEqual({ from: ELECTRON_NATIVE_ADDON, to: PACKAGED_NATIVE_ADDON });
    // The packaged app looks for it exactly there.
    expect(resolveNativeBinding('/app.asar', true, '/res')).toBe(
      path.join('/res', ...PACKAGED_NATIVE_ADDON.split('/')),
    );
    // node_modules' Node build is not shipped (it would not load in Electron anyway).
    expect(packed.some((p) => p.includes('better_sqlite3.node'))).toBe(false);
    expect(asArray(config.files as Array<{ filter?: string[] }>).flatMap((f) => f.filter ?? [])).toContain(
      '!**/node_modules/better-sqlite3/build/**',
    );
  });
});
