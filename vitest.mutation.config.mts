import { defineConfig } from 'vitest/config';

/**
 * The test run Stryker uses (`npm run test:mutation`): unit and integration tests only — the
 * browser and Electron tests drive the built app, which does not see Stryker's mutants, and are
 * far too slow to run per mutant. Stryker's vitest runner narrows this further to the test files
 * that import the mutated module (`related` mode) and, per mutant, to the tests that cover it.
 */
/** `MUTATION_TESTS=glob,glob` narrows the run to those test files (keeps one module's run short). */
const only = process.env.MUTATION_TESTS?.split(',').filter(Boolean);

export default defineConfig({
  test: {
    name: 'mutation',
    include: only?.length ? only : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
