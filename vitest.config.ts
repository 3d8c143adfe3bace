import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Temp folders: each test file's are removed when it ends, and the run fails if any is left.
    setupFiles: ['test/helpers/remove-temp-dirs.ts'],
    globalSetup: ['test/helpers/temp-check.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // CLI tests spawn the built command; two cores, so keep parallelism modest.
    maxWorkers: 2,
    // On CI, also a JSON report, from which .ci/run prints a plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
  },
});
