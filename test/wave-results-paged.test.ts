import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTableFile } from '../src/directory/import-file.js';
import { openTableFile } from '../src/directory/read-table-file.js';
import { loadWorkspace, type Workspace } from '../src/plan/workspace.js';
import {
  type PersonResult,
  type ResultFilter,
  waveResultBatches,
  waveResultCounts,
  waveResults,
  waveResultsPage,
} from '../src/results/wave-results-list.js';
import type { Store } from '../src/store/store.js';
import type { Wave } from '../src/waves/wave.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';
import { importStaff } from './support/web-plan-fixtures.js';

/**
 * A wave's results a page at a time (issue 20): the counts are worked out in SQL and only the
 * page's people are read, in the order and groups the whole list has, addresses sorted as
 * localeCompare sorts them (punctuation before digits before letters, `ann@` before `ann1@`).
 */
const DOMAIN = 'northmoor-valley.example';
const LOCALS = [
  'ann',
  'ann1',
  'ann.b',
  'ann-b',
  'ann_b',
  'ann0',
  'bob',
  'bob.smith',
  'bob-smith',
  'bob2',
  'cat',
  'cat_a',
  'dan',
  'eve',
  'fay',
];
/** What the migration tool says of each (the rest have no result yet). */
const RESULTS: Record<string, [status: string, summary: string]> = {
  ann: ['Completed', 'Completed'],
  'ann.b': ['Failed', 'Failed'],
  ann_b: ['Completed', 'Completed'],
  ann0: ['Syncing', 'Active'],
  bob: ['Failed', 'Failed'],
  'bob-smith': ['Completed', 'Completed'],
  bob2: ['Completed', 'Completed'],
  cat_a: ['Syncing', 'Active'],
  eve: ['Failed', 'Failed'],
};
const NOW = new Date('2027-02-22T09:30:00Z');

let site: TestSite;
let viewer: WebClient;
let workspace: Workspace;
let wave: Wave;
let all: PersonResult[];

/** The store with every query's SQL and how many rows it answered written down. */
function watched(store: Store): { store: Store; queries: { sql: string; rows: number }[] } {
  const queries: { sql: string; rows: number }[] = [];
  const sqlOf = new WeakMap<object, string>();
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      queries.push({ sql: sqlOf.get(args.queryId) ?? '', rows: args.result.rows.length });
      return args.result;
    },
  };
  const db = store.db.withPlugin(plugin);
  const executor = db.getExecutor();
  const compile = executor.compileQuery.bind(executor);
  executor.compileQuery = (node, queryId) => {
    const compiled = compile(node, queryId);
    sqlOf.set(queryId, compiled.sql);
    return compiled;
  };
  return { store: { ...store, db } as Store, queries };
}

beforeAll(async () => {
  site = await startTestSite({ clock: () => NOW });
  await importStaff(
    site,
    LOCALS.map((local, i) => ({
      number: `30${String(i).padStart(3, '0')}999`,
      first: local,
      last: 'Tester',
      email: `${local}@${DOMAIN}`,
      wave: 'Wave 1',
    })),
  );
  const path = join(site.dir, 'MigrationUsers.csv');
  const rows = Object.entries(RESULTS).map(([local, [status, summary]]) => `${local}@${DOMAIN},${status},${summary}`);
  writeFileSync(path, `${['EmailAddress,Status,StatusSummary', ...rows].join('\r\n')}\r\n`);
  const problems: string[] = [];
  const imported = await importTableFile(
    site.store,
    site.organisation,
    await openTableFile(path, 'MigrationUsers.csv'),
    { kind: 'auto', file: 'MigrationUsers.csv', skipInvalid: false, replace: true, dateOrder: 'en-GB' },
    { problem: (p) => problems.push(JSON.stringify(p)), rejectedRow: () => undefined },
    NOW,
  );
  if (!imported.committed) throw new Error(`The results were not imported: ${problems.join('; ')}`);
  workspace = await loadWorkspace(site.store.db, site.store.location, site.organisation.id);
  wave = workspace.waves.find((w) => w.name === 'Wave 1') as Wave;
  all = await waveResults(site.store, workspace, wave, NOW);
  viewer = await site.client('viewer');
}, 60_000);
afterAll(async () => site?.close());

