import { defineConfig } from 'vitest/config';

const browserTests = {
  environment: 'node',
  testTimeout: 120_000,
  hookTimeout: 120_000,
  fileParallelism: false,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'], environment: 'node' },
      },
      {
        // Chromium: its own tests, and the behaviours written once in test/e2e/shared (see test/support/driver.ts).
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          exclude: ['test/e2e/firefox/**'],
          ...browserTests,
          // One browser at a time: projects without a group order would run side by side on the same cores.
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Firefox ESR with dist-firefox/: the shared behaviours, and what only Firefox has.
        test: {
          name: 'e2e-firefox',
          include: ['test/e2e/shared/**/*.test.ts', 'test/e2e/firefox/**/*.test.ts'],
          env: { VERDICT_LENS_E2E_BROWSER: 'firefox' },
          ...browserTests,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
