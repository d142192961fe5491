import { spawn } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PassSummary, type SendDueDependencies, sendDue } from '../src/delivery/send-due.js';
import { smtpTransport } from '../src/delivery/smtp-transport.js';
import { messageIdOf } from '../src/outbox/message-key.js';
import { SqliteDriver as Database } from '../src/store/sqlite-driver.js';
import type { Store } from '../src/store/store.js';
import { cliSandbox, FIXED_NOW, SYSTEM_PORTS } from './support/cli-harness.js';
import { startCountingSmtpServer, startSilentServer, testSmtpSender, timesEach } from './support/counting-smtp-server.js';
import { insertOccurrence, insertSender, queueMessages, type SendingWorkspace, sendingWorkspace } from './support/outbox-rows.js';
import { openTestStore } from './support/test-database.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'commsplan.js');
const OCCURRENCE = 'wave-reminder@1';

let ws: SendingWorkspace;
const opened: Store[] = [];
const closers: (() => Promise<void>)[] = [];

beforeEach(async () => {
  ws = await sendingWorkspace();
  await insertSender(ws.store, ws.orgId, { name: 'project', folder: join(ws.dir, 'unused'), perMinute: 100_000, perDay: 1_000_000 });
  await insertOccurrence(ws.store, ws.orgId, OCCURRENCE, 'approved');
});
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const store of opened.splice(0)) await store.close();
  await ws.store.close();
  ws.cleanup();
});

/** Another process's connection to the same workspace file. */
async function anotherConnection(): Promise<Store> {
  const store = await openTestStore(ws.path, { create: false });
  opened.push(store);
  return store;
}

function outbox(): { state: string; attempts: number; lease_owner: string | null; message_key: string }[] {
  const db = new Database(ws.path, { readonly: true });
  try {
    return db.prepare('SELECT message_key, state, attempts, lease_owner FROM outbox ORDER BY message_key').all() as ReturnType<
      typeof outbox
    >;
  } finally {
    db.close();
  }
}

describe('two passes over one outbox, with a slow mail server', () => {
  it('send each message exactly once, though a batch takes longer than its lease', async () => {
    const keys = await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 16 });
    const server = await startCountingSmtpServer({ answerAfterMs: 250 });
    closers.push(server.close);
    const pass = async (workerId: string): Promise<PassSummary> => {
      const store = await anotherConnection();
      const transport = smtpTransport(testSmtpSender(server.port), { env: {}, now: () => new Date() });
      closers.push(() => transport.close());
      const deps: SendDueDependencies = {
        store,
        orgId: ws.orgId,
        transportFor: () => transport,
        now: () => new Date(),
        random: () => 0.5,
        repeat: SYSTEM_PORTS.repeat,
        workerId,
        // A batch of 8 at 250 ms a message takes 2 s: four times its lease without a heartbeat.
        leaseMs: 500,
        batchSize: 8,
      };
      return sendDue(deps);
    };
    const first = pass('worker-a');
    // The second starts once the first's lease would have run out, as a scheduled run or Send now would.
    await new Promise((done) => setTimeout(done, 900));
    const second = pass('worker-b');
    const summaries = await Promise.all([first, second]);

    const atServer = timesEach(server.accepted);
    expect([...atServer.values()].filter((n) => n > 1)).toEqual([]);
    expect([...atServer.keys()].sort()).toEqual(keys.map((key) => messageIdOf(key)).sort());
    expect(summaries.reduce((sum, s) => sum + s.sent, 0)).toBe(16);
    expect(summaries.map((s) => s.leasesExpired)).toEqual([0, 0]);
    expect(outbox().every((row) => row.state === 'sent' && row.attempts === 1 && row.lease_owner === null)).toBe(true);
  });
});

