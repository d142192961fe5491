/**
 * How long the wave results page's reads take on a large workspace, and the heap they use:
 * `node --import tsx bench/wave-results-timing.ts [web.db] [old]`.
 */
import { loadWorkspace } from '../src/plan/workspace.js';
import { waveResults } from '../src/results/wave-results-list.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';

const path = process.argv[2] ?? 'bench/out/1500000/web.db';
const store = await openSqliteStore(path, { create: false });
const workspace = await loadWorkspace(store.db, store.location);
const wave = workspace.waves[0];
if (!wave) throw new Error('no wave');
const now = new Date();
const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
async function time(label: string, run: () => Promise<unknown>) {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  console.log(`${label}: ${Math.round(ms)} ms, heap ${mb(process.memoryUsage().heapUsed)} (was ${mb(before)})`);
  return result;
}
if (process.argv[3] === 'old') {
  const people = (await time(`old waveResults, ${wave.name}`, () => waveResults(store, workspace, wave, now))) as unknown[];
  console.log(`${people.length} people`);
} else {
  const { waveResultsPage, waveResultCounts } = await import('../src/results/wave-results-list.js');
  for (const [label, filter, offset] of [
    ['page 1', undefined, 0],
    ['page 1 again', undefined, 0],
    ['late page', undefined, 'last'],
    ['filtered page 1 (failed)', 'failed', 0],
    ['filtered late page (carried-over)', 'carried-over', 'last'],
  ] as const) {
    await time(label, async () => {
      const counts = await waveResultCounts(store, workspace, wave, now);
      const total = filter === undefined ? counts.all : counts[filter];
      const start = offset === 'last' ? Math.max(0, Math.floor((total - 1) / 50) * 50) : 0;
      const rows = await waveResultsPage(store, workspace, wave, now, { filter, window: { offset: start, limit: 50, total } });
      console.log(`  ${JSON.stringify(counts)} rows ${rows.length} from ${start}`);
    });
  }
}
await store.close();
