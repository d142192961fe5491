/**
 * Works out the people table once after the imports, in its own process on the built code, as the
 * first audience read after an import does (ADR 0006), and prints its time, the people it holds
 * and the peak memory as JSON.
 */
import { SqliteDriver } from '../src/store/sqlite-driver.js';

/** A module of the build, typed by its source. */
const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
const { readDirectory } = (await built('audiences/manage-audiences.js')) as typeof import('../src/audiences/manage-audiences.js');
const { directoryState } = (await built(
  'directory/directory-state.store.js',
)) as typeof import('../src/directory/directory-state.store.js');
const { findOrganisation } = (await built('plan/plan.store.js')) as typeof import('../src/plan/plan.store.js');
const { typedSettings } = (await built('settings/typed-settings.js')) as typeof import('../src/settings/typed-settings.js');
const { openSqliteStore } = (await built('store/open-sqlite-store.js')) as typeof import('../src/store/open-sqlite-store.js');

const [dbPath] = process.argv.slice(2) as [string];
const store = await openSqliteStore(dbPath, { create: false });
const organisation = await findOrganisation(store.db, dbPath);
if (!(await directoryState(store.db, organisation.id)).stale) throw new Error('the people table is not waiting to be worked out');
const started = performance.now();
await readDirectory(store, { orgId: organisation.id, settings: typedSettings({}), now: new Date() });
const seconds = (performance.now() - started) / 1000;
if ((await directoryState(store.db, organisation.id)).stale) throw new Error('the people table is still waiting after the rebuild');
await store.close();
const check = new SqliteDriver(dbPath, { readonly: true });
const people = (check.prepare('SELECT count(*) AS n FROM directory_persons WHERE org_id = ?').get(organisation.id) as { n: number }).n;
check.close();
process.stdout.write(`${JSON.stringify({ seconds, people, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