describe("a wave's results a page at a time", () => {
  it('lists everyone by group, then by address as localeCompare sorts them', () => {
    expect(all.map((p) => [p.group, p.person.replace(`@${DOMAIN}`, '')])).toEqual([
      ['failed', 'ann.b'],
      ['failed', 'bob'],
      ['failed', 'eve'],
      ['moved', 'ann_b'],
      ['moved', 'ann'],
      ['moved', 'bob-smith'],
      ['moved', 'bob2'],
      ['no result yet', 'ann-b'],
      ['no result yet', 'ann1'],
      ['no result yet', 'bob.smith'],
      ['no result yet', 'cat'],
      ['no result yet', 'dan'],
      ['no result yet', 'fay'],
      ['not finished', 'ann0'],
      ['not finished', 'cat_a'],
    ]);
    const sorted = [...all].sort((a, b) => a.group.localeCompare(b.group) || a.person.localeCompare(b.person));
    expect(all.map((p) => p.person)).toEqual(sorted.map((p) => p.person));
  });

  it('counts each group in SQL, in one query answering a row a group', async () => {
    const { store, queries } = watched(site.store);
    const counts = await waveResultCounts(store, workspace, wave, NOW);
    expect(counts).toEqual({ all: 15, moved: 4, failed: 3, 'not finished': 2, 'no result yet': 6, 'carried-over': 0 });
    const counted = queries.filter((q) => q.sql.includes('count(*)'));
    expect(counted).toHaveLength(1);
    expect(counted[0]?.sql).toContain('GROUP BY');
    expect(Math.max(...queries.map((q) => q.rows))).toBeLessThanOrEqual(4);
  });

  it('reads only the page: every window and filter is the slice of the whole list, and no query answers more rows', async () => {
    const filters: [ResultFilter, (p: PersonResult) => boolean][] = [
      [undefined, () => true],
      ['moved', (p) => p.group === 'moved'],
      ['no result yet', (p) => p.group === 'no result yet'],
      ['carried-over', (p) => p.nowIn !== undefined],
    ];
    for (const [filter, keeps] of filters) {
      const list = all.filter(keeps);
      for (let offset = 0; offset < list.length + 4; offset += 4) {
        const { store, queries } = watched(site.store);
        const page = await waveResultsPage(store, workspace, wave, NOW, { filter, window: { offset, limit: 4 } });
        expect(page, `${filter} from ${offset}`).toEqual(list.slice(offset, offset + 4));
        // Told how many there are, a page past the middle is read from the end: the same people.
        const told = await waveResultsPage(site.store, workspace, wave, NOW, { filter, window: { offset, limit: 4, total: list.length } });
        expect(told, `${filter} from ${offset} of ${list.length}`).toEqual(page);
        const read = queries.find((q) => q.sql.includes('ORDER BY'));
        expect(read?.sql).toMatch(/LIMIT \? OFFSET \?/);
        expect(Math.max(...queries.map((q) => q.rows))).toBeLessThanOrEqual(4);
      }
    }
  });

  it('reads a download a batch at a time, the batches making the whole list', async () => {
    const batches: PersonResult[][] = [];
    for await (const batch of waveResultBatches(site.store, workspace, wave, NOW, undefined, 4)) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([4, 4, 4, 3]);
    expect(batches.flat()).toEqual(all);
    const failed: PersonResult[] = [];
    for await (const batch of waveResultBatches(site.store, workspace, wave, NOW, 'failed', 2)) failed.push(...batch);
    expect(failed).toEqual(all.filter((p) => p.group === 'failed'));
  });

  it('shows the counts and the page on the web page, and a filter it does not know keeps no one', async () => {
    const page = await viewer.get(`/waves/${wave.id}/results?result=moved`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Moved: 4 people');
    expect(page.html).toContain('No result yet: 6');
    const shown = [...page.html.matchAll(/\((\S+)@northmoor-valley\.example\)/g)].map((m) => m[1]);
    expect(shown).toEqual(['ann_b', 'ann', 'bob-smith', 'bob2']);
    const unknown = await viewer.get(`/waves/${wave.id}/results?result=nobody`);
    expect(unknown.status).toBe(200);
    expect(unknown.html).toContain('0 people');
    const csv = await viewer.get(`/waves/${wave.id}/results.csv?result=not-finished`);
    expect(csv.html.trim().split('\r\n').slice(1)).toEqual([
      `ann0 Tester (ann0@${DOMAIN}),Move not finished,Syncing,,None yet,`,
      `cat_a Tester (cat_a@${DOMAIN}),Move not finished,Syncing,,None yet,`,
    ]);
  });
});
