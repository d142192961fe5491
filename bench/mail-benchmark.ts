/**
 * npm run bench:mail [-- --messages N --requests R]: the mail page with a folder sender's folder of
 * N messages (10,000 by default). Writes N .eml files with the folder sender itself (each given its
 * own written time, a minute apart, so the order is known), starts the built `commsplan serve` in
 * its own process and asks for the first page and a late page of the folder R times each, one
 * request at a time, then 100 requests from 20 signed-in people at once (autocannon), against the targets
 * (median under 200 ms, p95 under 500 ms). In the same run, the baselines: a bare `readdir` of the
 * folder, and the old way the page listed it (the whole folder listed and every file looked at, on
 * every request).
 *
 * Then, as the worker does while the server runs, another process writes messages into the folder:
 * the first page is timed while it writes, and each new message must be on the first page of the
 * next request. Every page asked for is checked: the newest 50 in order, the total right.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addUser } from '../src/accounts/manage-users.js';
import { folderTransport } from '../src/delivery/folder-transport.js';
import { listMailFolder } from '../src/delivery/mail-files.js';
import { initWorkspace } from '../src/plan/init-workspace.js';
import { insertSender } from '../src/senders/senders.store.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';
import {
  fmt,
  numberOption,
  PASSWORD,
  percentile,
  ROOT,
  sessionCookie,
  startCommsplan,
  TARGET_MEDIAN_MS,
  TARGET_P95_MS,
} from './web-load.js';

const MESSAGES = numberOption('--messages', 10_000);
const REQUESTS = numberOption('--requests', 40);
const WRITING_SECONDS = numberOption('--seconds', 5);
const CONNECTIONS = 20;
const PAGE_SIZE = 50;
const ADMIN = 'admin@benchmark.example';
const dir = join(ROOT, 'bench', 'out', `mail-${MESSAGES}`);
const folder = join(dir, 'sent');
const subjectOf = (i: number) => `Benchmark message ${i}`;

async function prepare(): Promise<string> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const dbPath = join(dir, 'mail.db');
  const store = await openSqliteStore(dbPath, { create: true });
  const now = new Date();
  const organisation = await initWorkspace(store, { org: 'Benchmark Trust', start: '2027-01-04' }, now);
  await insertSender(
    store.db,
    organisation.id,
    {
      name: 'bench',
      kind: 'folder',
      folder,
      from: 'NHSmail project <project@benchmark.example>',
      sendAs: false,
      limits: { perMinute: 60, perDay: 100_000, perMessage: 1 },
    },
    true,
    now,
  );
  await addUser(store, organisation, { email: ADMIN, role: 'admin', password: PASSWORD }, 'benchmark', now);
  await store.close();
  const started = performance.now();
  // A minute apart, the newest an hour ago, so a message written now is newer than them all.
  const firstWritten = Date.now() - (MESSAGES + 60) * 60_000;
  for (let i = 0; i < MESSAGES; i += 100) {
    const batch = Array.from({ length: Math.min(100, MESSAGES - i) }, (_, j) => i + j);
    await Promise.all(batch.map((n) => writeMessageOnly(n, new Date(firstWritten + n * 60_000))));
  }
  console.log(`wrote ${fmt(MESSAGES)} messages with the folder sender in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dbPath;
}

/** Message `i` written as the folder sender writes it, then given the written time `at` if there is one (before the server runs). */
async function writeMessageOnly(i: number, at?: Date): Promise<void> {
  const sent = await folderTransport(folder, () => new Date()).send({
    messageId: `<benchmark-${i}@commsplan>`,
    from: 'NHSmail project <project@benchmark.example>',
    to: [`person.${i}@benchmark.example`],
    subject: subjectOf(i),
    html: `<p>Dear person ${i},</p><p>Your mailbox moves this weekend.</p>`,
    text: `Dear person ${i},\n\nYour mailbox moves this weekend.\n${'More about the move. '.repeat(40)}`,
  });
  if (!sent.ok) throw new Error(sent.failure.reason);
  if (at) await utimes(/written to (.*)$/.exec(sent.response)?.[1] as string, at, at);
}

