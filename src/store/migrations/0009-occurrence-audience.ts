import type { Kysely, Migration } from 'kysely';

/**
 * When the queue step last read an occurrence's audience, as the people table's build time: an
 * occurrence already sending is read again only after an import has changed the people.
 */
export function occurrenceAudience(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await db.schema.alterTable('occurrence_states').addColumn('audience_as_of', 'text').execute();
    },
  };
}
