/**
 * npm run bench:web [-- --people N --seconds S]: the web app under load. With the directory at
 * NHSmail scale (1.5 million people by default, from the same generated exports as
 * `npm run bench`), the built `commsplan serve` is started in its own process and 20 signed-in
 * people (session cookies from real sign-ins through the form) ask for each page at once, with
 * autocannon on loopback. Reports median and p95 latency per page against the targets (median
 * under 200 ms, p95 under 500 ms) and requests per second, beside a bare Node HTTP server
 * answering the same load (the ceiling of the load tool and loopback on this machine).
 *
 * Then the same after an import from the command line (the migration-status file again, in its
 * own process while the server runs): the pages keep being asked for while the server rebuilds
 * the people table and recounts the audiences in the background, until the audience-count progress says
 * the counts are current again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addUser } from '../src/accounts/manage-users.js';
import { findUserByEmail } from '../src/accounts/users.store.js';
import { refreshAudienceCounts, storedAudienceCounts } from '../src/audiences/stored-audience-counts.js';
import { initWorkspace } from '../src/plan/init-workspace.js';
import { findOrganisation } from '../src/plan/plan.store.js';
import { readTypedSettings } from '../src/settings/settings.store.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';
import { addWave } from '../src/waves/manage-waves.js';
import { generateExports } from './generate-exports.js';
import {
  fmt,
  numberOption,
  PASSWORD,
  percentile,
  ROOT,
  sessionCookie,
  startCommsplan,
  startServer,
  TARGET_MEDIAN_MS,
  TARGET_P95_MS,
} from './web-load.js';

/**
 * The pages under load: add a path here when a page lands. `:activity` becomes the workspace's
 * first activity. A path that answers 404 (a page not on this branch yet) is skipped.
 */
export const PAGES = [
  '/',
  '/audiences',
  '/waves',
  '/activities/:activity',
  '/timeline',
  '/settings',
  '/people?list=current',
  '/mail',
  '/reports',
  '/log',
  '/copy',
  '/sending',
  '/menu/plan',
  '/tasks',
  '/helpdesk',
  '/bounces',
  '/users',
  '/senders',
  '/closures',
  '/waves/:wave/results',
  '/waves/:wave/people',
  '/reports/messages?occurrence=:activity&count=recipients',
  '/log?kind=waves',
];

const CONNECTIONS = 20;
const people = numberOption('--people', 1_500_000);
const seconds = numberOption('--seconds', 10);
const outDir = join(ROOT, 'bench', 'out', String(people));