describe('a mail server that stops answering', () => {
  const setting = (key: string, value: string) =>
    ws.store.db.insertInto('settings').values({ org_id: ws.orgId, key, value, updated_at: FIXED_NOW.toISOString() }).execute();

  it.each([
    ['takes connections and never greets', () => startSilentServer()],
    ['takes each message and never answers', () => startCountingSmtpServer({ neverAnswer: true })],
  ])('that %s pauses its sender after the set number of messages in a row, and the rest go back to the queue', async (_how, start) => {
    await setting('smtp-answer-timeout-seconds', '1');
    await setting('smtp-connect-timeout-seconds', '1');
    await setting('smtp-timeouts-to-pause', '2');
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 10 });
    const server = await start();
    closers.push(server.close);
    let timeouts: unknown;
    const summary = await sendDue({
      store: ws.store,
      orgId: ws.orgId,
      transportFor: (_name, waits) => {
        timeouts = waits;
        const transport = smtpTransport(testSmtpSender(server.port), { env: {}, now: () => FIXED_NOW, timeouts: waits });
        closers.push(() => transport.close());
        return transport;
      },
      now: () => FIXED_NOW,
      random: () => 0.5,
      repeat: SYSTEM_PORTS.repeat,
      workerId: 'worker-a',
    });

    expect(timeouts).toEqual({ connectMs: 1000, answerMs: 1000 });
    expect(summary.sendersPaused).toEqual([
      {
        name: 'project',
        reason:
          'the mail server left 2 messages in a row unanswered. Check the server, then resume the sender (commsplan sender resume project)',
      },
    ]);
    expect(summary).toMatchObject({ sent: 0, retrying: 2, failed: 0 });
    const rows = outbox();
    expect(rows.filter((row) => row.state === 'retrying').map((row) => row.attempts)).toEqual([1, 1]);
    expect(rows.filter((row) => row.state === 'queued').map((row) => row.attempts)).toEqual(Array(8).fill(0));
    expect(rows.every((row) => row.lease_owner === null)).toBe(true);
    const sender = await ws.store.db.selectFrom('senders').select('paused_reason').where('name', '=', 'project').executeTakeFirstOrThrow();
    expect(sender.paused_reason).toMatch(/^the mail server left 2 messages in a row unanswered/);
  });
});

describe('several send --due at once', () => {
  const ROUNDS = 3;
  const PROCESSES = 4;

  function sendDueProcess(db: string): Promise<{ code: number | null; stderr: string }> {
    return new Promise((done) => {
      // The demo's files were imported weeks before this --now: sent anyway, as their age is not what is tested.
      const child = spawn(process.execPath, [BIN, '--db', db, 'send', '--due', '--now', '2027-02-01T12:00:00Z', '--anyway'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('exit', (code) => done({ code, stderr }));
    });
  }

  it('each queue and send without a crash, and every message goes exactly once', async () => {
    const sandbox = cliSandbox();
    closers.push(async () => sandbox.cleanup());
    const demo = await sandbox.run('demo', '--dir', 'demo');
    expect(demo.code, demo.stderr).toBe(0);
    const template = join(sandbox.dir, 'demo', 'commsplan.db');
    const setUp = new Database(template);
    setUp.prepare('UPDATE senders SET per_minute = 1000000').run();
    setUp.close();
    for (let round = 0; round < ROUNDS; round++) {
      const db = join(sandbox.dir, `round-${round}.db`);
      copyFileSync(template, db);
      const runs = await Promise.all(Array.from({ length: PROCESSES }, () => sendDueProcess(db)));
      expect(runs.map((run) => run.stderr)).toEqual(Array(PROCESSES).fill(''));
      expect(runs.map((run) => run.code)).toEqual(Array(PROCESSES).fill(0));
      const check = new Database(db, { readonly: true });
      const states = check.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all();
      const sent = check.prepare("SELECT subject, count(*) AS n FROM audit_log WHERE action = 'message-sent' GROUP BY subject").all() as {
        n: number;
      }[];
      check.close();
      expect(states).toEqual([{ state: 'sent', n: sent.length }]);
      expect(sent.length).toBeGreaterThan(400);
      expect(sent.filter((row) => row.n !== 1)).toEqual([]);
    }
  });
});
