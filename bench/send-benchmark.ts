/**
 * Sending at scale: `node --import tsx bench/send-benchmark.ts [--messages N]` (default 20,000;
 * issue 8 asks for 100,000). Needs Postfix's `smtp-sink` and `smtp-source` (Debian's `postfix`
 * package; installing it starts no mail service). Limits are set out of the way. In one run:
 * - smtp-source, one session, N messages: the loopback ceiling;
 * - bare Nodemailer, pooled with one connection as our SMTP transport is, N messages with the
 *   subject and bodies of one of ours (rendered once), so both put the same bytes on the wire;
 * - bare Nodemailer again, given that message already made (raw), N times: its SMTP alone;
 * - commsplan: the demo workspace with N made-up staff, one personalised email each, approved,
 *   queued with `send --queue-only`, then sent with `send --due` into the same sink; every
 *   message must end `sent` once.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { claimedMessageOf } from '../src/delivery/claims.store.js';
import { composeMime } from '../src/delivery/compose-mime.js';
import { composeOutgoing, sendingTemplates } from '../src/delivery/sending-templates.js';
import { loadWorkspace } from '../src/plan/workspace.js';
import { openSqliteStore } from '../src/store/open-sqlite-store.js';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { generateExports } from './generate-exports.js';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/commsplan.js');
const PORT = 2526;
const argument = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
const SEND_AT = '2030-06-03T09:00:00Z';
/** The benchmark sender's address: its From, and the envelope sender of the baselines. */
const SENDER_ADDRESS = 'nhsmail.project@northmoor-valley.example';

function startSink(): ChildProcess {
  // As root, smtp-sink must drop to an unprivileged user.
  const args = [...(process.getuid?.() === 0 ? ['-u', 'nobody'] : []), `127.0.0.1:${PORT}`, '1000'];
  return spawn('/usr/sbin/smtp-sink', args, { stdio: 'ignore' });
}

function smtpSourceSeconds(messages: number): number {
  const started = performance.now();
  execFileSync('/usr/sbin/smtp-source', [
    '-s',
    '1',
    '-m',
    String(messages),
    '-l',
    '2000',
    '-f',
    'bench@example.org',
    '-t',
    'sink@example.org',
    `127.0.0.1:${PORT}`,
  ]);
  return (performance.now() - started) / 1000;
}

interface SampleMessage {
  from: string;
  subject: string;
  html: string;
  text: string;
}

/** One of the queued messages, rendered as the sending pass renders it: what the baseline sends N times. */
async function renderedSample(dbPath: string): Promise<SampleMessage> {
  const store = await openSqliteStore(dbPath, { create: false });
  try {
    const workspace = await loadWorkspace(store.db, dbPath);
    const row = await store.db.selectFrom('outbox').selectAll().limit(1).executeTakeFirstOrThrow();
    const outgoing = composeOutgoing(claimedMessageOf(row), SENDER_ADDRESS, sendingTemplates(workspace));
    return { from: outgoing.from, subject: outgoing.subject, html: outgoing.html, text: outgoing.text };
  } finally {
    await store.db.destroy();
  }
}

/** Nodemailer pooled with one connection to the sink, as our SMTP transport is. */
function sinkTransport() {
  return nodemailer.createTransport({
    host: '127.0.0.1',
    port: PORT,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 1,
    maxMessages: Number.POSITIVE_INFINITY,
  });
}

async function bareNodemailerSeconds(messages: number, sample: SampleMessage): Promise<number> {
  const transport = sinkTransport();
  const started = performance.now();
  for (let i = 0; i < messages; i++)
    await transport.sendMail({
      from: sample.from,
      to: `person${i}@example.org`,
      subject: sample.subject,
      text: sample.text,
      html: sample.html,
    });
  transport.close();
  return (performance.now() - started) / 1000;
}

/**
 * Nodemailer's SMTP alone: one message composed once (by our composer, as `send --due` composes
 * each of its own) and handed over raw N times. No sending of ours can beat this.
 */
