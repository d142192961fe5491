import { appendAuditEntry } from '../delivery/audit-log.store.js';
import { parseSettingValue } from '../settings/settings.js';
import { readSettingValues, writeSettingValue } from '../settings/settings.store.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';

/**
 * `settings set` from the web: the same check of the value against the setting's type, then the
 * value and a line in the audit log (who, from what to what) in one transaction. A bad value
 * throws `invalid-setting` before anything is written.
 */
export async function changeSetting(store: Store, organisation: Organisation, key: string, raw: string, actor: string, now: Date) {
  const { key: settingKey, value } = parseSettingValue(key, raw);
  await store.db.transaction().execute(async (trx) => {
    const before = (await readSettingValues(trx, organisation.id))[settingKey];
    if (before === value) return;
    await writeSettingValue(trx, organisation.id, settingKey, value, now);
    await appendAuditEntry(trx, organisation.id, {
      at: now.toISOString(),
      actor,
      action: 'setting-changed',
      subject: settingKey,
      detail: before === undefined ? `set to "${value}"` : `from "${before}" to "${value}"`,
    });
  });
  return { key: settingKey, value };
}
