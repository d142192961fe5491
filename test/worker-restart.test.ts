import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startCountingSmtpServer, timesEach } from './support/counting-smtp-server.js';
import { insertOccurrence, insertSender, queueMessages, sendingWorkspace } from './support/outbox-rows.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'commsplan.js');
const MESSAGES = 400;
const KILLS = 5;
/** The bound ADR 0008 documents: a worker sends one message at a time, so one may be in flight. */
const IN_FLIGHT_PER_WORKER = 1;

type Workspace = Awaited<ReturnType<typeof sendingWorkspace>>;
let ws: Workspace;
let mail: string;

beforeEach(async () => {
  ws = await sendingWorkspace();
  mail = join(ws.dir, 'mail');
  // Limits high enough that pacing never holds the worker back: this test is about restarts.
  await insertSender(ws.store, ws.orgId, { name: 'project', folder: mail, perMinute: 1_000_000, perDay: 10_000_000 });
  await insertOccurrence(ws.store, ws.orgId, 'wave-reminder@1', 'approved');
  await queueMessages(ws.store, ws.orgId, { occurrenceKey: 'wave-reminder@1', senderName: 'project', count: MESSAGES });
  await ws.store.close();
});
afterEach(() => ws.cleanup());

/** Each start acts ten minutes later than the last, so the leases of a killed worker (five minutes) have run out. */
const startTime = (run: number) => new Date(FIXED_NOW.getTime() + run * 10 * 60_000).toISOString();

