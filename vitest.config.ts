import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
