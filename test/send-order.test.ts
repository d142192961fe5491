import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrationProvider } from '../src/store/migrations/index.js';
import { SqliteDriver } from '../src/store/sqlite-driver.js';
import { cliSandbox } from './support/cli-harness.js';
import { insertSender, queueMessages, removeWorkspace, type SendingWorkspace, sendingWorkspace } from './support/outbox-rows.js';

/** Order within what is due (issue 17, item 8): each activity's priority, set and shown with its other options. */
describe('activity set --priority', () => {
  let ws: SendingWorkspace;
  beforeEach(async () => {
    ws = await sendingWorkspace();
    await insertSender(ws.store, ws.orgId, { name: 'project', folder: join(ws.dir, 'mail') });
  });
  afterEach(() => removeWorkspace(ws));

  const waitingPriorities = async () =>
    (
      await ws.store.db
        .selectFrom('outbox')
        .select(['occurrence_key', 'state', (eb) => eb.fn.max('priority').as('priority')])
        .groupBy(['occurrence_key', 'state'])
        .orderBy('occurrence_key')
        .orderBy('state')
        .execute()
    ).map((row) => [row.occurrence_key, row.state, Number(row.priority)]);

  it('starts from the plan: the helpdesk first, owners’ briefings high, staff emails normal', async () => {
    const listed = JSON.parse((await ws.run('activity', 'list', '--json')).stdout) as { id: string; priority: string }[];
    const levels = Object.fromEntries(listed.map((a) => [a.id, a.priority]));
    expect(levels).toMatchObject({
      helpdesk: 'first',
      'application-owners': 'high',
      'dl-owners': 'high',
      'shared-mailbox-owners': 'high',
      'over-quota': 'normal',
      'wave-reminder': 'normal',
      announcement: 'normal',
    });
    expect((await ws.run('activity', 'list')).stdout).toMatch(/^helpdesk +2 +Brief the IT helpdesk +- +planned +yes +first$/m);
  });

  it('sets a level, says so, logs it, and gives it to the activity’s messages still waiting, not to those sent', async () => {
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: 'wave-reminder@1', senderName: 'project', count: 3 });
    await queueMessages(ws.store, ws.orgId, { occurrenceKey: 'over-quota', senderName: 'project', count: 2, first: 10 });
    await ws.store.db.updateTable('outbox').set({ state: 'sent' }).where('recipient', '=', 'staff.member0001@eastbrook.nhs.uk').execute();

    const set = await ws.run('activity', 'set', 'wave-reminder', '--priority', ' High ', '--by', 'Sam Patel');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toBe('wave-reminder: owner -, status planned, priority high\n');
    expect(await waitingPriorities()).toEqual([
      ['over-quota', 'queued', 3],
      ['wave-reminder@1', 'queued', 2],
      ['wave-reminder@1', 'sent', 3],
    ]);
    const log = await ws.store.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'subject', 'detail'])
      .where('action', '=', 'activity-priority-set')
      .execute();
    expect(log).toEqual([
      { actor: 'Sam Patel', action: 'activity-priority-set', subject: 'wave-reminder', detail: 'priority high (was normal)' },
    ]);
  });

  it('refuses a level it does not know, naming the levels, and changes nothing', async () => {
    const refused = await ws.run('activity', 'set', 'helpdesk', '--priority', 'urgent');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Priority "urgent" is not known: use first, high, normal, low');
    const listed = JSON.parse((await ws.run('activity', 'list', '--json')).stdout) as { id: string; priority: string }[];
    expect(listed.find((a) => a.id === 'helpdesk')?.priority).toBe('first');
  });
});

describe('migration 0022', () => {
  const sandbox = cliSandbox();
  afterEach(() => sandbox.cleanup());

  it('gives waiting messages their activity’s level and counts task notices sent before notes as told', async () => {
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: new SqliteDriver(join(sandbox.dir, 'old.db')) }) });
    try {
      const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
      expect((await migrator.migrateTo('0017-slimmer-outbox-indexes')).error).toBeUndefined();
      const at = '2026-12-01T09:00:00.000Z';
      await sql`INSERT INTO organisations (id, name, nation, programme_start, plan_id, created_at)
                VALUES ('org', 'Eastbrook', 'england', '2026-12-07', 'nhsmail', ${at})`.execute(db);
      for (const [key, state] of [
        ['helpdesk', 'queued'],
        ['helpdesk', 'sent'],
        ['over-quota', 'queued'],
        ['task-notice:announcement', 'queued'],
      ])
        await sql`INSERT INTO outbox (org_id, message_key, occurrence_key, recipient, person_email, template_id, template_version,
                    sender_name, fields_json, state, not_before, created_at)
                  VALUES ('org', ${`${key}/${state}`}, ${key}, 'a@x.example', 'a@x.example', 't', 'v', 's', '{}', ${state}, ${at}, ${at})`.execute(
          db,
        );
      await sql`INSERT INTO occurrence_states (org_id, occurrence_key, activity_id, state, updated_at)
                VALUES ('org', 'task-notice:announcement', 'announcement', 'approved', ${at})`.execute(db);

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const priorities = await sql<{
        message_key: string;
        priority: number;
      }>`SELECT message_key, priority FROM outbox ORDER BY message_key`.execute(db);
      expect(priorities.rows).toEqual([
        { message_key: 'helpdesk/queued', priority: 1 },
        { message_key: 'helpdesk/sent', priority: 3 },
        { message_key: 'over-quota/queued', priority: 3 },
        { message_key: 'task-notice:announcement/queued', priority: 2 },
      ]);
      const told = await sql`SELECT task_key, kind, note_key FROM task_notes`.execute(db);
      expect(told.rows).toEqual([{ task_key: 'announcement', kind: 'notice', note_key: 'task-notice:announcement' }]);
      const index = await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE name = 'outbox_claimable'`.execute(db);
      expect(index.rows[0]?.sql).toMatch(/\(org_id, sender_name, priority, not_before\)/);
    } finally {
      await db.destroy();
    }
  });
});