function started(child: ChildProcess): Promise<void> {
  return new Promise((done, fail) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Worker started')) done();
    });
    child.on('exit', (code) => fail(new Error(`the worker exited (${code}) before starting: ${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));

function outboxCounts(path: string): { states: Record<string, number>; held: number } {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
    const held = (db.prepare('SELECT count(*) AS n FROM outbox WHERE lease_owner IS NOT NULL').get() as { n: number }).n;
    return { states: Object.fromEntries(rows.map((r) => [r.state, r.n])), held };
  } finally {
    db.close();
  }
}

async function untilSent(path: string, count: number): Promise<void> {
  for (let i = 0; i < 8_000; i++) {
    if ((outboxCounts(path).states.sent ?? 0) >= count) return;
    await new Promise((done) => setTimeout(done, 2));
  }
  throw new Error(`fewer than ${count} messages were sent: ${JSON.stringify(outboxCounts(path))}`);
}

/**
 * Kills the worker `KILLS` times at random moments, then lets a last one run until every message
 * is sent (or, without `untilAllSent`, a moment) and stops it with SIGTERM.
 */
async function killAndRestart(
  startWorker: (run: number) => ChildProcess,
  options: { untilAllSent: boolean } = { untilAllSent: true },
): Promise<{ sentAtKill: number[]; lastOutput: string }> {
  const sentAtKill: number[] = [];
  for (let run = 0; run < KILLS; run++) {
    const child = startWorker(run);
    await started(child);
    // Somewhere in this run's share of the messages, and at any moment inside a message.
    const share = MESSAGES / (KILLS + 1);
    await untilSent(ws.path, Math.floor(share * run + 1 + Math.random() * share * 0.9));
    await new Promise((done) => setTimeout(done, Math.random() * 20));
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    sentAtKill.push(outboxCounts(ws.path).states.sent ?? 0);
  }
  const last = startWorker(KILLS);
  let lastOutput = '';
  last.stdout?.on('data', (chunk: Buffer) => (lastOutput += chunk.toString()));
  await started(last);
  await untilSent(ws.path, options.untilAllSent ? MESSAGES : Math.floor(MESSAGES / 2));
  last.kill('SIGTERM');
  expect(await exited(last)).toEqual({ code: 0, signal: null });
  return { sentAtKill, lastOutput };
}

function messageIdsInFolder(): string[] {
  return readdirSync(mail)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => /^Message-ID:\r?\n? ?(<[^>]+>)/m.exec(readFileSync(join(mail, name), 'utf8'))?.[1] as string);
}

describe('a worker stopped with SIGTERM while sending', () => {
  it('finishes the message in flight, gives back the messages it held and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, '--db', ws.path, 'worker', '--poll', '0.05', '--now', startTime(0)], {
      cwd: ws.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await started(child);
    await untilSent(ws.path, MESSAGES / 4);
    child.kill('SIGTERM');
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    const { states, held } = outboxCounts(ws.path);
    expect(held).toBe(0);
    expect(states.sending).toBeUndefined();
    expect((states.sent ?? 0) + (states.queued ?? 0)).toBe(MESSAGES);
    expect(states.sent).toBeLessThan(MESSAGES);
    expect(readdirSync(mail).filter((name) => name.endsWith('.eml'))).toHaveLength(states.sent as number);
    expect(output).toContain(`Worker stopped: ${states.sent} sent, 0 failed`);
  }, 30_000);
});

describe('a worker killed with SIGKILL at random moments and started again', () => {
  it('ends with every message sent exactly once in the outbox and once in the folder (the built CLI)', async () => {
    expect(existsSync(join(ROOT, 'dist/main.js')), 'run "npm run build" first').toBe(true);
    const { sentAtKill, lastOutput } = await killAndRestart((run) =>
      spawn(process.execPath, [BIN, '--db', ws.path, 'worker', '--now', startTime(run), '--poll', '0.05'], {
        cwd: ws.dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(
      sentAtKill.some((sent) => sent > 0 && sent < MESSAGES),
      `kills should land mid-send: ${sentAtKill}`,
    ).toBe(true);
    expect(outboxCounts(ws.path)).toEqual({ states: { sent: MESSAGES }, held: 0 });
    const ids = messageIdsInFolder();
    expect(ids).toHaveLength(MESSAGES);
    expect(new Set(ids).size).toBe(MESSAGES);
    expect(lastOutput).toMatch(/Worker stopped: \d+ sent, 0 failed/);
    const db = new Database(ws.path, { readonly: true });
    const recorded = db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'message-sent'").get() as { n: number };
    const occurrence = db.prepare('SELECT state FROM occurrence_states').get() as { state: string };
    // A kill counts no attempt for the messages its worker held: each went to the folder on its first recorded attempt.
    const attempts = db.prepare('SELECT attempts, count(*) AS n FROM outbox GROUP BY attempts').all();
    db.close();
    expect(attempts).toEqual([{ attempts: 1, n: MESSAGES }]);
    expect(recorded.n).toBe(MESSAGES);
    expect(occurrence.state).toBe('sent');
  }, 60_000);

  it('sends a message twice at most once per kill, as the log of a transport shows', async () => {
    const log = join(ws.dir, 'sent.log');
    const { sentAtKill } = await killAndRestart((run) =>
      spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/logging-worker.ts'), ws.path, mail, log, startTime(run)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    expect(
      sentAtKill.some((sent) => sent > 0 && sent < MESSAGES),
      `kills should land mid-send: ${sentAtKill}`,
    ).toBe(true);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    const counts = timesEach(lines);
    expect(counts.size).toBe(MESSAGES);
    const duplicates = lines.length - MESSAGES;
    expect(duplicates).toBeLessThanOrEqual(KILLS * IN_FLIGHT_PER_WORKER);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(outboxCounts(ws.path)).toEqual({ states: { sent: MESSAGES }, held: 0 });
  }, 90_000);
});

describe('a worker killed at random moments while a real SMTP server fails some messages', () => {
  it('delivers every message, twice at most once per kill, and counts only the attempts the server saw', async () => {
    // One message in five is deferred the first time the server sees it, as a busy server does.
    const server = await startCountingSmtpServer({
      defers: (id, times) => times === 1 && Number.parseInt(id.slice(1, 3), 16) % 5 === 0,
    });
    const { port, seen } = server;
    try {
      const db = new Database(ws.path);
      db.prepare("UPDATE senders SET kind = 'smtp', folder = NULL, host = '127.0.0.1', port = ?, security = 'none'").run(port);
      db.close();
      const { sentAtKill } = await killAndRestart(
        (run) =>
          spawn(process.execPath, [BIN, '--db', ws.path, 'worker', '--now', startTime(run), '--poll', '0.05'], {
            cwd: ws.dir,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        { untilAllSent: false },
      );
      expect(
        sentAtKill.some((sent) => sent > 0 && sent < MESSAGES),
        `kills should land mid-send: ${sentAtKill}`,
      ).toBe(true);
      // The deferred ones come due again within the hour: a pass a day later sends what is left.
      for (let day = 1; day <= 7 && (outboxCounts(ws.path).states.sent ?? 0) < MESSAGES; day++) {
        // Not spawnSync: the server answers from this process, so its event loop must keep running.
        const pass = spawn(process.execPath, [BIN, '--db', ws.path, 'send', '--due', '--now', startTime(KILLS + day * 144)], {
          cwd: ws.dir,
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        expect(await exited(pass)).toEqual({ code: 0, signal: null });
      }
      expect(outboxCounts(ws.path)).toEqual({ states: { sent: MESSAGES }, held: 0 });
      const accepted = timesEach(server.accepted);
      expect(accepted.size).toBe(MESSAGES);
      const twice = [...accepted.values()].reduce((sum, n) => sum + n - 1, 0);
      expect(twice).toBeLessThanOrEqual(KILLS * IN_FLIGHT_PER_WORKER);
      const check = new Database(ws.path, { readonly: true });
      const rows = check.prepare('SELECT message_key, attempts FROM outbox').all() as { message_key: string; attempts: number }[];
      check.close();
      const overCounted = rows.filter((row) => row.attempts < 1 || row.attempts > (seen.get(`<${row.message_key}@commsplan>`) ?? 0));
      expect(overCounted).toEqual([]);
      expect(rows.some((row) => row.attempts === 2)).toBe(true);
    } finally {
      await server.close();
    }
  }, 120_000);
});
