import type { Queryable } from '../store/store.js';

/** How a mailbox came to be in its wave. */
export type AssignmentSource = 'plan' | 'assign' | 'carry-over';

export interface WaveAssignment {
  mailbox: string;
  waveId: number;
  source: AssignmentSource;
}

/** Puts each mailbox in its wave, replacing the wave it had. */
export async function assignMailboxes(
  db: Queryable,
  orgId: string,
  assignments: readonly WaveAssignment[],
  by: { at: string; by: string },
): Promise<void> {
  for (let start = 0; start < assignments.length; start += 500) {
    await db
      .insertInto('wave_assignments')
      .values(
        assignments.slice(start, start + 500).map((a) => ({
          org_id: orgId,
          mailbox_email: a.mailbox,
          wave_id: a.waveId,
          source: a.source,
          assigned_at: by.at,
          assigned_by: by.by,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['org_id', 'mailbox_email']).doUpdateSet((eb) => ({
          wave_id: eb.ref('excluded.wave_id'),
          source: eb.ref('excluded.source'),
          assigned_at: eb.ref('excluded.assigned_at'),
          assigned_by: eb.ref('excluded.assigned_by'),
        })),
      )
      .execute();
  }
}

export async function listAssignments(db: Queryable, orgId: string): Promise<Map<string, WaveAssignment>> {
  const rows = await db.selectFrom('wave_assignments').select(['mailbox_email', 'wave_id', 'source']).where('org_id', '=', orgId).execute();
  return new Map(
    rows.map((row) => [
      row.mailbox_email,
      { mailbox: row.mailbox_email, waveId: Number(row.wave_id), source: row.source as AssignmentSource },
    ]),
  );
}

export async function countAssignedTo(db: Queryable, orgId: string, waveId: number): Promise<number> {
  const row = await db
    .selectFrom('wave_assignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .where('wave_id', '=', waveId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
