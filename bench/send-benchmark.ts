/**
 * Sending at scale: `npm run bench:send -- [--messages N] [--rounds R]` (default 20,000 messages,
 * 3 rounds). Needs Postfix's `smtp-sink` and `smtp-source` (Debian's `postfix` package; installing
 * it starts no mail service).
 *
 * The demo workspace with N made-up staff (mailboxes, sizes and the staff list imported), the
 * announcement sent person by person with their first name and mailbox sizes in it, approved and
 * queued once. Then, in each round and in a rotating order, four passes into a fresh smtp-sink
 * that keeps every message:
 * - commsplan `send --due` on a copy of the queued workspace (the whole command, Node's start included);
 * - bare Nodemailer, pooled with one connection as our SMTP transport is, given each person's message as fields;
 * - bare Nodemailer given each person's message already made (raw): its SMTP alone, the like-for-like ceiling;
 * - Postfix's smtp-source, one session (`-d`), N messages of our average size: the loopback ceiling.
 * After each pass the sink's dump must hold every message exactly once (by Message-ID) and nothing
 * else, and after ours every outbox row must be `sent` after one attempt.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { generateExports } from './generate-exports.js';
import {
  bareMessageId,
  bareNodemailerSeconds,
  bareRawSeconds,
  composeRawMessages,
  rawMessageId,
  renderQueuedMessages,
  smtpSourceSeconds,
} from './send-baselines.js';
import { checkArrivals, readSinkDump, startSink } from './smtp-sink.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/commsplan.js');
const PORT = 2526;
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
const SEND_AT = '2030-06-03T09:00:00Z';
/** The benchmark sender's address: its From, and the envelope sender of the baselines. */
const SENDER_ADDRESS = 'nhsmail.project@northmoor-valley.example';
type Method = 'commsplan' | 'bare Nodemailer' | 'bare Nodemailer, raw' | 'smtp-source';
const METHODS: readonly Method[] = ['commsplan', 'bare Nodemailer', 'bare Nodemailer, raw', 'smtp-source'];

interface Workspace {
  dir: string;
  queuedDb: string;
  audience: number;
}

