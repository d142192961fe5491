import type { Queryable } from '../store/store.js';
import { effectiveSettings, type SettingValues } from './settings.js';
import { type TypedSettings, typedSettings } from './typed-settings.js';

export async function readSettingValues(db: Queryable, orgId: string): Promise<SettingValues> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('org_id', '=', orgId).execute();
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

export async function writeSettingValue(db: Queryable, orgId: string, key: string, value: string, now: Date): Promise<void> {
  await db
    .insertInto('settings')
    .values({ org_id: orgId, key, value, updated_at: now.toISOString() })
    .onConflict((conflict) => conflict.columns(['org_id', 'key']).doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}

/** Removes a setting's stored value, so it is unset or back to its default; false when it had none. */
export async function deleteSettingValue(db: Queryable, orgId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom('settings').where('org_id', '=', orgId).where('key', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The stored values with defaults applied: what every reader of a setting should see. */
export async function readEffectiveSettings(db: Queryable, orgId: string): Promise<Record<string, string>> {
  return effectiveSettings(await readSettingValues(db, orgId));
}

/** The settings parsed once into their types, defaults from the catalogue. */
export async function readTypedSettings(db: Queryable, orgId: string): Promise<TypedSettings> {
  return typedSettings(await readSettingValues(db, orgId));
}
