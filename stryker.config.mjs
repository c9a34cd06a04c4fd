// Mutation testing: `npm run test:mutation` (whole list), or one module at a time:
//   npm run test:mutation -- --mutate src/core/dispatcher/retry-policy.ts
// See docs/mutation.md for the per-module scores and the surviving mutants explained.
// Narrow the tests for one module's run with MUTATION_TESTS=test/unit/foo.test.ts (comma-separated
// globs; see vitest.mutation.config.mts).
// Stryker 9.x is the last line that runs on Node 20 (10.x needs Node 22).

/** The modules that decide correctness and security (issue 15). `file:from-to` mutates only those lines. */
export const MUTATED_MODULES = [
  // Headless host: token, Host header, static files.
  'src/server/host-check.ts',
  'src/server/token.ts',
  'src/server/static-files.ts',
  // Electron IPC: only the app's own top-level frame may call the core.
  'src/main/ipc.ts',
  // One writer per data directory.
  'src/core/store/lock.ts',
  // Dispatcher: retry policy, completion, failure counting, topic matching.
  'src/core/dispatcher/retry-policy.ts',
  'src/core/dispatcher/failure-count.ts',
  // Signing verification.
  'src/core/signing/verify.ts',
  'src/core/signing/primitives.ts',
  // Receiver: rules, limits and retention.
  'src/core/receiver/rules.ts',
  'src/core/receiver/retention.ts',
  'src/core/receiver/capture.ts',
  // Templates: the core's helpers and the engine they share with the renderer's preview.
  'src/core/templates/index.ts',
  'src/shared/templates/*.ts',
  // Migrations.
  'src/core/store/database.ts',
  'src/core/receiver/migrations.ts',
  'src/core/dispatcher/migrations.ts',
  // Replay: comparing a replayed answer with the original.
  'src/shared/replay-compare.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.mts', related: true },
  // Type-checking each mutant drops the ones TypeScript would reject (not real faults), but on
  // 2 busy cores building the TypeScript program alone took 81 s of a 12-minute run of a 26-line
  // module; so it is opt-in: STRYKER_TS_CHECK=1 npm run test:mutation.
  checkers: process.env.STRYKER_TS_CHECK === '1' ? ['typescript'] : [],
  tsconfigFile: 'tsconfig.node.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: MUTATED_MODULES,
  coverageAnalysis: 'perTest',
  // 2 cores shared with the rest of the machine: one or two test processes at a time.
  concurrency: 2,
  // A mutant that leaves a request unanswered hangs its test: give up on it soon (it counts as detected).
  timeoutMS: 5_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignorePatterns: ['out', 'dist', 'reports', '.electron-native', 'test/e2e', 'test/electron', 'bench', 'resources', 'docs'],
};
