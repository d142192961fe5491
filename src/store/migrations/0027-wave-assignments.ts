import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Which wave each mailbox moves in, as planned (`waves plan`), assigned by hand (`waves assign`)
 * or carried over after a failed move. The staff list's wave column is read only for mailboxes
 * with no row here (and kept as `directory_persons.staff_wave`). Waves get a limit in GB. Carry-overs made before this table are copied in, latest first.
 */
export function waveAssignments(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('wave_assignments')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('mailbox_email', 'text', (c) => c.notNull())
    .addColumn('wave_id', 'integer', (c) => c.notNull().references('waves.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('assigned_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('wave_assignments_pk', ['org_id', 'mailbox_email'])
    .execute();
  // The staff list's own wave, kept beside the wave in force: it pins the person when waves are planned.
  await sql`ALTER TABLE directory_persons ADD COLUMN staff_wave text`.execute(db);
  // Built again on the next read, so the new column and the copied carry-overs are filled in.
  await sql`UPDATE directory_state SET stale = 1`.execute(db);
  // How much mail a wave can move, in GB, besides how many people.
  await sql`ALTER TABLE waves ADD COLUMN capacity_gb integer`.execute(db);
  await sql`CREATE INDEX wave_assignments_by_wave ON wave_assignments (org_id, wave_id)`.execute(db);
  await sql`INSERT INTO wave_assignments (org_id, mailbox_email, wave_id, source, assigned_at, assigned_by)
    SELECT c.org_id, c.person_email, w.id, 'carry-over', c.carried_at, c.carried_by
    FROM wave_carry_overs c
    JOIN waves w ON w.org_id = c.org_id AND lower(w.name) = lower(c.to_wave)
    WHERE NOT EXISTS (SELECT 1 FROM wave_carry_overs later WHERE later.org_id = c.org_id
      AND later.person_email = c.person_email AND later.carried_at > c.carried_at)
    ON CONFLICT DO NOTHING`.execute(db);
}
