import type { Kysely, Migration } from 'kysely';

/**
 * The audience counts as last worked out, one row per organisation: counting every audience takes
 * over a second at 1.5 million people, so pages read this instead. `inputs` is a fingerprint of
 * what the counts were worked out from (imports, settings, waves, custom audiences, the day); a
 * reader whose fingerprint differs knows the counts are out of date.
 */
export function audienceCounts(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audience_counts')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organisations.id').onDelete('cascade'))
    .addColumn('overview', 'text', (c) => c.notNull()) // JSON: AudiencesOverview
    .addColumn('inputs', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
}
