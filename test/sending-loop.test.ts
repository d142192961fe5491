import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import {
  claimDueMessages,
  holdOnMessage,
  markFailed,
  markRetrying,
  markSent,
  releaseClaims,
  releaseExpiredLeases,
  renewLeases,
} from '../src/delivery/claims.store.js';
import { folderTransport } from '../src/delivery/folder-transport.js';
import { DEFAULT_RETRY_POLICY } from '../src/delivery/retry-policy.js';
import { type SendDueDependencies, sendDue } from '../src/delivery/send-due.js';
import { MESSAGE_STATES } from '../src/outbox/message-state.js';
import type { MailTransport } from '../src/senders/mail-transport.js';
import type { Database } from '../src/store/schema.js';
import { FIXED_NOW, SYSTEM_PORTS } from './support/cli-harness.js';
import {
  insertOccurrence,
  outboxStates,
  queueMessages,
  removeWorkspace,
  type SendingWorkspace,
  workspaceReadyToSend,
} from './support/outbox-rows.js';
import {
  ACCEPTED,
  AUTH_REFUSED,
  NO_SUCH_USER,
  QUOTA_EXCEEDED,
  scriptedTransport,
  TOO_MANY_CONNECTIONS,
} from './support/scripted-transport.js';

let ws: SendingWorkspace;
const OCCURRENCE = 'wave-reminder@1';
const at = (msAfter: number) => new Date(FIXED_NOW.getTime() + msAfter);

beforeEach(async () => {
  ws = await workspaceReadyToSend(OCCURRENCE);
});
afterEach(() => removeWorkspace(ws));

function pass(transport: MailTransport, overrides: Partial<SendDueDependencies> = {}) {
  return sendDue({
    store: ws.store,
    orgId: ws.orgId,
    transportFor: () => transport,
    now: () => FIXED_NOW,
    random: () => 0.5,
    workerId: 'worker-a',
    ...overrides,
  });
}

const row = (key: string) => ws.store.db.selectFrom('outbox').selectAll().where('message_key', '=', key).executeTakeFirstOrThrow();
const occurrenceState = async () =>
  (await ws.store.db.selectFrom('occurrence_states').selectAll().where('occurrence_key', '=', OCCURRENCE).executeTakeFirstOrThrow()).state;
const auditActions = async () => (await ws.store.db.selectFrom('audit_log').select('action').orderBy('id').execute()).map((r) => r.action);