/** The old way the page listed the folder, on every request: every name, every file looked at, sorted. */
async function listTheOldWay(): Promise<number> {
  const names = await readdir(folder);
  const files = await Promise.all(
    names
      .filter((name) => /^[^./\\][^/\\]*\.eml$/.test(name))
      .map(async (name) => {
        const info = await stat(join(folder, name)).catch(() => undefined);
        return info?.isFile() ? { name, writtenAt: info.mtime.toISOString() } : undefined;
      }),
  );
  return files.filter((f) => f !== undefined).sort((a, b) => b.writtenAt.localeCompare(a.writtenAt) || a.name.localeCompare(b.name)).length;
}

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95) };
};
const line = (label: string, times: number[], targets = false) => {
  const { medianMs, p95Ms } = summary(times);
  const met = medianMs < TARGET_MEDIAN_MS && p95Ms < TARGET_P95_MS;
  return `${label.padEnd(58)} median ${medianMs.toFixed(1).padStart(7)} ms   p95 ${p95Ms.toFixed(1).padStart(7)} ms${targets ? `   ${met ? 'met' : 'MISSED'}` : ''}`;
};

async function timed(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await work();
    result.push(performance.now() - started);
  }
  return result;
}

/** The subjects the page lists in the folder's table, in order, and the total it gives. */
function folderRows(html: string): { subjects: string[]; total: string } {
  const table = /<table class="nhsuk-table" data-testid="folder-bench">([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  const subjects = [...table.matchAll(/<a href="\/mail\/bench\/[^"]+">([^<]*)<\/a>/g)].map((m) => m[1] as string);
  const total = /: ([\d,]+) messages?, newest first\./.exec(html)?.[1] ?? '';
  return { subjects, total };
}

/** Asks for page `page` and checks it lists the newest messages in order, `newest` being the newest of all, `count` in all. */
async function checkedPage(base: string, cookie: string, page: number, newest: number, count: number): Promise<void> {
  const response = await fetch(`${base}/mail?sender=bench${page > 1 ? `&page=${page}` : ''}`, { headers: { cookie } });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`/mail page ${page} answered ${response.status}`);
  const { subjects, total } = folderRows(html);
  const first = newest - (page - 1) * PAGE_SIZE;
  const expected = Array.from({ length: Math.min(PAGE_SIZE, first + 1) }, (_, i) => subjectOf(first - i));
  if (JSON.stringify(subjects) !== JSON.stringify(expected))
    throw new Error(
      `page ${page} lists ${subjects.slice(0, 3).join(', ')}... (${subjects.length}), not ${expected.slice(0, 3).join(', ')}... (${expected.length})`,
    );
  if (total !== count.toLocaleString('en-GB')) throw new Error(`page ${page} says ${total} messages, not ${count}`);
}

async function load(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  await new Promise<void>((resolvePromise, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, amount: CONNECTIONS * 5, timeout: 120, headers: { cookie } }, (error) =>
      error ? reject(error) : resolvePromise(),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode !== 200) reject(new Error(`answered ${statusCode}`));
      times.push(responseTime);
    });
  });
  return times;
}

