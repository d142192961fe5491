/**
 * Runs `waves plan` as a dry run in its own process, on the built code in dist/, and prints the
 * time the planning took inside the process (the workspace already open) and its peak memory.
 */
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { planWaves } = (await built('waves/plan-waves.js')) as typeof import('../src/waves/plan-waves.js');
const { findOrganisation } = (await built('plan/plan.store.js')) as typeof import('../src/plan/plan.store.js');
const { openSqliteStore } = (await built('store/open-sqlite-store.js')) as typeof import('../src/store/open-sqlite-store.js');

const [dbPath, capacity, capacityGb, now] = process.argv.slice(2) as [string, string, string, string];
const store = await openSqliteStore(dbPath, { create: false });
const organisation = await findOrganisation(store.db, dbPath);
const started = performance.now();
const outcome = await planWaves(store, organisation, { capacity, capacityGb, dryRun: true, by: 'bench' }, new Date(now));
const seconds = (performance.now() - started) / 1000;
await store.close();
process.stdout.write(
  `${JSON.stringify({ seconds, placed: outcome.placed, brokenWeight: outcome.brokenWeight, waves: outcome.waves, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
