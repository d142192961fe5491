import type { Queryable } from '../store/store.js';

/** The department the staff list gives each row with no email address, by its key (`staff_key`). */
export async function departmentsOfStaffWithoutAddress(db: Queryable, orgId: string): Promise<Map<string, string | null>> {
  const rows = await db.selectFrom('staff_without_address').select(['staff_key', 'department']).where('org_id', '=', orgId).execute();
  return new Map(rows.map((row) => [row.staff_key, row.department]));
}
