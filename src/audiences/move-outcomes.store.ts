import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

/**
 * Puts the waves' results into the people table just rebuilt: the wave a person's latest result
 * belongs to (their latest recorded attempt, else the wave they are in). A failed person carried
 * over is in their new wave through `wave_assignments`.
 */
export async function applyWaveResults(db: Queryable, orgId: string): Promise<void> {
  await sql`UPDATE directory_persons SET result_wave = coalesce(
      (SELECT a.wave_name FROM migration_attempts a WHERE a.org_id = directory_persons.org_id
        AND a.person_email = directory_persons.email ORDER BY a.recorded_at DESC, a.wave_name LIMIT 1),
      wave)
    WHERE org_id = ${orgId} AND migration_outcome IS NOT NULL`.execute(db);
}

/** People whose move failed in two waves or more, with those waves in order. */
export interface FailedTwice {
  person: string;
  waves: string[];
}

export async function failedTwice(db: Queryable, orgId: string): Promise<FailedTwice[]> {
  const rows = await db
    .selectFrom('migration_attempts')
    .select(['person_email', 'wave_name', 'recorded_at'])
    .where('org_id', '=', orgId)
    .where('outcome', '=', 'failed')
    .orderBy('person_email')
    .orderBy('recorded_at')
    .execute();
  const byPerson = new Map<string, string[]>();
  for (const row of rows) byPerson.set(row.person_email, [...(byPerson.get(row.person_email) ?? []), row.wave_name]);
  return [...byPerson].filter(([, waves]) => waves.length >= 2).map(([person, waves]) => ({ person, waves }));
}