describe('one pass of the sending loop', () => {
  it('sends each due message once into the folder, records its use of the sender and marks the occurrence sent', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 12 });
    const folder = join(ws.dir, 'mail');
    const summary = await pass(folderTransport(folder, () => FIXED_NOW));
    expect(summary).toMatchObject({ sent: 12, failed: 0, retrying: 0, occurrencesSent: [OCCURRENCE] });
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 12 });
    const files = readdirSync(folder);
    expect(files).toHaveLength(12);
    const eml = readFileSync(join(folder, files[0] as string), 'utf8');
    // A long Message-ID is folded onto the next line, as RFC 5322 allows.
    expect(eml).toMatch(/^Message-ID:\r\n <[0-9a-f]{64}@commsplan>\r$/m);
    expect(eml).toContain('01632 960000');
    expect(eml).toContain('Member');
    const usage = await ws.store.db.selectFrom('sender_usage').selectAll().execute();
    expect(usage).toHaveLength(12);
    expect(await occurrenceState()).toBe('sent');
    const actions = await auditActions();
    expect(actions.filter((a) => a === 'message-sent')).toHaveLength(12);
    expect(actions).toContain('occurrence-sending');
    expect(actions.at(-1)).toBe('occurrence-sent');

    const again = await pass(folderTransport(folder, () => FIXED_NOW));
    expect(again.sent).toBe(0);
  });

  it('sends no more than 30 a minute, says when the next may go, and goes on a minute later', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 45 });
    const { transport, received } = scriptedTransport([ACCEPTED]);
    const first = await pass(transport);
    expect(first.sent).toBe(30);
    expect(first.nextDueAt).toBe(at(60_000).getTime());
    expect((await pass(transport, { now: () => at(59_000) })).sent).toBe(0);
    expect((await pass(transport, { now: () => at(60_000) })).sent).toBe(15);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(45);
  });

  it('sends a helpdesk briefing queued after 2,800 staff emails first, then the owners’ briefing, then staff emails oldest first', async () => {
    await insertOccurrence(ws.store, ws.orgId, 'helpdesk', 'approved');
    await insertOccurrence(ws.store, ws.orgId, 'dl-owners', 'approved');
    const project = { senderName: 'project' };
    // Staff emails due an hour earlier and queued first; the briefings carry their activities' levels (first, high).
    const staff = await queueMessages(ws.store, ws.orgId, {
      ...project,
      occurrenceKey: OCCURRENCE,
      count: 2_800,
      notBefore: at(-3_600_000),
    });
    const owners = await queueMessages(ws.store, ws.orgId, {
      ...project,
      occurrenceKey: 'dl-owners',
      count: 14,
      first: 5_000,
      priority: 2,
    });
    const helpdesk = await queueMessages(ws.store, ws.orgId, {
      ...project,
      occurrenceKey: 'helpdesk',
      count: 11,
      first: 6_000,
      priority: 1,
    });
    const { transport, received } = scriptedTransport([ACCEPTED]);
    expect((await pass(transport)).sent).toBe(30);
    const ids = (keys: string[]) => [...keys].sort().map((key) => `<${key}@commsplan>`);
    expect(received.map((m) => m.messageId)).toEqual([...ids(helpdesk), ...ids(owners), ...ids(staff.slice(0, 5))]);
    // A minute later the staff emails go on in the order they were queued.
    await pass(transport, { now: () => at(60_000) });
    expect(received.slice(30).map((m) => m.messageId)).toEqual(ids(staff.slice(5, 35)));
  });

  it('holds a sender to 10,000 recipients in a rolling 24 hours, counting what it sent yesterday', async () => {
    await ws.store.db
      .insertInto('sender_usage')
      .values({ org_id: ws.orgId, sender_name: 'project', sent_at: at(-23 * 3_600_000).toISOString(), recipients: 9_995 })
      .execute();
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 20 });
    const summary = await pass(scriptedTransport([ACCEPTED]).transport);
    expect(summary.sent).toBe(5);
    expect(summary.nextDueAt).toBe(at(3_600_000).getTime());
  });

  it('retries a temporary failure after a backoff with jitter, and gives up after the last attempt', async () => {
    const [key] = await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 1 });
    const { transport, received } = scriptedTransport([TOO_MANY_CONNECTIONS]);
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 3 };
    expect((await pass(transport, { policy })).retrying).toBe(1);
    const retrying = await row(key as string);
    expect(retrying).toMatchObject({ state: 'retrying', attempts: 1, last_error: '432 4.3.2 Concurrent connections limit exceeded.' });
    expect(retrying.not_before).toBe(at(45_000).toISOString()); // 30 s fixed + half of 30 s of jitter
    expect((await pass(transport, { policy, now: () => at(44_000) })).retrying).toBe(0);
    await pass(transport, { policy, now: () => at(45_000) });
    expect(await row(key as string)).toMatchObject({ state: 'retrying', attempts: 2 });
    const last = await pass(transport, { policy, now: () => at(3_600_000) });
    expect(last.failed).toBe(1);
    expect(await row(key as string)).toMatchObject({ state: 'failed', attempts: 3 });
    expect(received).toHaveLength(3);
  });

  it('records a permanent refusal with the server reply and never tries that message again', async () => {
    const [key] = await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 1 });
    const { transport, received } = scriptedTransport([NO_SUCH_USER]);
    expect((await pass(transport)).failed).toBe(1);
    expect(await row(key as string)).toMatchObject({
      state: 'failed',
      last_error: expect.stringContaining('550 5.1.10 RESOLVER.ADR.RecipientNotFound'),
    });
    await pass(transport, { now: () => at(86_400_000) });
    expect(received).toHaveLength(1);
    expect(await occurrenceState()).toBe('sent');
  });

  it.each([
    ['authentication refused', AUTH_REFUSED],
    ['the submission quota exceeded', QUOTA_EXCEEDED],
  ])('pauses the sender, not the messages, when %s', async (_name, reply) => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 5 });
    const { transport, received } = scriptedTransport([ACCEPTED, ACCEPTED, reply]);
    const summary = await pass(transport);
    expect(summary).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
    expect(summary.sendersPaused).toEqual([{ name: 'project', reason: (reply as { failure: { reason: string } }).failure.reason }]);
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 2, queued: 3 });
    const attempts = await ws.store.db.selectFrom('outbox').select('attempts').where('state', '=', 'queued').execute();
    expect(attempts.map((a) => a.attempts)).toEqual([0, 0, 0]);
    const sender = await ws.store.db.selectFrom('senders').selectAll().executeTakeFirstOrThrow();
    expect(sender.paused_reason).toContain(reply.ok ? '' : reply.failure.reason);
    expect(await occurrenceState()).toBe('sending');
    expect((await pass(transport, { now: () => at(600_000) })).sent).toBe(0);
    expect(received).toHaveLength(3);
    expect(await auditActions()).toContain('sender-paused');
  });

  it('pauses the occurrence after N failures in a row and says why, leaving the rest queued', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 8 });
    const { transport } = scriptedTransport([ACCEPTED, NO_SUCH_USER]);
    const policy = { ...DEFAULT_RETRY_POLICY, failuresInARowToPause: 3 };
    const summary = await pass(transport, { policy });
    expect(summary).toMatchObject({ sent: 1, failed: 3 });
    expect(summary.occurrencesPaused).toEqual([
      { key: OCCURRENCE, reason: expect.stringMatching(/^3 messages in a row failed; the last: 550 5\.1\.10/) },
    ]);
    expect(await occurrenceState()).toBe('paused');
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 1, failed: 3, queued: 4 });
    expect((await pass(transport, { policy, now: () => at(600_000) })).sent).toBe(0);
  });

  it('counts failures in a row across passes, from the audit log', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 6 });
    const { transport, received } = scriptedTransport([NO_SUCH_USER]);
    const policy = { ...DEFAULT_RETRY_POLICY, failuresInARowToPause: 4 };
    expect((await pass(transport, { policy, shouldStop: () => received.length >= 2 })).failed).toBe(2);
    expect(await occurrenceState()).toBe('sending');
    expect((await pass(transport, { policy })).failed).toBe(2);
    expect(await occurrenceState()).toBe('paused');
  });

  it('fails a message that cannot be rendered, with the reason, and sends the others', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 2 });
    const [broken] = await queueMessages(ws.store, ws.orgId, {
      occurrenceKey: OCCURRENCE,
      senderName: 'project',
      count: 1,
      first: 50,
      fields: { 'helpdesk-phone': '' },
    });
    const summary = await pass(scriptedTransport([ACCEPTED]).transport);
    expect(summary).toMatchObject({ sent: 2, failed: 1 });
    expect((await row(broken as string)).last_error).toBe(
      'it cannot be made: Template "test-note" cannot be sent: no value for ((helpdesk phone)).',
    );
  });

  it('stops after the message in flight when asked, and gives back the messages it held', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 10 });
    const { transport, received } = scriptedTransport([ACCEPTED]);
    const summary = await pass(transport, { shouldStop: () => received.length >= 3 });
    expect(summary).toMatchObject({ sent: 3, stopped: true });
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 3, queued: 7 });
    const held = await ws.store.db.selectFrom('outbox').select(['lease_owner', 'attempts']).where('state', '=', 'queued').execute();
    expect(held.every((h) => h.lease_owner === null && h.attempts === 0)).toBe(true);
  });

  it('stops a claimed batch when its occurrence loses its approval part-way, and gives the rest back', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 10 });
    const { transport, received } = scriptedTransport([ACCEPTED]);
    const withdrawing: MailTransport = {
      ...transport,
      async send(message) {
        const outcome = await transport.send(message);
        // An editor changes a setting the email uses while the third message is on its way.
        if (received.length === 3)
          await ws.store.db.updateTable('occurrence_states').set({ state: 'planned' }).where('occurrence_key', '=', OCCURRENCE).execute();
        return outcome;
      },
    };
    const summary = await pass(withdrawing);
    expect(summary.sent).toBe(3);
    expect(received).toHaveLength(3);
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ sent: 3, queued: 7 });
    const held = await ws.store.db.selectFrom('outbox').select(['lease_owner', 'attempts']).where('state', '=', 'queued').execute();
    expect(held.every((h) => h.lease_owner === null && h.attempts === 0)).toBe(true);
  });

  it('leaves messages of an occurrence that is not approved where they are', async () => {
    await insertOccurrence(ws.store, ws.orgId, 'welcome@1', 'planned');
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: 'welcome@1', senderName: 'project', count: 3 });
    expect((await pass(scriptedTransport([ACCEPTED]).transport)).sent).toBe(0);
  });
});