async function bareRawSeconds(messages: number, sample: SampleMessage): Promise<number> {
  const transport = sinkTransport();
  const messageId = '<benchmark@commsplan>';
  const raw = composeMime({ ...sample, messageId, to: ['person@example.org'] }, new Date());
  const started = performance.now();
  for (let i = 0; i < messages; i++)
    await transport.sendMail({
      raw,
      messageId,
      envelope: { from: SENDER_ADDRESS, to: [`person${i}@example.org`] },
    });
  transport.close();
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const messages = Number(argument('--messages') ?? 20_000);
  const dir = join(ROOT, 'bench', 'out', `send-${messages}`);
  rmSync(dir, { recursive: true, force: true });
  const sink = startSink();
  await new Promise((done) => setTimeout(done, 500));
  try {
    const ceiling = smtpSourceSeconds(messages);
    const dbPath = join(dir, 'demo', 'commsplan.db');
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, '--db', dbPath, ...args], { cwd: dir, encoding: 'utf8' });
    const generated = await generateExports({ dir: join(dir, 'exports'), people: messages, seed: 3 });
    execFileSync(process.execPath, [CLI, 'demo', '--dir', 'demo', '--plan-only'], { cwd: dir });
    cli('import', 'people', generated.files.people, '--replace');
    cli(
      'sender',
      'add',
      'sink',
      '--smtp',
      `127.0.0.1:${PORT}`,
      '--security',
      'none',
      '--from',
      SENDER_ADDRESS,
      '--per-minute',
      '100000000',
      '--per-day',
      '100000000',
      '--per-message',
      '500',
      '--default',
    );
    const db = new Database(dbPath);
    const orgId = (db.prepare('SELECT id FROM organisations').get() as { id: string }).id;
    // One personalised email to each member of staff, rather than one to the all-staff list.
    db.prepare(`UPDATE activities SET channels_json = '["targeted-email"]' WHERE org_id = ? AND id = 'announcement'`).run(orgId);
    db.close();
    // The benchmark imports only a staff list, so the data check would stop for the mailbox list it never has.
    cli('approve', 'announcement', '--by', 'Benchmark', '--anyway');
    let started = performance.now();
    cli('send', '--queue-only', '--now', SEND_AT, '--anyway');
    const queueSeconds = (performance.now() - started) / 1000;
    const sample = await renderedSample(dbPath);
    const bare = await bareNodemailerSeconds(messages, sample);
    console.log(`bare Nodemailer done; one message is ${fmt(sample.html.length + sample.text.length)} characters of body`);
    const raw = await bareRawSeconds(messages, sample);
    started = performance.now();
    cli('send', '--due', '--now', SEND_AT);
    const ourSeconds = (performance.now() - started) / 1000;
    const check = new Database(dbPath, { readonly: true });
    const states = check.prepare('SELECT state, count(*) AS n, max(attempts) AS most FROM outbox GROUP BY state').all();
    check.close();
    console.log(`commsplan send benchmark: ${fmt(messages)} messages into Postfix smtp-sink on loopback, Node ${process.version}`);
    console.log(`smtp-source (one session):     ${ceiling.toFixed(1)} s = ${fmt(messages / ceiling)} messages/s (the ceiling)`);
    console.log(`bare Nodemailer (1 connection): ${bare.toFixed(1)} s = ${fmt(messages / bare)} messages/s`);
    console.log(
      `bare Nodemailer, raw:           ${raw.toFixed(1)} s = ${fmt(messages / raw)} messages/s (one message made once, sent N times)`,
    );
    console.log(
      `commsplan send --due:           ${ourSeconds.toFixed(1)} s = ${fmt(messages / ourSeconds)} messages/s = ${((bare / ourSeconds) * 100).toFixed(0)}% of bare Nodemailer (target 75%)`,
    );
    console.log(`commsplan send --queue-only:    ${queueSeconds.toFixed(1)} s`);
    console.log(`outbox afterwards: ${JSON.stringify(states)}`);
  } finally {
    sink.kill();
  }
}

await main();
