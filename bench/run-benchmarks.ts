/**
 * npm run bench [-- --people N]: the directory at NHSmail scale (1.5 million people by default).
 * Generates realistic exports, imports 1.5 M mailboxes, 1.5 M mailbox statistics and 3 M
 * permission rows (plus the staff list and the smaller exports), each in its own process, then
 * times every audience count. Each import is set against csv-parse alone on the same file and
 * the SQLite driver alone inserting the same number of rows. Each import reports the rows it read
 * and the rows it stored (counted in the database afterwards: most permission rows are system
 * accounts and are dropped), and the people table that the first read after the imports works
 * out is timed on its own, in its own process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { summariseAudiences } from '../src/audiences/manage-audiences.js';
import { initWorkspace } from '../src/plan/init-workspace.js';
import { findOrganisation } from '../src/plan/plan.store.js';
import { typedSettings } from '../src/settings/typed-settings.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';
import { csvParseCeiling, driverInsertCeiling } from './ceilings.js';
import { generateExports } from './generate-exports.js';

const ROOT = resolve(import.meta.dirname, '..');
const peopleArg = process.argv.indexOf('--people');
const people = peopleArg > 0 ? Number(process.argv[peopleArg + 1]) : 1_500_000;
const outDir = join(ROOT, 'bench', 'out', String(people));
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');

async function main() {
  console.log(`commsplan directory benchmark: ${fmt(people)} people, Node ${process.version}`);
  const marker = join(outDir, 'complete');
  let t = performance.now();
  const generated = await generateExports({ dir: outDir, people });
  writeFileSync(marker, 'ok');
  console.log(
    `generated exports in ${((performance.now() - t) / 1000).toFixed(1)} s: ${Object.entries(generated.rows)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );

  const dbPath = join(outDir, 'bench.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const store = await openSqliteStore(dbPath, { create: true });
  await initWorkspace(store, { org: 'Benchmark Trust', start: '2027-01-04' }, new Date());
  await store.close();

  const imports: [string, string, 'utf16le' | 'utf8', number][] = [
    ['mailboxes', generated.files.mailboxes, 'utf16le', 11],
    ['mailbox-stats', generated.files.mailboxStats, 'utf8', 7],
    ['permissions', generated.files.permissions, 'utf8', 7],
    ['people', generated.files.people, 'utf8', 11],
    ['nhsmail-accounts', generated.files.nhsmailAccounts, 'utf8', 3],
    ['mobile-devices', generated.files.mobileDevices, 'utf8', 8],
    ['migration-status', generated.files.migrationStatus, 'utf8', 3],
  ];
  const results = [];
  console.log(
    '\nimport          rows read   rows stored        s   read/s   csv-parse alone   driver alone   vs csv   vs driver   peak RSS   close s',
  );
  for (const [kind, file, encoding, columns] of imports) {
    const output = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/import-once.ts'), dbPath, kind, file], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 1e7,
    });
    const run = JSON.parse(output.trim().split('\n').at(-1) as string);
    if (!run.committed || run.errors) throw new Error(`${kind} import did not commit cleanly: ${output}`);
    const csv = await csvParseCeiling(file, kind === 'people' ? 'utf8' : encoding);
    const driver = driverInsertCeiling(run.rows, columns + 3);
    const rate = run.rows / run.seconds;
    const csvRate = csv.rows / csv.seconds;
    const driverRate = driver.rows / driver.seconds;
    results.push({
      kind,
      rows: run.rows,
      stored: run.stored,
      rejected: run.rejected,
      skipped: run.skipped,
      seconds: run.seconds,
      rowsPerSecond: rate,
      csvParseRowsPerSecond: csvRate,
      driverRowsPerSecond: driverRate,
      peakRssMb: run.peakRssMb,
      closeSeconds: run.closeSeconds,
      checkedInWorker: run.inWorker,
    });
    console.log(
      `${kind.padEnd(16)} ${fmt(run.rows).padStart(9)} ${fmt(run.stored).padStart(13)} ${run.seconds.toFixed(1).padStart(8)} ${fmt(rate).padStart(11)} ${fmt(csvRate).padStart(17)} ${fmt(driverRate).padStart(14)} ${(rate / csvRate).toFixed(2).padStart(8)} ${(rate / driverRate).toFixed(2).padStart(11)} ${`${fmt(run.peakRssMb)} MB`.padStart(10)} ${run.closeSeconds.toFixed(1).padStart(9)}`,
    );
  }
  const big = results.filter((r) => ['mailboxes', 'mailbox-stats', 'permissions'].includes(r.kind));
  const bigRows = big.reduce((sum, r) => sum + r.rows, 0);
  const bigSeconds = big.reduce((sum, r) => sum + r.seconds, 0);
  console.log(
    `\nmailboxes + statistics + permissions: ${fmt(bigRows)} rows in ${bigSeconds.toFixed(1)} s = ${fmt(bigRows / bigSeconds)} rows/s (target 100,000); peak RSS ${fmt(Math.max(...results.map((r) => r.peakRssMb)))} MB (target under 1,024 MB)`,
  );

  // The first reading after an import works out the people table again (ADR 0006): timed on its own.
  const rebuildOutput = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/rebuild-once.ts'), dbPath], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const rebuild = JSON.parse(rebuildOutput.trim().split('\n').at(-1) as string) as { seconds: number; people: number; peakRssMb: number };
  const rebuildSeconds = rebuild.seconds;
  console.log(
    `people table worked out after the imports: ${rebuild.seconds.toFixed(2)} s for ${fmt(rebuild.people)} people (peak RSS ${fmt(rebuild.peakRssMb)} MB)`,
  );
  const reopened = await openSqliteStore(dbPath, { create: false });
  const organisation = await findOrganisation(reopened.db, dbPath);
  const reading = { orgId: organisation.id, settings: typedSettings({}), now: new Date() };
  t = performance.now();
  await summariseAudiences(reopened, reading);
  console.log(`the first counts after it: ${((performance.now() - t) / 1000).toFixed(2)} s`);
  const timings: number[] = [];
  let counts: Record<string, number> = {};
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    const overview = await summariseAudiences(reopened, reading);
    counts = Object.fromEntries(overview.audiences.map((a) => [a.name, a.count]));
    timings.push((performance.now() - t) / 1000);
  }
  await reopened.close();
  timings.sort((a, b) => a - b);
  console.log(
    `all ${Object.keys(counts).length} built-in audience counts: ${timings.map((s) => s.toFixed(2)).join(' s, ')} s (median ${timings[1]?.toFixed(2)} s, target under 2 s)`,
  );
  console.log(
    Object.entries(counts)
      .map(([name, n]) => `  ${name}: ${fmt(n)}`)
      .join('\n'),
  );
  mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
  writeFileSync(
    join(ROOT, 'bench', 'out', `results-${people}.json`),
    JSON.stringify(
      {
        people,
        node: process.version,
        imports: results,
        audienceCountSeconds: timings,
        rebuildSeconds,
        rebuiltPeople: rebuild.people,
        rebuildPeakRssMb: rebuild.peakRssMb,
        counts,
      },
      null,
      2,
    ),
  );
  if (!existsSync(marker)) throw new Error('generation did not complete');
}

await main();
