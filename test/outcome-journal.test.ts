import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueMessages } from '../src/delivery/claims.store.js';
import { folderTransport } from '../src/delivery/folder-transport.js';
import { fileOutcomeJournal, journalFolderOf, outcomeJournalFor } from '../src/delivery/outcome-journal.js';
import { sendDue } from '../src/delivery/send-due.js';
import type { SentOutcome } from '../src/delivery/sent-outcomes.store.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { outboxStates, queueMessages, removeWorkspace, type SendingWorkspace, workspaceReadyToSend } from './support/outbox-rows.js';

let ws: SendingWorkspace;
const OCCURRENCE = 'wave-reminder@1';

beforeEach(async () => {
  ws = await workspaceReadyToSend(OCCURRENCE);
});
afterEach(() => removeWorkspace(ws));

/** The pid of a process that has exited, as a killed worker's would be. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const outcome = (key: string, owner: string, at = FIXED_NOW.getTime()): SentOutcome => ({
  orgId: ws.orgId,
  owner,
  messageKey: key,
  occurrenceKey: OCCURRENCE,
  recipient: `${key}@example.org`,
  senderName: 'project',
  attempt: 1,
  at,
  response: '250 2.0.0 Ok: queued',
});

/**
 * Five queued messages claimed by `owner`, which sent the first three and wrote them down in a
 * journal file of this name before it was killed; returns the claim, what it wrote and the file.
 */
async function killedWorkerJournal(owner: string, fileName: string) {
  await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 5 });
  const claimed = await claimDueMessages(ws.store.db, {
    orgId: ws.orgId,
    senderName: 'project',
    owner,
    now: FIXED_NOW.getTime(),
    leaseUntil: FIXED_NOW.getTime() + 300_000,
    limit: 5,
  });
  const sent = claimed.slice(0, 3).map((m) => ({ ...outcome(m.messageKey, owner), recipient: m.recipient }));
  mkdirSync(journalFolderOf(ws.path), { recursive: true });
  const file = join(journalFolderOf(ws.path), fileName);
  writeFileSync(file, sent.map((o) => `${JSON.stringify(o)}\n`).join(''));
  return { claimed, sent, file };
}

describe('the outcome journal file', () => {
  it('writes each outcome as a line at once, empties on clear, and is gone once closed empty', () => {
    const folder = join(ws.dir, 'journal');
    const journal = fileOutcomeJournal(folder, 'worker-a');
    journal.append(outcome('k1', 'worker-a'));
    journal.append(outcome('k2', 'worker-a'));
    const [file] = readdirSync(folder);
    const lines = readFileSync(join(folder, file as string), 'utf8')
      .trim()
      .split('\n');
    expect(lines.map((l) => JSON.parse(l).messageKey)).toEqual(['k1', 'k2']);
    expect(journal.pending.map((o) => o.messageKey)).toEqual(['k1', 'k2']);
    journal.clear();
    expect(readFileSync(join(folder, file as string), 'utf8')).toBe('');
    expect(journal.pending).toEqual([]);
    journal.close();
    expect(existsSync(folder)).toBe(false);
  });

  it("lists other workers' journals that hold outcomes, says whose process may run, and skips a line cut short", () => {
    const folder = join(ws.dir, 'journal');
    const mine = fileOutcomeJournal(folder, 'worker-a');
    const alive = fileOutcomeJournal(folder, 'worker-b');
    alive.append(outcome('held-by-b', 'worker-b'));
    const dead = deadPid();
    writeFileSync(
      join(folder, `${dead}-0123456789abcdef.jsonl`),
      `${JSON.stringify(outcome('k1', 'worker-dead'))}\n${JSON.stringify(outcome('k2', 'worker-dead')).slice(0, 40)}`,
    );
    const idle = fileOutcomeJournal(folder, 'worker-c');
    idle.append(outcome('folded-by-c', 'worker-c'));
    idle.clear();
    const left = mine.othersWithOutcomes();
    const summary = (journals: typeof left) =>
      journals
        .map((l) => ({ keys: l.outcomes.map((o) => o.messageKey), ownerMayRun: l.ownerMayRun }))
        .sort((a, b) => (a.keys[0] ?? '').localeCompare(b.keys[0] ?? ''));
    expect(summary(left)).toEqual([
      { keys: ['held-by-b'], ownerMayRun: true },
      { keys: ['k1'], ownerMayRun: false },
    ]);
    for (const journal of left) if (!journal.ownerMayRun) journal.discard();
    expect(summary(mine.othersWithOutcomes())).toEqual([{ keys: ['held-by-b'], ownerMayRun: true }]);
    idle.close();
    alive.close();
    mine.close();
  });

  it('is kept beside an SQLite workspace file, and not for a database in memory or on PostgreSQL', () => {
    expect(outcomeJournalFor({ dialect: 'sqlite', location: ':memory:' }, 'w')).toBeUndefined();
    expect(outcomeJournalFor({ dialect: 'postgres', location: 'postgres://x' }, 'w')).toBeUndefined();
    const journal = outcomeJournalFor({ dialect: 'sqlite', location: ws.path }, 'w');
    journal?.append(outcome('k1', 'w'));
    expect(readdirSync(journalFolderOf(ws.path))).toHaveLength(1);
    journal?.clear();
    journal?.close();
  });
});

