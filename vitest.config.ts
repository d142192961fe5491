import { configDefaults, defineConfig } from 'vitest/config';
import { POSTGRES_PENDING, SQLITE_ONLY } from './test/postgres-pending.js';

// On PostgreSQL (COMMSPLAN_TEST_POSTGRES), files that cannot run there yet are left out; see test/postgres-pending.ts.
const onPostgres = Boolean(process.env.COMMSPLAN_TEST_POSTGRES);
const leftOut = onPostgres ? [...Object.keys(POSTGRES_PENDING), ...Object.keys(SQLITE_ONLY)] : [];

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, ...leftOut],
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