describe('leases on due messages', () => {
  const claim = (owner: string, now: Date, limit = 10) =>
    claimDueMessages(ws.store.db, {
      orgId: ws.orgId,
      senderName: 'project',
      owner,
      now: now.getTime(),
      leaseUntil: now.getTime() + 300_000,
      limit,
    });

  it('are respected by a second claimer: no message is claimed twice', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 15 });
    const first = await claim('worker-a', FIXED_NOW);
    const second = await claim('worker-b', FIXED_NOW);
    expect(first).toHaveLength(10);
    expect(second).toHaveLength(5);
    expect(first.map((m) => m.messageKey).filter((k) => second.some((m) => m.messageKey === k))).toEqual([]);
    expect(await claim('worker-c', FIXED_NOW)).toEqual([]);
  });

  it('go back to queued when they run out, and another worker then takes them', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 4 });
    await claim('worker-a', FIXED_NOW);
    expect(await releaseExpiredLeases(ws.store.db, ws.orgId, at(299_000).getTime())).toEqual([]);
    expect(await releaseExpiredLeases(ws.store.db, ws.orgId, at(300_000).getTime())).toHaveLength(4);
    const taken = await claim('worker-b', at(300_000));
    // The first worker's claim reached no server, so it counted no attempt.
    expect(taken.map((m) => m.attempts)).toEqual([1, 1, 1, 1]);
    const [first, second] = taken.map((m) => m.messageKey) as [string, string];
    // The first worker wakes up: a failure is no longer its to record...
    expect(await markRetrying(ws.store.db, ws.orgId, second, 'worker-a', 1, at(360_000).getTime(), '451 4.3.0')).toBe(false);
    // ...but a message the server accepted is recorded all the same, and the second worker then leaves it alone.
    expect(await holdOnMessage(ws.store.db, ws.orgId, first, 'worker-b')).toBe('held');
    expect(await markSent(ws.store.db, ws.orgId, first, at(301_000).getTime(), 1)).toBe(true);
    expect(await holdOnMessage(ws.store.db, ws.orgId, first, 'worker-b')).toBe('lost');
    expect(await markSent(ws.store.db, ws.orgId, first, at(302_000).getTime(), 1)).toBe(false);
  });

  it('are renewed for the messages a worker still holds, and not for those it lost', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 3 });
    const keys = (await claim('worker-a', FIXED_NOW)).map((m) => m.messageKey);
    await releaseExpiredLeases(ws.store.db, ws.orgId, at(300_000).getTime());
    const [lost] = (await claim('worker-b', at(300_000), 1)).map((m) => m.messageKey);
    const kept = await renewLeases(ws.store.db, ws.orgId, keys, 'worker-a', at(600_000).getTime());
    expect(kept).toEqual([]);
    const renewed = await renewLeases(ws.store.db, ws.orgId, keys, 'worker-b', at(900_000).getTime());
    expect(renewed).toEqual([lost]);
    expect((await row(lost as string)).lease_until).toBe(at(900_000).toISOString());
  });

  it('on PostgreSQL lock the rows they pick and skip rows another worker has locked', async () => {
    const statements: string[] = [];
    const postgres = new Kysely<Database>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
      log: (event) => void statements.push(event.query.sql),
    });
    const claimed = { orgId: ws.orgId, senderName: 'project', owner: 'worker-a', now: 0, leaseUntil: 1, limit: 10 };
    await claimDueMessages(postgres, { ...claimed, dialect: 'postgres' });
    expect(statements[0]).toMatch(
      /^update "outbox" set .* where .*"message_key" in \(select .* limit \$\d+ for update skip locked\) returning \*$/,
    );
    await claimDueMessages(postgres, { ...claimed, dialect: 'sqlite' });
    expect(statements[1]).not.toContain('for update');
  });

  it('read only the waiting messages through their own index, in the order they are claimed', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 3 });
    const statements: CompiledQuery[] = [];
    const compiler = new Kysely<Database>({
      dialect: {
        createAdapter: () => new SqliteAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new SqliteIntrospector(db),
        createQueryCompiler: () => new SqliteQueryCompiler(),
      },
      log: (event) => void statements.push(event.query),
    });
    await claimDueMessages(compiler, {
      orgId: ws.orgId,
      senderName: 'project',
      owner: 'worker-a',
      now: FIXED_NOW.getTime(),
      leaseUntil: 1,
      limit: 10,
    });
    const claim = statements[0] as CompiledQuery;
    const plan = await ws.store.db.executeQuery<{ detail: string }>(
      CompiledQuery.raw(`EXPLAIN QUERY PLAN ${claim.sql}`, [...claim.parameters]),
    );
    const details = plan.rows.map((r) => r.detail);
    expect(details.some((d) => d.includes('USING INDEX outbox_claimable'))).toBe(true);
    expect(details.filter((d) => d.includes('TEMP B-TREE'))).toEqual([]);
  });

  it('are taken in the same pass when a dead worker left them', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 4 });
    await claim('worker-dead', FIXED_NOW);
    const summary = await pass(scriptedTransport([ACCEPTED]).transport, { now: () => at(300_000) });
    expect(summary).toMatchObject({ leasesExpired: 4, sent: 4 });
  });
});