describe('sending with a journal', () => {
  const pass = (workerId: string) => {
    const journal = outcomeJournalFor(ws.store, workerId);
    return {
      journal,
      run: () =>
        sendDue({
          store: ws.store,
          orgId: ws.orgId,
          transportFor: () => folderTransport(join(ws.dir, 'mail'), () => FIXED_NOW),
          now: () => FIXED_NOW,
          random: () => 0.5,
          workerId,
          journal,
        }),
    };
  };

  it('records every sent message in the outbox, the sender usage and the audit log, and leaves no journal behind', async () => {
    await ws.store.db.updateTable('senders').set({ per_minute: 1000 }).execute();
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 250 });
    const { journal, run } = pass('worker-a');
    const summary = await run();
    journal?.close();
    expect(summary).toMatchObject({ sent: 250, failed: 0, occurrencesSent: [OCCURRENCE] });
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 250 });
    expect(await ws.store.db.selectFrom('sender_usage').selectAll().execute()).toHaveLength(250);
    const audit = await ws.store.db
      .selectFrom('audit_log')
      .select(['action', 'subject', 'detail'])
      .where('action', '=', 'message-sent')
      .execute();
    expect(new Set(audit.map((a) => a.subject)).size).toBe(250);
    expect(JSON.parse(audit[0]?.detail as string)).toMatchObject({ occurrence: OCCURRENCE, sender: 'project', attempt: 1 });
    expect(readdirSync(join(ws.dir, 'mail'))).toHaveLength(250);
    expect(existsSync(journalFolderOf(ws.path))).toBe(false);
  });

  it('records what a killed worker wrote down as sent, and never sends it again, even before its lease runs out', async () => {
    // The dead worker sent three and wrote them down; the kill came before the fourth was recorded.
    const { claimed, sent } = await killedWorkerJournal('worker-dead', `${deadPid()}-feedfacefeedface.jsonl`);

    const { journal, run } = pass('worker-b');
    await run();
    journal?.close();
    const rows = await ws.store.db.selectFrom('outbox').select(['message_key', 'state', 'lease_owner']).execute();
    const stateOf = new Map(rows.map((r) => [r.message_key, r.state]));
    expect(sent.map((o) => stateOf.get(o.messageKey))).toEqual(['sent', 'sent', 'sent']);
    // The two it had not written down stay leased to it until the lease runs out.
    expect(claimed.slice(3).map((m) => stateOf.get(m.messageKey))).toEqual(['sending', 'sending']);
    expect(existsSync(journalFolderOf(ws.path))).toBe(false);
    const recovered = await ws.store.db.selectFrom('audit_log').select('detail').where('action', '=', 'journal-recovered').execute();
    expect(recovered.map((r) => JSON.parse(r.detail))).toEqual([{ recorded: 3 }]);

    // Folding the same journal again (a kill between the commit and the file's removal) counts nothing twice.
    mkdirSync(journalFolderOf(ws.path), { recursive: true });
    writeFileSync(
      join(journalFolderOf(ws.path), `${deadPid()}-feedfacefeedface.jsonl`),
      sent.map((o) => `${JSON.stringify(o)}\n`).join(''),
    );
    const second = pass('worker-c');
    await second.run();
    second.journal?.close();
    expect(await ws.store.db.selectFrom('sender_usage').selectAll().execute()).toHaveLength(3);
    expect(existsSync(join(ws.dir, 'mail')) ? readdirSync(join(ws.dir, 'mail')) : []).toEqual([]);
  });

  it.each([
    ['has run out', 300_000, ['sent', 'sent', 'sent', 'sent', 'sent'], 2],
    ['is good: not yet, for it may be alive', 60_000, ['sending', 'sending', 'sending', 'sending', 'sending'], 0],
  ])(
    "folds the journal of a worker whose process id runs here (another namespace's, a container's) when its lease %s",
    async (_when, later, states, sentAgain) => {
      // Process 1 runs on every machine: the container's worker was process 1 in its own namespace.
      const { claimed, file } = await killedWorkerJournal('worker-in-a-container', '1-c0ffeec0ffeec0ff.jsonl');

      const journal = outcomeJournalFor(ws.store, 'worker-b');
      await sendDue({
        store: ws.store,
        orgId: ws.orgId,
        transportFor: () => folderTransport(join(ws.dir, 'mail'), () => FIXED_NOW),
        now: () => new Date(FIXED_NOW.getTime() + later),
        random: () => 0.5,
        workerId: 'worker-b',
        journal,
      });
      journal?.close();
      const rows = await ws.store.db.selectFrom('outbox').select(['message_key', 'state']).execute();
      const stateOf = new Map(rows.map((r) => [r.message_key, r.state]));
      expect(claimed.map((m) => stateOf.get(m.messageKey))).toEqual(states);
      // Only the two the dead worker never wrote down go again; the three it sent go once.
      expect(existsSync(join(ws.dir, 'mail')) ? readdirSync(join(ws.dir, 'mail')) : []).toHaveLength(sentAgain);
      expect(existsSync(file)).toBe(sentAgain === 0);
    },
  );
});
