// Electronegativity (Doyensec's Electron security scanner) over the desktop host, offline.
//   node scripts/electronegativity.cjs          table of findings; exit 1 on any HIGH or MEDIUM
//   node scripts/electronegativity.cjs --json   the findings as JSON (test/unit/desktop-electronegativity)
//   … --input DIR                              scan another folder instead (the test's insecure fixture)
// Two scans, each of one whole app so the global checks (CSP, navigation limits, permission
// handler) see every file together: the sources (src/main, src/preload, the renderer's
// index.html) and the build (out/main, out/preload, out/renderer/index.html; run the build first).
// The renderer's JS bundle is left out: it is React and libraries with no Electron API (the page is
// sandboxed and context-isolated), and the scanner's old Babel cannot parse it (StaticBlock).
// A finding is justified in place with `// eng-disable CHECK_ID -- why`, on the flagged line. The
// bundler drops those comments, so a finding in the build whose check is justified on the same
// code in the sources counts as justified there (it is still listed).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const engDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));

// The scanner fetches translations and Electron's release list with `got` on every run: answer
// "offline" instead, so the scan never leaves this machine and takes no network timeouts.
const gotPath = require.resolve('got', { paths: [path.join(engDir, 'dist')] });
const offline = () => Promise.reject(new Error('offline: Hookbench runs Electronegativity without network'));
require.cache[gotPath] = {
  id: gotPath,
  filename: gotPath,
  loaded: true,
  exports: Object.assign(offline, { default: offline }),
};
const run = require('@doyensec/electronegativity');

const electronVersion = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
).version;

function stage(name, parts) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hookbench-eng-${name}-`));
  for (const [from, to] of parts) {
    const src = path.resolve(root, from);
    if (!fs.existsSync(src))
      throw new Error(`${from} is missing${from.startsWith('out') ? ' (run npm run build)' : ''}`);
    fs.cpSync(src, path.join(dir, to), { recursive: true });
  }
  return dir;
}

async function scan(name, parts) {
  const dir = stage(name, parts);
  const quiet = console.log;
  console.log = () => {}; // "Could not retrieve updated translations…"
  try {
    const r = await run(
      {
        input: dir,
        isRelative: true,
        parserPlugins: [],
        electronVersionOverride: electronVersion,
        // Lists Electron releases with security fixes newer than ours: needs the network, and
        // keeping Electron current is the dependency update's job, not this scan's.
        excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
      },
      false,
    );
    return {
      scope: name,
      issues: r.issues.map((i) => ({
        scope: name,
        id: i.id,
        severity: i.severity.name,
        confidence: i.confidence.name,
        file: i.file,
        line: i.location.line,
        manualReview: !!i.manualReview,
        description: i.description,
      })),
      errors: r.errors.map((e) => ({
        file: path.relative(dir, e.file),
        message: e.message,
        tolerable: e.tolerable,
      })),
    };
  } finally {
    console.log = quiet;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Check ids justified with an eng-disable comment (and a reason after `--`) in src/main or src/preload. */
function justifiedInSources() {
  const ids = new Set();
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.[cm]?[jt]sx?$/.test(e.name)) {
        for (const m of fs
          .readFileSync(p, 'utf8')
          .matchAll(/(?:\/\/|\/\*)[ \t]*eng-disable[ \t]+([A-Z_ \t]+?)[ \t]*--[ \t]*\S/g)) {
          for (const id of m[1].split(/\s+/)) if (id) ids.add(id);
        }
      }
    }
  };
  walk(path.join(root, 'src/main'));
  walk(path.join(root, 'src/preload'));
  return ids;
}

async function main() {
  const started = Date.now();
  const inputAt = process.argv.indexOf('--input');
  const results =
    inputAt > 0
      ? [await scan('input', [[path.resolve(process.argv[inputAt + 1]), '.']])]
      : [
          await scan('sources', [
            ['src/main', 'main'],
            ['src/preload', 'preload'],
            ['src/renderer/index.html', 'renderer/index.html'],
          ]),
          await scan('build', [
            ['out/main', 'main'],
            ['out/preload', 'preload'],
            ['out/renderer/index.html', 'renderer/index.html'],
          ]),
        ];
  const justified = justifiedInSources();
  const issues = results
    .flatMap((r) => r.issues)
    .map((i) => ({ ...i, justifiedInSource: i.scope === 'build' && justified.has(i.id) }));
  const errors = results.flatMap((r) => r.errors.map((e) => ({ scope: r.scope, ...e })));
  const blocking = issues.filter(
    (i) => (i.severity === 'HIGH' || i.severity === 'MEDIUM') && !i.justifiedInSource,
  );
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify({ electronVersion, ms: Date.now() - started, issues, errors }));
    return;
  }
  for (const i of issues) {
    const note = i.justifiedInSource ? ' (justified in the sources)' : '';
    console.log(
      `${i.severity.padEnd(13)} ${i.id.padEnd(40)} ${i.scope}/${i.file}:${i.line}  ${i.description}${note}`,
    );
  }
  for (const e of errors)
    console.log(`parse ${e.tolerable ? 'warning' : 'error'}: ${e.scope}/${e.file}: ${e.message}`);
  console.log(
    `Electronegativity (Electron ${electronVersion}): ${issues.length} findings, ${blocking.length} HIGH/MEDIUM, ${Date.now() - started} ms`,
  );
  process.exitCode = blocking.length || errors.some((e) => !e.tolerable) ? 1 : 0;
}

main().catch((err) => {
  console.error(`electronegativity: ${err.message}`);
  process.exit(2);
});
