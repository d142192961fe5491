import type { Queryable } from '../store/store.js';

export async function lastImports(db: Queryable, orgId: string): Promise<Record<string, string>> {
  const rows = await db
    .selectFrom('import_runs')
    .select(['kind'])
    .select((eb) => eb.fn.max('finished_at').as('last'))
    .where('org_id', '=', orgId)
    .groupBy('kind')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.kind, String(row.last)]));
}
