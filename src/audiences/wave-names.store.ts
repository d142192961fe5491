import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

export async function waveNames(db: Queryable, orgId: string): Promise<string[]> {
  // DISTINCT reads the wave index; "Wave 1" and "wave 1" are one wave (wave:NAME matches either).
  const result = await sql<{ wave: string }>`SELECT DISTINCT wave FROM directory_persons
    WHERE org_id = ${orgId} AND wave IS NOT NULL ORDER BY wave`.execute(db);
  const byLowerCase = new Map<string, string>();
  for (const { wave } of result.rows) if (!byLowerCase.has(wave.toLowerCase())) byLowerCase.set(wave.toLowerCase(), wave);
  return [...byLowerCase.values()];
}
