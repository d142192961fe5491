import { type Kysely, type Migration, sql } from 'kysely';

/**
 * When the queue step last read an occurrence's audience, as the people table's build time: an
 * occurrence already sending is read again only after an import has changed the people.
 * Leavers' messages are found through their occurrence (outbox_by_occurrence), so the index by
 * person goes: at 1.5 million messages it cost about 100 MB of workspace for no query.
 */
export function occurrenceAudience(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await db.schema.alterTable('occurrence_states').addColumn('audience_as_of', 'text').execute();
      await sql`DROP INDEX IF EXISTS outbox_by_person`.execute(db);
    },
  };
}
