import { appendAuditEntry } from '../audit/audit-log.store.js';
import { parseSettingsYaml } from '../settings/manage-settings.js';
import { parseSettingValue, requireClearable } from '../settings/settings.js';
import { deleteSettingValue, readEffectiveSettings, readSettingValues, writeSettingValue } from '../settings/settings.store.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { changeReviewingApprovals } from './change-reviewing-approvals.js';
import type { ApprovalChange, ApprovalReview } from './review-approvals.js';

/** Writes one setting's value with a line in the audit log; false when it already had that value (its own or its default). */
async function writeWithAudit(db: Queryable, orgId: string, key: string, value: string, actor: string, now: Date): Promise<boolean> {
  const before = (await readEffectiveSettings(db, orgId))[key];
  if (before === value) return false;
  await writeSettingValue(db, orgId, key, value, now);
  await appendAuditEntry(db, orgId, {
    at: now.toISOString(),
    actor,
    action: 'setting-changed',
    subject: key,
    detail: before === undefined ? `set to "${value}"` : `from "${before}" to "${value}"`,
  });
  return true;
}

/** Removes a setting's stored value with a line in the audit log; false when it had none. */
async function clearWithAudit(db: Queryable, orgId: string, key: string, actor: string, now: Date): Promise<boolean> {
  const before = (await readSettingValues(db, orgId))[key];
  if (!(await deleteSettingValue(db, orgId, key))) return false;
  const after = (await readEffectiveSettings(db, orgId))[key];
  await appendAuditEntry(db, orgId, {
    at: now.toISOString(),
    actor,
    action: 'setting-cleared',
    subject: key,
    detail: `cleared (was "${before}")${after === undefined ? '' : `; back to its default "${after}"`}`,
  });
  return true;
}

/**
 * `settings clear` (and `settings set KEY ''`), from the CLI and the web: an optional setting, or
 * one with a default, loses its stored value with a line in the audit log, and approved emails
 * that use it are reviewed as for `setSetting`; all in one transaction.
 */
export async function clearSetting(
  store: Store,
  organisation: Organisation,
  key: string,
  change: ApprovalChange,
  now: Date,
): Promise<{ key: string; value: string | undefined; changed: boolean; cleared: true } & ApprovalReview> {
  const definition = requireClearable(key);
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => ({
    key: definition.key,
    changed: await clearWithAudit(trx, organisation.id, definition.key, change.actor, now),
    value: definition.defaultValue,
    cleared: true as const,
  }));
}

/**
 * `settings set`, from the CLI and the web: the value checked against the setting's type (a bad
 * one throws `invalid-setting` before anything is written), then written with a line in the audit
 * log, and every approved email that uses the setting loses its approval unless an approver
 * keeps it; all in one transaction. An empty value clears the setting (`clearSetting`).
 */
export async function setSetting(
  store: Store,
  organisation: Organisation,
  key: string,
  raw: string,
  change: ApprovalChange,
  now: Date,
): Promise<{ key: string; value: string | undefined; changed: boolean; cleared?: true } & ApprovalReview> {
  if (raw.trim() === '') return clearSetting(store, organisation, key, change, now);
  const { key: settingKey, value } = parseSettingValue(key, raw);
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => ({
    key: settingKey,
    value,
    changed: await writeWithAudit(trx, organisation.id, settingKey, value, change.actor, now),
  }));
}

export interface SettingsImportResult extends ApprovalReview {
  changed: string[];
  unchanged: string[];
  /** Keys left empty in the file: not changed. */
  skipped: string[];
}

/** `settings import`: every value in the file or none, reviewing approvals as `setSetting` does. */
export async function importSettings(
  store: Store,
  organisation: Organisation,
  file: { name: string; text: string },
  change: ApprovalChange,
  now: Date,
): Promise<SettingsImportResult> {
  const { parsed, skipped } = parseSettingsYaml(file.name, file.text);
  return changeReviewingApprovals(store, organisation, change, now, async (trx) => {
    const result = { changed: [] as string[], unchanged: [] as string[], skipped };
    for (const { key, value } of parsed) {
      const changed = await writeWithAudit(trx, organisation.id, key, value, change.actor, now);
      (changed ? result.changed : result.unchanged).push(key);
    }
    return result;
  });
}
