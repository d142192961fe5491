import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliSandbox, FIXED_NOW } from '../../test/support/cli-harness.js';

/** The counting thread runs compiled code only, so these tests load the build (`npm test` builds first). */
const DIST = resolve(import.meta.dirname, '../../dist');
const loadBuilt = async () => {
  expect(existsSync(join(DIST, 'web/audience-count-worker.js')), 'run "npm run build" first').toBe(true);
  const built = async <T>(path: string): Promise<T> => import(pathToFileURL(join(DIST, path)).href);
  return {
    ...(await built<typeof import('./audience-count-refresher.js')>('web/audience-count-refresher.js')),
    ...(await built<typeof import('../store/open-sqlite-store.js')>('store/open-sqlite-store.js')),
    ...(await built<typeof import('../plan/plan.store.js')>('plan/plan.store.js')),
    ...(await built<typeof import('../plan/init-workspace.js')>('plan/init-workspace.js')),
    ...(await built<typeof import('../audiences/stored-audience-counts.js')>('audiences/stored-audience-counts.js')),
  };
};

const sandbox = cliSandbox();
const dbPath = join(sandbox.dir, 'commsplan.db');
const STAFF = ['Email,First Name,Last Name,Department,Wave'];
for (let i = 0; i < 40; i++) STAFF.push(`person${i}@trust.nhs.uk,Person,Number ${i},Estates,${i < 15 ? 'Wave 1' : 'Wave 2'}`);

beforeAll(async () => {
  expect((await sandbox.run('init', '--org', 'Counting Trust', '--start', '2026-12-07')).code).toBe(0);
  writeFileSync(join(sandbox.dir, 'staff.csv'), STAFF.join('\r\n'));
  const imported = await sandbox.run('import', 'people', 'staff.csv');
  expect(imported.code, imported.stderr).toBe(0);
});
afterAll(() => sandbox.cleanup());

type Built = Awaited<ReturnType<typeof loadBuilt>>;
type BuiltStore = Awaited<ReturnType<Built['openSqliteStore']>>;
type BuiltOrganisation = Awaited<ReturnType<Built['findOrganisation']>>;

/** The imported workspace opened with the build, its organisation, closed after `use`. */
async function withWorkspace(use: (built: Built, store: BuiltStore, organisation: BuiltOrganisation) => Promise<void>): Promise<void> {
  const built = await loadBuilt();
  const store = await built.openSqliteStore(dbPath, { create: false });
  try {
    await use(built, store, await built.findOrganisation(store.db, dbPath));
  } finally {
    await store.close();
  }
}

describe('recounting audiences for the web app', () => {
  it('counts in a worker thread on a workspace file, and stores counts that match the data', async () => {
    await withWorkspace(async (built, store, organisation) => {
      const web = { store, organisation, now: () => FIXED_NOW };
      expect((await built.storedAudienceCounts(store, organisation.id, FIXED_NOW)).upToDate).toBe(false);

      expect(await built.recountAudiences(web)).toEqual({ inWorker: true });

      const { stored, upToDate } = await built.storedAudienceCounts(store, organisation.id, FIXED_NOW);
      expect(upToDate).toBe(true);
      expect(stored?.computedAt).toBe(FIXED_NOW.toISOString());
      const count = (name: string) => stored?.overview.audiences.find((a) => a.name === name)?.count;
      expect(count('all-staff')).toBe(40);
      expect(count('wave:Wave 1')).toBe(15);
      expect(count('wave:Wave 2')).toBe(25);
    });
  });

  it('counts in this thread when the workspace is in memory, where no other connection can reach it', async () => {
    const built = await loadBuilt();
    const store = await built.openSqliteStore(':memory:', { create: true });
    try {
      const organisation = await built.initWorkspace(store, { org: 'Memory Trust', start: '2026-12-07' }, FIXED_NOW);
      expect(await built.recountAudiences({ store, organisation, now: () => FIXED_NOW })).toEqual({ inWorker: false });
    } finally {
      await store.close();
    }
  });

  it('reports a workspace the thread cannot open as a failure, without stopping the server', async () => {
    await withWorkspace(async (built, store, organisation) => {
      const gone = { ...store, location: join(sandbox.dir, 'moved-away.db') };
      await expect(built.recountAudiences({ store: gone, organisation, now: () => FIXED_NOW })).rejects.toThrow(/moved-away\.db/);
      // The background form never rejects: the counts stay out of date, and the next page tries again.
      await built.refreshCountsInBackground({ store: gone, organisation, now: () => FIXED_NOW });
      expect(built.countingNow({ store: gone, organisation })).toBe(false);
    });
  });

  it('stops a counting thread when the server stops, leaving the counts marked out of date', async () => {
    await withWorkspace(async (built, store, organisation) => {
      const later = new Date(FIXED_NOW.getTime() + 2 * 86_400_000); // another day: the counts are out of date
      const web = { store, organisation, now: () => later };
      const counting = built.refreshCountsInBackground(web);
      expect(built.countingNow(web)).toBe(true);
      await built.stopCounting(web);
      await counting;
      expect(built.countingNow(web)).toBe(false);
      expect((await built.storedAudienceCounts(store, organisation.id, later)).upToDate).toBe(false);
    });
  });
});
