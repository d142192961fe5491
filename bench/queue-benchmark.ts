/**
 * The queue step at scale: `node --import tsx bench/queue-benchmark.ts --people N` (default
 * 100,000; the target is also checked at 1,500,000). Builds the demo workspace, imports a
 * generated staff list of N people, points the announcement at every member of staff one by one
 * with a personalised template, approves it, and times `send --queue-only` in its own process:
 * queue time, peak memory and how much the workspace grew. The SQLite driver alone inserting as
 * many rows of the outbox's shape, keys included, is the baseline.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { generateExports } from './generate-exports.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/commsplan.js');
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
/** Long after any demo occurrence, so the announcement is due. */
const QUEUE_AT = '2030-06-03T09:00:00Z';

/** In a child process: the queue step alone, on the built code, as the command runs it. */
async function queueInThisProcess(dbPath: string): Promise<void> {
  const built = (path: string) => import(new URL(`../dist/${path}`, import.meta.url).href);
  const { queueDue } = (await built('approvals/queue-due.js')) as typeof import('../src/approvals/queue-due.js');
  const { findOrganisation } = (await built('plan/plan.store.js')) as typeof import('../src/plan/plan.store.js');
  const { resultsHolds } = (await built('results/occurrence-holds.js')) as typeof import('../src/results/occurrence-holds.js');
  const { openSqliteStore } = (await built('store/open-sqlite-store.js')) as typeof import('../src/store/open-sqlite-store.js');
  const store = await openSqliteStore(dbPath, { create: false });
  const organisation = await findOrganisation(store.db, dbPath);
  const started = performance.now();
  const outcome = await queueDue(
    store,
    organisation,
    new Date(QUEUE_AT),
    (p) => {
      if (p.recipients > 0 && p.recipients % 200_000 === 0)
        process.stderr.write(`  ${fmt(p.recipients)} queued, ${fmt(p.recipients / ((performance.now() - started) / 1000))} a second\n`);
    },
    resultsHolds,
    // Only a staff list is imported: the data check would hold the email for the mailbox list.
    { anyway: true },
  );
  const seconds = (performance.now() - started) / 1000;
  const closing = performance.now();
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ seconds, closeSeconds: (performance.now() - closing) / 1000, queued: outcome.queued, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
}

const workspaceBytes = (dbPath: string) =>
  ['', '-wal'].reduce((total, suffix) => total + (existsSync(dbPath + suffix) ? statSync(dbPath + suffix).size : 0), 0);

/** The SQLite driver alone writing `rows` outbox-shaped rows with their sha256 keys, in one transaction. */
function driverBaseline(rows: number): number {
  const db = new Database(':memory:');
  db.exec(
    'CREATE TABLE outbox (org_id, message_key, occurrence_key, recipient, person_email, template_id, template_version, sender_name, fields_json, state, not_before, created_at, PRIMARY KEY (org_id, message_key))',
  );
  const insert = db.prepare('INSERT INTO outbox VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) {
      const email = `person.${i}@trust.nhs.uk`;
      const key = createHash('sha256')
        .update(JSON.stringify(['announcement', email, '0123456789abcdef']))
        .digest('hex');
      const fields = JSON.stringify({ 'first name': `Name${i}`, 'combined size': '1.2 GB' });
      insert.run(
        'benchmark-trust',
        key,
        'announcement',
        email,
        email,
        'announcement',
        '0123456789abcdef',
        'bench',
        fields,
        'queued',
        QUEUE_AT,
        QUEUE_AT,
      );
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return seconds;
}

async function main(): Promise<void> {
  const people = Number(argument('--people') ?? 100_000);
  const dir = join(ROOT, 'bench', 'out', `queue-${people}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`commsplan queue benchmark: ${fmt(people)} people, Node ${process.version}`);
  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, '--db', dbPath, ...args], { cwd: dir, encoding: 'utf8' });
  const dbPath = join(dir, 'demo', 'commsplan.db');
  execFileSync(process.execPath, [CLI, 'demo', '--dir', 'demo', '--plan-only'], { cwd: dir });
  const generated = await generateExports({ dir: join(dir, 'exports'), people });
  let t = performance.now();
  cli('import', 'people', generated.files.people);
  console.log(`staff list of ${fmt(people)} imported in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  cli('audiences', '--json');
  console.log(`people table worked out in ${((performance.now() - t) / 1000).toFixed(1)} s (before the queue, as any audience read does)`);

  const db = new Database(dbPath);
  const orgId = (db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  db.prepare(
    `INSERT INTO senders (org_id, name, kind, folder, from_address, per_minute, per_day, per_message, is_default, created_at)
     VALUES (?, 'bench', 'folder', 'sent', 'comms@northmoor-valley.example', 30, 10000, 500, 1, ?)`,
  ).run(orgId, QUEUE_AT);
  // Person by person rather than one message to a list, with personal fields, so every row is personalised.
  db.prepare(`UPDATE activities SET channels_json = '["targeted-email"]' WHERE org_id = ? AND id = 'announcement'`).run(orgId);
  db.prepare(
    `UPDATE templates SET body = 'Dear ((first name)),' || char(10) || char(10) || body || char(10) || char(10) || 'Your mailboxes hold ((combined size)) of the ((quota)) NHSmail gives you.' WHERE org_id = ? AND id = 'announcement'`,
  ).run(orgId);
  db.close();
  // The benchmark imports only a staff list, so the data check would stop for the mailbox list it never has.
  cli('approve', 'announcement', '--by', 'Benchmark', '--anyway');

  const before = workspaceBytes(dbPath);
  const child = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/queue-benchmark.ts'), '--child', dbPath], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const run = JSON.parse(child.trim().split('\n').at(-1) as string);
  const grownMb = (workspaceBytes(dbPath) - before) / 1024 ** 2;
  const queued = run.queued.reduce((n: number, q: { newMessages: number }) => n + q.newMessages, 0);
  const baseline = driverBaseline(queued);
  console.log(
    [
      `queued ${fmt(queued)} personalised messages in ${run.seconds.toFixed(1)} s (${fmt(queued / run.seconds)} a second; closing ${run.closeSeconds.toFixed(1)} s)`,
      `baseline, the SQLite driver alone writing as many keyed rows in memory: ${baseline.toFixed(1)} s, so the queue step takes ${(run.seconds / baseline).toFixed(1)} times as long`,
      `peak memory of the queue process ${fmt(run.peakRssMb)} MB; the workspace grew by ${fmt(grownMb)} MB (${fmt((grownMb * 1024 ** 2) / Math.max(queued, 1))} bytes a message)`,
      `targets: 100,000 in under 10 s; 1.5 million in under 120 s, peak memory under 1,024 MB, growth under 1,024 MB`,
    ].join('\n'),
  );
}

if (process.argv.includes('--child')) await queueInThisProcess(argument('--child') as string);
else await main();
