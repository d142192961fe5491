import type { Queryable } from '../store/store.js';

/** When each address last signed in, read from the audit log's `signed-in` lines. */
export async function lastSignIns(db: Queryable, orgId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['actor'])
    .select((eb) => eb.fn.max('at').as('at'))
    .where('org_id', '=', orgId)
    .where('action', '=', 'signed-in')
    .groupBy('actor')
    .execute();
  return new Map(rows.map((row) => [row.actor, String(row.at)]));
}