/** The demo workspace with N people, the announcement personalised, approved and queued once. */
async function queuedWorkspace(messages: number): Promise<Workspace> {
  const dir = join(ROOT, 'bench', 'out', `send-${messages}`);
  rmSync(dir, { recursive: true, force: true });
  const dbPath = join(dir, 'demo', 'commsplan.db');
  const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, '--db', dbPath, ...args], { cwd: dir, encoding: 'utf8' });
  const generated = await generateExports({ dir: join(dir, 'exports'), people: messages, seed: 3 });
  execFileSync(process.execPath, [CLI, 'demo', '--dir', 'demo', '--plan-only'], { cwd: dir });
  cli('import', 'mailboxes', generated.files.mailboxes);
  cli('import', 'mailbox-stats', generated.files.mailboxStats);
  cli('import', 'people', generated.files.people, '--replace');
  // Adding a sender checks that its server answers.
  const setupSink = await startSink(PORT, join(dir, 'sink'), 'setup');
  try {
    // biome-ignore format: the sender's options read better in pairs
    cli('sender', 'add', 'sink', '--smtp', `127.0.0.1:${PORT}`, '--security', 'none', '--from', SENDER_ADDRESS,
      '--per-minute', '100000000', '--per-day', '100000000', '--per-message', '500', '--default');
  } finally {
    await setupSink.stop();
  }
  const db = new Database(dbPath);
  const orgId = (db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
  // One email to each member of staff rather than one to the all-staff list, with their own name and sizes in it.
  db.prepare(`UPDATE activities SET channels_json = '["targeted-email"]' WHERE org_id = ? AND id = 'announcement'`).run(orgId);
  db.prepare(
    `UPDATE templates SET body = 'Dear ((first name)) ((last name)),' || char(10) || char(10) || body || char(10) || char(10) || 'Your mailboxes hold ((combined size)) of the ((quota)) NHSmail gives you. This email was sent to ((email address)).' WHERE org_id = ? AND id = 'announcement'`,
  ).run(orgId);
  const audiences = JSON.parse(
    (db.prepare(`SELECT audiences_json FROM activities WHERE org_id = ? AND id = 'announcement'`).get(orgId) as { audiences_json: string })
      .audiences_json,
  ) as string[];
  db.close();
  cli('approve', 'announcement', '--by', 'Benchmark', '--anyway');
  const counts = JSON.parse(cli('audiences', '--json')) as { audiences: { name: string; count: number }[] };
  if (audiences.length !== 1) throw new Error(`the announcement has ${audiences.length} audiences; the benchmark expects one`);
  const audience = counts.audiences.find((a) => a.name === audiences[0])?.count;
  if (audience === undefined) throw new Error(`no count for the audience ${audiences[0]}`);
  cli('send', '--queue-only', '--now', SEND_AT, '--anyway');
  const check = new Database(dbPath, { readonly: true });
  const queued = (check.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
  const personalised = check
    .prepare(
      `SELECT count(DISTINCT json_extract(fields_json, '$."first name"') || ' ' || json_extract(fields_json, '$."last name"')) AS names,
        count(DISTINCT json_extract(fields_json, '$."combined size"')) AS sizes FROM outbox`,
    )
    .get() as { names: number; sizes: number };
  check.close();
  if (queued !== audience) throw new Error(`${queued} messages were queued for an audience of ${audience}`);
  if (audience !== messages) throw new Error(`the audience holds ${audience} people; the generated staff list has ${messages}`);
  if (personalised.names < Math.min(100, queued / 10) || personalised.sizes < Math.min(100, queued / 10))
    throw new Error(`messages are not personalised: ${personalised.names} first names and ${personalised.sizes} sizes among ${queued}`);
  console.log(
    `queued ${fmt(queued)} messages for the announcement's audience "${audiences[0]}" of ${fmt(audience)}: ${fmt(personalised.names)} different names, ${fmt(personalised.sizes)} different mailbox sizes`,
  );
  const settle = new Database(dbPath);
  settle.pragma('wal_checkpoint(TRUNCATE)');
  settle.close();
  const queuedDb = join(dir, 'queued.db');
  copyFileSync(dbPath, queuedDb);
  return { dir, queuedDb, audience };
}

/** `send --due` on a fresh copy of the queued workspace; every row must end sent after one attempt. */
function ourSeconds(workspace: Workspace, round: number): number {
  const dbPath = join(workspace.dir, `round-${round}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
  copyFileSync(workspace.queuedDb, dbPath);
  const started = performance.now();
  execFileSync(process.execPath, [CLI, '--db', dbPath, 'send', '--due', '--now', SEND_AT], { cwd: workspace.dir, encoding: 'utf8' });
  const seconds = (performance.now() - started) / 1000;
  const check = new Database(dbPath, { readonly: true });
  const states = check.prepare('SELECT state, count(*) AS n, max(attempts) AS most FROM outbox GROUP BY state').all() as {
    state: string;
    n: number;
    most: number;
  }[];
  check.close();
  if (states.length !== 1 || states[0]?.state !== 'sent' || states[0].n !== workspace.audience || states[0].most !== 1)
    throw new Error(`after send --due the outbox holds ${JSON.stringify(states)}`);
  return seconds;
}

/**
 * The body length that makes smtp-source's messages (its own headers, its body broken into lines)
 * as long as ours on the wire: measured on a few messages into the sink, outside the timing.
 */
async function smtpSourceBodyFor(messageBytes: number, dumpDir: string): Promise<number> {
  let body = Math.round(messageBytes);
  for (let attempt = 0; attempt < 3; attempt++) {
    const sink = await startSink(PORT, dumpDir, 'calibration');
    try {
      smtpSourceSeconds(PORT, 20, body);
    } finally {
      await sink.stop();
    }
    const measured = (await readSinkDump(sink.dumpFile)).averageBytes;
    if (Math.abs(measured - messageBytes) < 20) break;
    body = Math.max(1, Math.round(body * (messageBytes / measured)));
  }
  return body;
}

/** The same command with nothing left to send: what starting Node and opening the workspace cost. */
function emptyRunSeconds(workspace: Workspace, round: number): number {
  const started = performance.now();
  execFileSync(process.execPath, [CLI, '--db', join(workspace.dir, `round-${round}.db`), 'send', '--due', '--now', SEND_AT], {
    cwd: workspace.dir,
    encoding: 'utf8',
  });
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const messages = Number(argument('--messages') ?? 20_000);
  const rounds = Number(argument('--rounds') ?? 3);
  const workspace = await queuedWorkspace(messages);
  const outgoing = await renderQueuedMessages(workspace.queuedDb, SENDER_ADDRESS);
  if (new Set(outgoing.map((message) => message.text)).size !== outgoing.length) throw new Error('two people were sent the same text');
  const raws = composeRawMessages(outgoing, new Date(SEND_AT));
  const averageRaw = raws.reduce((sum, raw) => sum + raw.length, 0) / raws.length;
  const sourceBody = await smtpSourceBodyFor(averageRaw, join(workspace.dir, 'sink'));
  // smtp-source makes its own Message-IDs: its pass is checked by count and by their being all different.
  const expected: Record<Exclude<Method, 'smtp-source'>, () => Iterable<string>> = {
    commsplan: () => outgoing.map((message) => message.messageId),
    'bare Nodemailer': () => outgoing.map((_, index) => bareMessageId(index)),
    'bare Nodemailer, raw': () => outgoing.map((_, index) => rawMessageId(index)),
  };
  const seconds: Record<Method, number[]> = { commsplan: [], 'bare Nodemailer': [], 'bare Nodemailer, raw': [], 'smtp-source': [] };
  const sizes: Record<Method, number> = { commsplan: 0, 'bare Nodemailer': 0, 'bare Nodemailer, raw': 0, 'smtp-source': 0 };
  const dumps = join(workspace.dir, 'sink');
  const emptyRuns: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const order = METHODS.map((_, i) => METHODS[(i + round - 1) % METHODS.length] as Method);
    for (const method of order) {
      const sink = await startSink(PORT, dumps, `round-${round}-${method.replace(/\W+/g, '-')}`);
      let taken: number;
      try {
        if (method === 'commsplan') taken = ourSeconds(workspace, round);
        else if (method === 'bare Nodemailer') taken = await bareNodemailerSeconds(PORT, outgoing, SENDER_ADDRESS);
        else if (method === 'bare Nodemailer, raw') taken = await bareRawSeconds(PORT, raws, outgoing, SENDER_ADDRESS);
        else taken = smtpSourceSeconds(PORT, messages, sourceBody);
      } finally {
        await sink.stop();
      }
      const dump = await readSinkDump(sink.dumpFile);
      if (method === 'smtp-source') {
        if (dump.messages !== messages || dump.messageIds.size !== messages)
          throw new Error(`smtp-source: ${dump.messages} messages and ${dump.messageIds.size} Message-IDs arrived of ${messages}`);
      } else checkArrivals(method, dump, expected[method]());
      rmSync(sink.dumpFile, { force: true });
      seconds[method].push(taken);
      if (method === 'commsplan') emptyRuns.push(emptyRunSeconds(workspace, round));
      sizes[method] = dump.averageBytes;
      console.log(
        `round ${round}: ${method.padEnd(21)} ${taken.toFixed(2)} s, ${fmt(messages / taken)} a second; all ${fmt(dump.messages)} arrived once`,
      );
    }
  }
  report(messages, rounds, seconds, sizes, emptyRuns);
}

function report(
  messages: number,
  rounds: number,
  seconds: Record<Method, number[]>,
  sizes: Record<Method, number>,
  emptyRuns: number[],
): void {
  const ours = seconds.commsplan;
  console.log(
    `\ncommsplan send benchmark: ${fmt(messages)} personalised messages into Postfix smtp-sink on loopback, ${rounds} rounds, Node ${process.version}`,
  );
  console.log('method                  median s   messages/s   average bytes   ours as a share of it (median; each round)');
  for (const method of METHODS) {
    const times = seconds[method];
    const share =
      method === 'commsplan'
        ? ''
        : `${((median(times) / median(ours)) * 100).toFixed(0)}% (${times.map((t, i) => `${((t / (ours[i] as number)) * 100).toFixed(0)}%`).join(', ')})`;
    console.log(
      `${method.padEnd(22)} ${median(times).toFixed(2).padStart(9)} ${fmt(messages / median(times)).padStart(12)} ${fmt(sizes[method]).padStart(15)}   ${share}`,
    );
  }
  console.log(
    '"ours as a share" is the baseline\'s time over ours: 100% would be as fast as the baseline. Target: 75% of bare Nodemailer.',
  );
  const fixed = median(emptyRuns);
  const sending = median(ours) - fixed;
  const shareOf = (method: Method) => `${((median(seconds[method]) / sending) * 100).toFixed(0)}%`;
  console.log(
    `commsplan's time includes starting Node and opening the workspace: ${fixed.toFixed(2)} s with nothing to send (median of ${emptyRuns.map((t) => t.toFixed(2)).join(', ')}). Without it: ${sending.toFixed(2)} s, ${fmt(messages / sending)} a second, ${shareOf('bare Nodemailer')} of bare Nodemailer, ${shareOf('bare Nodemailer, raw')} of raw, ${shareOf('smtp-source')} of smtp-source.`,
  );
}

await main();
