import { configDefaults, defineConfig } from 'vitest/config';
import { POSTGRES_READY } from './test/postgres-ready.js';

// On PostgreSQL (COMMSPLAN_TEST_POSTGRES) only the files that run there yet; with
// COMMSPLAN_TEST_NOT_READY_FOR_POSTGRES, every other file (on SQLite). See test/postgres-ready.ts.
const onPostgres = Boolean(process.env.COMMSPLAN_TEST_POSTGRES);
const notReadyOnly = Boolean(process.env.COMMSPLAN_TEST_NOT_READY_FOR_POSTGRES);

export default defineConfig({
  test: {
    include: onPostgres ? [...POSTGRES_READY] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...(notReadyOnly ? POSTGRES_READY : [])],
    // Guards against a hung test, not speed targets (those live in npm run bench): a loaded
    // two-core machine runs the process-level tests several times slower than an idle one.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on two cores is one test file at a time; most files wait on servers, browsers
    // and child processes rather than compute, so two at a time nearly halves a run here.
    maxWorkers: 2,
    execArgv: ['--expose-gc'],
    reporters: ['default', './test/support/plain-summary-reporter.ts'],
  },
});