/** The workspace with every generated export imported, made once per size and kept in bench/out. */
async function preparedWorkspace(): Promise<string> {
  const dbPath = join(outDir, 'web.db');
  const ready = join(outDir, 'web-ready');
  if (existsSync(ready) && existsSync(dbPath)) return dbPath;
  let started = performance.now();
  const marker = join(outDir, 'complete');
  const generated = await generateExports({ dir: outDir, people });
  writeFileSync(marker, 'ok');
  console.log(`generated exports in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  const store = await openSqliteStore(dbPath, { create: true });
  const organisation = await initWorkspace(store, { org: 'Benchmark Trust', start: '2027-01-04' }, new Date());
  // The four waves the generated staff list names, so the wave pages have people in them.
  for (const start of ['2027-03-06', '2027-03-13', '2027-03-20', '2027-03-27'])
    await addWave(store, organisation, { start }, { actor: 'bench', now: new Date() });
  await store.close();
  started = performance.now();
  for (const [kind, file] of [
    ['mailboxes', generated.files.mailboxes],
    ['mailbox-stats', generated.files.mailboxStats],
    ['permissions', generated.files.permissions],
    ['people', generated.files.people],
    ['nhsmail-accounts', generated.files.nhsmailAccounts],
    ['mobile-devices', generated.files.mobileDevices],
    ['migration-status', generated.files.migrationStatus],
  ] as const) {
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/import-once.ts'), dbPath, kind, file], {
      cwd: ROOT,
      maxBuffer: 1e7,
    });
  }
  console.log(`imported them in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  writeFileSync(ready, 'ok');
  return dbPath;
}

/**
 * One administrator per simulated person (so that every page, the admin pages too, answers), added
 * once; returns their addresses, the first activity's id and the first wave's.
 */
async function prepareUsers(dbPath: string): Promise<{ emails: string[]; activity: string; wave: string }> {
  const store = await openSqliteStore(dbPath, { create: false });
  const organisation = await findOrganisation(store.db, dbPath);
  const emails = Array.from({ length: CONNECTIONS }, (_, i) => `admin${i + 1}@benchmark.example`);
  for (const email of emails) {
    if (!(await findUserByEmail(store.db, organisation.id, email))) {
      await addUser(store, organisation, { email, role: 'admin', password: PASSWORD }, { actor: 'benchmark', now: new Date() });
    }
  }
  // The steady state the pages are built for: counts kept fresh after each import. The time
  // after an import, while the server recounts, is measured apart (whileRecounting).
  const reading = { orgId: organisation.id, settings: await readTypedSettings(store.db, organisation.id), now: new Date() };
  if (!(await storedAudienceCounts(store, organisation.id, reading.now)).upToDate) {
    const started = performance.now();
    await refreshAudienceCounts(store, reading);
    console.log(`counted the audiences in ${((performance.now() - started) / 1000).toFixed(1)} s, as an import does after it`);
  }
  const first = await store.db
    .selectFrom('activities')
    .select('id')
    .where('org_id', '=', organisation.id)
    .orderBy('position')
    .executeTakeFirst();
  const firstWave = await store.db
    .selectFrom('waves')
    .select('id')
    .where('org_id', '=', organisation.id)
    .orderBy('start_date')
    .executeTakeFirst();
  await store.close();
  return { emails, activity: first?.id ?? 'none', wave: String(firstWave?.id ?? 'none') };
}

interface PageResult {
  path: string;
  requests: number;
  requestsPerSecond: number;
  medianMs: number;
  p95Ms: number;
  errors: number;
}

/** CONNECTIONS connections for `duration` seconds, each connection keeping one person's cookie. */
async function load(url: string, cookies: string[], duration: number): Promise<Omit<PageResult, 'path'> & { times: number[] }> {
  let next = 0;
  const times: number[] = [];
  let errors = 0;
  const options: autocannon.Options = {
    url,
    connections: CONNECTIONS,
    duration,
    initialContext: {},
    requests: [
      {
        setupRequest: (request, context: { cookie?: string }) => {
          context.cookie ??= cookies[next++ % Math.max(1, cookies.length)];
          return { ...request, headers: { ...request.headers, ...(context.cookie ? { cookie: context.cookie } : {}) } };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolvePromise, reject) => {
    const instance = autocannon(options, (error, finished) => (error ? reject(error) : resolvePromise(finished)));
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      times.push(responseTime);
      if (statusCode !== 200) errors++;
    });
  });
  times.sort((a, b) => a - b);
  return {
    times,
    requests: times.length,
    requestsPerSecond: times.length / duration,
    medianMs: percentile(times, 50),
    p95Ms: percentile(times, 95),
    errors: errors + result.errors + result.timeouts,
  };
}

/** Longest the benchmark waits for the recount after the import. */
const RECOUNT_LIMIT_S = 300;
const CHUNK_S = 2;

/**
 * Imports the migration-status file again from outside the server, then asks for the pages in
 * turn, CHUNK_S seconds each, until the audiences page no longer says the counts are being
 * worked out: how the server answers while it rebuilds the people table and recounts.
 */
async function whileRecounting(base: string, cookies: string[], dbPath: string, paths: string[]) {
  const started = performance.now();
  execFileSync(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bench/import-once.ts'), dbPath, 'migration-status', join(outDir, 'migration-status.csv')],
    {
      cwd: ROOT,
      maxBuffer: 1e7,
    },
  );
  const importSeconds = (performance.now() - started) / 1000;
  const counting = async () => {
    const progress = await fetch(`${base}/progress/audience-counts`, { headers: { cookie: cookies[0] as string } });
    return ((await progress.json()) as { running: boolean }).running;
  };
  const recountStarted = performance.now();
  const times: number[] = [];
  let errors = 0;
  let stillCounting = await counting();
  for (let turn = 0; stillCounting && performance.now() - recountStarted < RECOUNT_LIMIT_S * 1000; turn++) {
    const chunk = await load(`${base}${paths[turn % paths.length]}`, cookies, CHUNK_S);
    times.push(...chunk.times);
    errors += chunk.errors;
    stillCounting = await counting();
  }
  const recountSeconds = (performance.now() - recountStarted) / 1000;
  times.sort((a, b) => a - b);
  const result = {
    importSeconds,
    recountSeconds,
    recounted: !stillCounting,
    requests: times.length,
    medianMs: percentile(times, 50),
    p95Ms: percentile(times, 95),
    maxMs: times.at(-1) ?? Number.NaN,
    errors,
  };
  console.log(
    `\nafter a command-line import (${importSeconds.toFixed(1)} s), every page in turn while the server recounts: ${
      result.recounted ? `counts current again after ${recountSeconds.toFixed(1)} s` : `STILL COUNTING after ${RECOUNT_LIMIT_S} s`
    }; ${fmt(result.requests)} requests, median ${result.medianMs.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, slowest ${result.maxMs.toFixed(0)} ms, ${errors} errors`,
  );
  return result;
}

const peakRssMb = (pid: number | undefined) => {
  const status = pid ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
};

async function main() {
  console.log(
    `commsplan web benchmark: ${fmt(people)} people, ${CONNECTIONS} signed-in people at once, ${seconds} s a page, Node ${process.version}`,
  );
  const dbPath = await preparedWorkspace();
  const { emails, activity, wave } = await prepareUsers(dbPath);
  const bare = await startServer(process.execPath, [
    '-e',
    "require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port) })",
  ]);
  const server = await startCommsplan(dbPath);
  try {
    const cookies = [];
    for (const email of emails) cookies.push(await sessionCookie(server.url, email));
    const baseline = await load(bare.url, [], seconds);
    console.log(
      `\nbare Node HTTP server (the ceiling here): ${fmt(baseline.requestsPerSecond)} requests/s, median ${baseline.medianMs.toFixed(1)} ms`,
    );
    console.log('\npage                        requests   requests/s   median ms   p95 ms   errors   targets (median < 200, p95 < 500)');
    const results: PageResult[] = [];
    const paths = PAGES.map((page) => page.replace(':activity', encodeURIComponent(activity)).replace(':wave', encodeURIComponent(wave)));
    for (const path of paths) {
      const probe = await fetch(`${server.url}${path}`, { headers: { cookie: cookies[0] as string }, redirect: 'manual' });
      await probe.arrayBuffer();
      if (probe.status !== 200) {
        console.log(`${path.padEnd(27)} skipped: answers ${probe.status}${probe.status === 404 ? ' (not on this branch)' : ''}`);
        continue;
      }
      await load(`${server.url}${path}`, cookies, 1); // warm-up, not counted
      const { times: _, ...loaded } = await load(`${server.url}${path}`, cookies, seconds);
      const result = { path, ...loaded };
      results.push(result);
      const met = result.medianMs < TARGET_MEDIAN_MS && result.p95Ms < TARGET_P95_MS && result.errors === 0;
      console.log(
        `${path.padEnd(27)} ${fmt(result.requests).padStart(8)} ${fmt(result.requestsPerSecond).padStart(12)} ${result.medianMs.toFixed(1).padStart(11)} ${result.p95Ms.toFixed(1).padStart(8)} ${String(result.errors).padStart(8)}   ${met ? 'met' : 'MISSED'} (${(result.requestsPerSecond / baseline.requestsPerSecond).toFixed(3)} of the bare server's rate)`,
      );
    }
    const afterImport = await whileRecounting(server.url, cookies, dbPath, paths);
    const serverPeakRssMb = peakRssMb(server.child.pid);
    console.log(`\nserver peak RSS: ${fmt(serverPeakRssMb)} MB`);
    mkdirSync(join(ROOT, 'bench', 'out'), { recursive: true });
    writeFileSync(
      join(ROOT, 'bench', 'out', `web-results-${people}.json`),
      JSON.stringify(
        { people, connections: CONNECTIONS, seconds, node: process.version, baseline, pages: results, afterImport, serverPeakRssMb },
        null,
        2,
      ),
    );
  } finally {
    server.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
  }
}

await main();
