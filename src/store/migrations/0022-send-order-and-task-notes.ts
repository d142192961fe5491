import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../dialect.js';

/** The built-in plan's levels when this migration shipped: 1 first, 2 high; every other activity 3, normal. */
const BUILTIN_PRIORITIES: Readonly<Record<string, number>> = {
  helpdesk: 1,
  'application-owners': 2,
  'dl-owners': 2,
  'shared-mailbox-owners': 2,
};
const NORMAL = 3;
const TASK_NOTE = 2;
const WAITING = sql`state IN ('queued', 'retrying')`;

/**
 * Order within what is due, and one email a day per owner for their tasks:
 * - `activities.priority` and `outbox.priority` (1 first … 4 low). A message carries its
 *   activity's level from when it was queued, so the claim orders by a column of its own row.
 *   Messages waiting now take their activity's level; old task notices and reminders take 2.
 * - `outbox_claimable` leads with the level, so a claim still reads the first entries of one
 *   index in claim order: level, due time, then the order queued (the rowid on SQLite).
 * - `task_notes`: which email told each task's owner about its notice or reminder. Notices and
 *   reminders queued one email each before this migration count as told by that email.
 */
export function sendOrderAndTaskNotes(dialect: DialectName): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await sql`ALTER TABLE activities ADD COLUMN priority INTEGER NOT NULL DEFAULT ${sql.lit(NORMAL)}`.execute(db);
      await sql`ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT ${sql.lit(NORMAL)}`.execute(db);
      for (const [activityId, priority] of Object.entries(BUILTIN_PRIORITIES)) {
        await sql`UPDATE activities SET priority = ${priority}
                  WHERE id = ${activityId} AND org_id IN (SELECT id FROM organisations WHERE plan_id = 'nhsmail')`.execute(db);
        await sql`UPDATE outbox SET priority = ${priority}
                  WHERE ${WAITING} AND (occurrence_key = ${activityId} OR occurrence_key LIKE ${`${activityId}@%`})
                    AND org_id IN (SELECT id FROM organisations WHERE plan_id = 'nhsmail')`.execute(db);
      }
      await sql`UPDATE outbox SET priority = ${TASK_NOTE}
                WHERE ${WAITING} AND (occurrence_key LIKE 'task-notice:%' OR occurrence_key LIKE 'task-reminder:%')`.execute(db);

      await sql`DROP INDEX outbox_claimable`.execute(db);
      if (dialect === 'sqlite')
        await sql`CREATE INDEX outbox_claimable ON outbox (org_id, sender_name, priority, not_before) WHERE ${WAITING}`.execute(db);
      else
        await sql`CREATE INDEX outbox_claimable ON outbox (org_id, sender_name, priority, not_before, message_key) WHERE ${WAITING}`.execute(
          db,
        );

      await db.schema
        .createTable('task_notes')
        .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
        .addColumn('task_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull()) // notice | reminder
        .addColumn('note_key', 'text', (c) => c.notNull()) // the occurrence key of the email that lists it
        .addColumn('queued_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('task_notes_pk', ['org_id', 'task_key', 'kind'])
        .execute();
      await db.schema.createIndex('task_notes_by_note').on('task_notes').columns(['org_id', 'note_key']).execute();
      for (const [kind, prefix] of [
        ['notice', 'task-notice:'],
        ['reminder', 'task-reminder:'],
      ] as const)
        await sql`INSERT INTO task_notes (org_id, task_key, kind, note_key, queued_at)
                  SELECT org_id, substr(occurrence_key, ${prefix.length + 1}), ${kind}, occurrence_key, updated_at
                  FROM occurrence_states WHERE occurrence_key LIKE ${`${prefix}%`}`.execute(db);
    },
  };
}
