import type { Kysely, Migration } from 'kysely';

/**
 * Late joiners (docs/adr/0014-occurrence-life-and-catch-up.md): whether an activity's emails catch up with people who join their
 * audience after they went (on unless set off), which messages were such catch-ups, and how many
 * late joiners an occurrence last found too late to be sent it (their wave had started).
 */
export function catchUp(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      await db.schema
        .alterTable('activities')
        .addColumn('catch_up', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable('outbox')
        .addColumn('catch_up', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('occurrence_states').addColumn('too_late', 'integer').execute();
    },
  };
}