describe('every move of a message is guarded', () => {
  type Move = 'retrying' | 'failed' | 'queued';
  const moves: Record<Move, (key: string, owner: string) => Promise<boolean>> = {
    retrying: (key, owner) => markRetrying(ws.store.db, ws.orgId, key, owner, 1, at(60_000).getTime(), '432 4.3.2'),
    failed: (key, owner) => markFailed(ws.store.db, ws.orgId, key, owner, 1, '550 5.1.10'),
    queued: async (key, owner) => (await releaseClaims(ws.store.db, ws.orgId, [key], owner)) === 1,
  };
  const cases = MESSAGE_STATES.flatMap((from) => (Object.keys(moves) as Move[]).map((to) => [from, to] as const));

  it.each(cases)('from %s to %s only when the worker holds its lease', async (from, to) => {
    const [key] = await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 1 });
    await ws.store.db
      .updateTable('outbox')
      .set({ state: from, lease_owner: from === 'sending' ? 'worker-a' : null })
      .where('message_key', '=', key as string)
      .execute();
    const allowed = from === 'sending';
    expect(await moves[to](key as string, 'worker-b')).toBe(false);
    expect(await moves[to](key as string, 'worker-a')).toBe(allowed);
    expect((await row(key as string)).state).toBe(allowed ? to : from);
  });

  it.each(MESSAGE_STATES)('from %s to sent whoever holds it, unless it is sent or final', async (from) => {
    const [key] = await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 1 });
    await ws.store.db
      .updateTable('outbox')
      .set({ state: from, lease_owner: from === 'sending' ? 'worker-a' : null, attempts: 2 })
      .where('message_key', '=', key as string)
      .execute();
    const recorded = ['queued', 'sending', 'retrying'].includes(from);
    expect(await markSent(ws.store.db, ws.orgId, key as string, FIXED_NOW.getTime(), 1)).toBe(recorded);
    expect(await row(key as string)).toMatchObject(
      recorded ? { state: 'sent', lease_owner: null, attempts: 2 } : { state: from, attempts: 2 },
    );
  });
});

