import type { Queryable } from '../store/store.js';
import type { ClosureDay } from './working-days.js';

export async function listClosureDays(db: Queryable, orgId: string): Promise<ClosureDay[]> {
  return db.selectFrom('closure_days').select(['date', 'name']).where('org_id', '=', orgId).orderBy('date').execute();
}

export async function writeClosureDay(db: Queryable, orgId: string, closure: ClosureDay): Promise<void> {
  await db
    .insertInto('closure_days')
    .values({ org_id: orgId, ...closure })
    .onConflict((conflict) => conflict.columns(['org_id', 'date']).doUpdateSet({ name: closure.name }))
    .execute();
}

export async function deleteClosureDay(db: Queryable, orgId: string, date: string): Promise<number> {
  const result = await db.deleteFrom('closure_days').where('org_id', '=', orgId).where('date', '=', date).executeTakeFirst();
  return Number(result.numDeletedRows);
}
