import type { Queryable } from '../store/store.js';
import type { Wave } from './wave.js';

export async function listWaves(db: Queryable, orgId: string): Promise<Wave[]> {
  const rows = await db
    .selectFrom('waves')
    .select(['id', 'name', 'start_date', 'end_date', 'capacity', 'capacity_gb'])
    .where('org_id', '=', orgId)
    .orderBy('start_date')
    .orderBy('name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    start: row.start_date,
    end: row.end_date,
    ...(row.capacity === null ? {} : { capacity: Number(row.capacity) }),
    ...(row.capacity_gb === null ? {} : { capacityGb: Number(row.capacity_gb) }),
  }));
}

export async function insertWave(db: Queryable, orgId: string, wave: Omit<Wave, 'id'>): Promise<void> {
  await db
    .insertInto('waves')
    .values({
      org_id: orgId,
      name: wave.name,
      start_date: wave.start,
      end_date: wave.end,
      capacity: wave.capacity ?? null,
      capacity_gb: wave.capacityGb ?? null,
    })
    .execute();
}

export async function updateWaveCapacity(
  db: Queryable,
  orgId: string,
  id: number,
  limits: { capacity?: number | null; capacity_gb?: number | null },
): Promise<void> {
  await db.updateTable('waves').set(limits).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function updateWaveDates(db: Queryable, orgId: string, wave: Wave): Promise<void> {
  await db
    .updateTable('waves')
    .set({ start_date: wave.start, end_date: wave.end })
    .where('org_id', '=', orgId)
    .where('id', '=', wave.id)
    .execute();
}

export async function deleteWave(db: Queryable, orgId: string, id: number): Promise<void> {
  await db.deleteFrom('waves').where('org_id', '=', orgId).where('id', '=', id).execute();
}