async function main() {
  console.log(`commsplan mail page benchmark: ${fmt(MESSAGES)} messages in a folder sender's folder, Node ${process.version}`);
  const dbPath = await prepare();
  const late = Math.max(1, Math.ceil(MESSAGES / PAGE_SIZE) - 10);

  console.log('\nin this process, listing the folder:');
  const bare = await timed(REQUESTS, () => readdir(folder));
  console.log(line('bare readdir of the folder (baseline)', bare));
  const old = await timed(Math.min(REQUESTS, 20), listTheOldWay);
  console.log(line('the old way: readdir and every file looked at (baseline)', old));
  const cold = await timed(1, () => listMailFolder(folder, new Date()));
  const warm = await timed(REQUESTS, () => listMailFolder(folder, new Date()));
  console.log(line('listMailFolder, first call (lists and looks at every file)', cold));
  console.log(line('listMailFolder, folder unchanged', warm));
  if ((await listMailFolder(folder, new Date())).length !== MESSAGES) throw new Error('listMailFolder does not list every message');

  const server = await startCommsplan(dbPath);
  let writer: ChildProcess | undefined;
  try {
    const cookie = await sessionCookie(server.url, ADMIN);
    await checkedPage(server.url, cookie, 1, MESSAGES - 1, MESSAGES);
    await checkedPage(server.url, cookie, late, MESSAGES - 1, MESSAGES);
    console.log(`\nthe page through the server (${REQUESTS} requests one at a time, then ${CONNECTIONS * 5} with ${CONNECTIONS} at once):`);
    const page1 = await timed(REQUESTS, () => checkedPage(server.url, cookie, 1, MESSAGES - 1, MESSAGES));
    console.log(line('/mail page 1, one at a time', page1, true));
    const pageLate = await timed(REQUESTS, () => checkedPage(server.url, cookie, late, MESSAGES - 1, MESSAGES));
    console.log(line(`/mail page ${late}, one at a time`, pageLate, true));
    console.log(line(`/mail page 1, ${CONNECTIONS} at once`, await load(`${server.url}/mail?sender=bench`, cookie), true));
    console.log(
      line(`/mail page ${late}, ${CONNECTIONS} at once`, await load(`${server.url}/mail?sender=bench&page=${late}`, cookie), true),
    );

    // Another process writes new messages, as the worker does while the server runs.
    let written = MESSAGES;
    const writeInOtherProcess = (i: number) =>
      execFileSync(
        process.execPath,
        ['--import', 'tsx', join(ROOT, 'bench/mail-benchmark.ts'), '--write', String(i), '--messages', String(MESSAGES)],
        {
          cwd: ROOT,
        },
      );
    for (let n = 0; n < 3; n++) {
      writeInOtherProcess(written);
      written += 1;
      await checkedPage(server.url, cookie, 1, written - 1, written);
    }
    console.log(`\nthree messages written by another process: each listed first on the next request, the total right`);
    writer = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'bench/mail-benchmark.ts'), '--writer', String(written), '--messages', String(MESSAGES)],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let writerCount = 0;
    writer.stdout?.on('data', (chunk: Buffer) => {
      writerCount += chunk.toString().split('\n').filter(Boolean).length;
    });
    const whileWriting: number[] = [];
    const until = performance.now() + WRITING_SECONDS * 1000;
    while (performance.now() < until) {
      const newestWritten = written + writerCount - 1;
      const started = performance.now();
      const response = await fetch(`${server.url}/mail?sender=bench`, { headers: { cookie } });
      const { subjects } = folderRows(await response.text());
      whileWriting.push(performance.now() - started);
      const listedNewest = Number(/(\d+)$/.exec(subjects[0] ?? '')?.[1]);
      if (!(listedNewest >= newestWritten))
        throw new Error(`message ${newestWritten} was written before the request, but the page starts at ${listedNewest}`);
    }
    console.log(line(`/mail page 1 while another process writes 10 a second`, whileWriting, true));
  } finally {
    writer?.kill('SIGTERM');
    server.child.kill('SIGTERM');
  }
}

if (process.argv.includes('--write')) await writeMessageOnly(numberOption('--write', 0));
else if (process.argv.includes('--writer')) {
  // Writes a message every 100 ms, printing a line once each is in the folder.
  for (let i = numberOption('--writer', 0); ; i++) {
    await writeMessageOnly(i);
    process.stdout.write(`${i}\n`);
    await new Promise((r) => setTimeout(r, 100));
  }
} else await main();
