import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What each wave's results did to each person: the result of each move attempt, in the
 * wave it belongs to; people carried over from a failed wave into a later one; a wave's capacity;
 * and the programme board's acceptance that the people left unmoved will not move. The people
 * table gains the wave a person's latest result belongs to, so `migrated:WAVE` and `failed:WAVE`
 * keep their people after a failed person is carried over into the next wave.
 */
export function waveResults(): Migration {
  return {
    up: async (db: Kysely<unknown>) => {
      const table = (name: string) =>
        db.schema.createTable(name).addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'));

      await db.schema.alterTable('waves').addColumn('capacity', 'integer').execute();

      await table('migration_attempts')
        .addColumn('person_email', 'text', (c) => c.notNull())
        .addColumn('wave_name', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('raw_status', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('migration_attempts_pk', ['org_id', 'person_email', 'wave_name'])
        .execute();

      await table('wave_carry_overs')
        .addColumn('person_email', 'text', (c) => c.notNull())
        .addColumn('from_wave', 'text', (c) => c.notNull())
        .addColumn('to_wave', 'text', (c) => c.notNull())
        .addColumn('carried_at', 'text', (c) => c.notNull())
        .addColumn('carried_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('wave_carry_overs_pk', ['org_id', 'person_email', 'from_wave'])
        .execute();

      await table('remainder_acceptances')
        .addColumn('accepted_at', 'text', (c) => c.notNull())
        .addColumn('accepted_by', 'text', (c) => c.notNull())
        .addColumn('people', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('remainder_acceptances_pk', ['org_id', 'accepted_at'])
        .execute();

      await db.schema.alterTable('directory_persons').addColumn('result_wave', 'text').execute();
      await sql`CREATE INDEX directory_persons_result_wave ON directory_persons (org_id, result_wave)`.execute(db);
    },
  };
}