describe('the send commands', () => {
  const db = () => ['--db', ws.path];

  it('send --due redraws its progress line on a terminal a few times a second, not once a message, and ends with the last count', async () => {
    await ws.store.db.updateTable('senders').set({ per_minute: 10_000 }).where('name', '=', 'project').execute();
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 400 });
    let stderr = '';
    const code = await runCli([...db(), 'send', '--due'], {
      stdout: { write: () => {} },
      stderr: { write: (text: string) => (stderr += text) },
      stderrIsTerminal: true,
      env: {},
      cwd: ws.dir,
      now: () => FIXED_NOW,
      ...SYSTEM_PORTS,
    });
    expect(code).toBe(0);
    const draws = stderr.split('\r').filter(Boolean);
    expect(draws.length).toBeGreaterThan(0);
    expect(draws.length).toBeLessThan(400);
    expect(draws.at(-1)).toMatch(/400 sent, 0 to go/);
  });

  it('send --due sends what is due and says what happened; before it is due, nothing goes', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 5, notBefore: at(3_600_000) });
    const early = await ws.run(...db(), 'send', '--due');
    expect(early).toMatchObject({ code: 0, stderr: '' });
    expect(early.stdout).toBe(`${FIXED_NOW.toISOString()}  0 sent.\nThe next message is due at ${at(3_600_000).toISOString()}.\n`);
    const due = await ws.run(...db(), 'send', '--due', '--now', at(3_600_000).toISOString());
    expect(due.stdout).toContain('5 sent.');
    expect(due.stdout).toContain(`${OCCURRENCE}: every message has gone.`);
    expect(readdirSync(join(ws.dir, 'mail'))).toHaveLength(5);
  });

  it.each([
    [['send', '--due', '--now', 'tomorrow'], '--now "tomorrow" is not a time'],
    [['send', '--due', '--now', '2027-02-30T09:00:00Z'], 'is not a time'],
    [['send'], 'Say what to send'],
    [['worker', '--poll', '0'], '--poll "0" is not a number of seconds'],
    [['send', 'test', 'wave-reminder', '--to', 'sam.jones'], '--to "sam.jones" is not an email address'],
    [
      ['send', 'test', 'wave-reminder', '--to', 'sam..jones@eastbrook.nhs.uk'],
      '--to "sam..jones@eastbrook.nhs.uk" is not an email address',
    ],
    [['send', 'test', 'no-such-activity', '--to', 'sam.jones@eastbrook.nhs.uk'], 'There is no activity "no-such-activity"'],
  ])('refuses %j with exit code 2 and changes nothing', async (args, message) => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: OCCURRENCE, senderName: 'project', count: 2 });
    const result = await ws.run(...db(), ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(await outboxStates(ws.store, ws.orgId)).toEqual({ queued: 2 });
    expect(await auditActions()).toEqual([]);
  });

  it('send test sends one preview from the default sender, marked as a test in its subject', async () => {
    await ws.store.db.updateTable('senders').set({ is_default: 1 }).execute();
    const result = await ws.run(...db(), 'send', 'test', 'wave-reminder', '--to', 'sam.patel@eastbrook.nhs.uk');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Sent a test of wave-reminder to sam\.patel@eastbrook\.nhs\.uk from project: written to /);
    expect(result.stdout).toContain('Note: not filled yet, so the real email would not go: ((first name))');
    const [file] = readdirSync(join(ws.dir, 'mail'));
    const eml = readFileSync(join(ws.dir, 'mail', file as string), 'utf8');
    expect(eml).toMatch(/^Subject: \[TEST\] /m);
    expect(eml).toContain('X-Commsplan-Test: yes');
    expect(await auditActions()).toEqual(['test-sent']);
    const [entry] = await ws.store.db.selectFrom('audit_log').select(['actor', 'detail']).execute();
    expect(entry?.actor).toBe('cli');
    expect(JSON.parse(entry?.detail ?? '')).toEqual({
      to: 'sam.patel@eastbrook.nhs.uk',
      sender: 'project',
      messageId: expect.stringMatching(/^<test-.+@commsplan>$/),
    });
  });

  it('send plan forecasts each upcoming email after the sender’s backlog, and check warns of the late ones', async () => {
    await ws.store.db.updateTable('senders').set({ is_default: 1, per_day: 10 }).execute();
    await insertOccurrence(ws.store, ws.orgId, 'old-news', 'sending');
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: 'old-news', senderName: 'project', count: 200 });
    const plan = await ws.run(...db(), 'send', 'plan', '--json');
    expect(plan.code).toBe(0);
    const forecasts = JSON.parse(plan.stdout) as { key: string; late: boolean; startsAt: string; messages: number; deadlineRule: string }[];
    const announcement = forecasts.find((f) => f.key === 'announcement');
    // 200 queued at 10 a day go on 20 days from 24 November, the last at 10:00 on 13 December: the announcement of 7 December follows them.
    expect(announcement).toMatchObject({
      messages: 1,
      late: true,
      startsAt: '2026-12-13T10:01:00.000Z',
      deadlineRule: 'by the end of its day',
    });
    expect(forecasts.find((f) => f.key === 'wave-reminder@1')).toBeUndefined(); // already approved and in the outbox's hands
    const text = await ws.run(...db(), 'send', 'plan');
    expect(text.stdout).toMatch(/^announcement +2026-12-13 10:01 +1 +project .* LATE$/m);
    const check = await ws.run(...db(), 'check', '--json');
    const findings = (JSON.parse(check.stdout) as { findings: { code: string; activityId?: string; severity: string }[] }).findings;
    expect(findings.filter((f) => f.code === 'sending-late').map((f) => f.activityId)).toContain('announcement');
  });
});
