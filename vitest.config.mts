import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Timing-based tests (idle sockets, SSE back-pressure, retry schedules) on 2 shared cores:
          // one more run in CI, marked "retry x1" by the reporter; a real failure fails both.
          retry: process.env.CI ? 1 : 0,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/electron/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // CI runs on 2 shared cores: a browser test that loses a timing race once is run once
          // more (the default reporter marks it "retry x1"); a real failure fails both runs.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
