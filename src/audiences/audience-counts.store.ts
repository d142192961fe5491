import { createHash } from 'node:crypto';
import type { Queryable } from '../store/store.js';
import type { AudiencesOverview } from './manage-audiences.js';

export interface StoredAudienceCounts {
  overview: AudiencesOverview;
  inputs: string;
  computedAt: string;
}

/**
 * A fingerprint of everything audience counts are worked out from: the imports (every import that
 * changes the people table records a run), the settings, the waves, the custom audiences and the day (people
 * leave on a date). Small tables only, so it is cheap to read on every page.
 */
export async function audienceInputs(db: Queryable, orgId: string, today: string): Promise<string> {
  const [imports, settings, waves, customs, assignments] = await Promise.all([
    db
      .selectFrom('import_runs')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('finished_at').as('last')])
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
    db.selectFrom('settings').select(['key', 'value']).where('org_id', '=', orgId).orderBy('key').execute(),
    db.selectFrom('waves').select(['name', 'start_date', 'end_date']).where('org_id', '=', orgId).orderBy('name').execute(),
    db.selectFrom('custom_audiences').select(['name', 'filter']).where('org_id', '=', orgId).orderBy('name').execute(),
    // Who is in which wave changes with every plan, move and carry-over.
    db
      .selectFrom('wave_assignments')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('assigned_at').as('last'), eb.fn.sum<number>('wave_id').as('waves')])
      .where('org_id', '=', orgId)
      .executeTakeFirst(),
  ]);
  const everything = JSON.stringify({
    today,
    imports: [Number(imports?.n ?? 0), imports?.last ?? null],
    settings,
    waves,
    customs,
    assignments: [Number(assignments?.n ?? 0), assignments?.last ?? null, Number(assignments?.waves ?? 0)],
  });
  return createHash('sha256').update(everything).digest('hex');
}

export async function readAudienceCounts(db: Queryable, orgId: string): Promise<StoredAudienceCounts | undefined> {
  const row = await db.selectFrom('audience_counts').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return undefined;
  return { overview: JSON.parse(row.overview) as AudiencesOverview, inputs: row.inputs, computedAt: row.computed_at };
}

export async function writeAudienceCounts(db: Queryable, orgId: string, counts: StoredAudienceCounts): Promise<void> {
  const values = { overview: JSON.stringify(counts.overview), inputs: counts.inputs, computed_at: counts.computedAt };
  await db
    .insertInto('audience_counts')
    .values({ org_id: orgId, ...values })
    .onConflict((c) => c.column('org_id').doUpdateSet(values))
    .execute();
}
