import type { SqlValue } from '../store/store.js';
import { accessKinds, classifyIdentity, type Identity } from './identity.js';
import type { ImportKind } from './import-kinds.js';
import { STAFF_STAGING_COLUMNS, staffStagingRow } from './staff-row.js';

/** What one input row becomes: rows to stage, or why it is rejected, skipped or noted. */
export interface StagedRowsResult {
  rows: SqlValue[][];
  error?: { column: string; value: string; reason: string };
  warnings: { column: string; value: string; reason: string }[];
}

/** Staging columns per kind, after `row_no` and `ok`. Identity kinds stage what to resolve. */
export const STAGING_COLUMNS: Readonly<Record<ImportKind, readonly string[]>> = {
  people: STAFF_STAGING_COLUMNS,
  mailboxes: [
    'email',
    'display_name',
    'display_key',
    'alias',
    'mailbox_type',
    'quota_bytes',
    'uses_database_quota',
    'exchange_guid',
    'legacy_dn',
    'sam_account_name',
    'user_principal_name',
  ],
  'nhsmail-accounts': ['email', 'size_bytes', 'quota_bytes'],
  'migration-status': ['email', 'outcome', 'raw_status'],
  'mailbox-stats': ['id_column', 'id_kind', 'id_value', 'size_bytes', 'deleted_bytes', 'item_count', 'last_logon'],
  'mobile-devices': ['id_column', 'id_kind', 'id_value', 'device_id', 'device_type', 'device_model', 'device_os', 'last_sync'],
  permissions: ['id_column', 'id_kind', 'id_value', 'user_column', 'user_kind', 'user_value', 'access'],
};

const text = (value: unknown): SqlValue => (value === undefined || value === null ? null : String(value));
const lower = (value: unknown): SqlValue => (value === undefined || value === null ? null : String(value).toLowerCase());
const flag = (value: unknown): number => (value === true ? 1 : 0);
const num = (value: unknown): SqlValue => (typeof value === 'number' ? value : null);

const UNEXPANDED_LIST = /Microsoft\.Exchange\.Data|ADMultiValuedProperty|System\.Collections/i;

function one(row: SqlValue[]): StagedRowsResult {
  return { rows: [row], warnings: [] };
}

function identityOf(raw: unknown): Identity {
  return classifyIdentity(String(raw ?? ''));
}

/** Maps a parsed record (field name -> value) to staging rows for its kind. */
export function stagingRowsFor(kind: ImportKind, r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  switch (kind) {
    case 'people':
      return staffStagingRow(r, columnOf);
    case 'mailboxes':
      return one([
        r.email as string,
        text(r.displayName),
        lower(r.displayName),
        lower(r.alias),
        (r.mailboxType as string | undefined) ?? 'user',
        num(r.quotaBytes),
        flag(r.usesDatabaseQuota),
        r.exchangeGuid ? String(r.exchangeGuid).toLowerCase().replace(/[{}]/g, '') : null,
        lower(r.legacyDn),
        lower(r.samAccountName),
        lower(r.userPrincipalName),
      ]);
    case 'nhsmail-accounts':
      return one([r.email as string, num(r.sizeBytes), num(r.quotaBytes)]);
    case 'migration-status': {
      const status = r.status as { outcome: string; raw: string };
      return one([r.email as string, status.outcome, status.raw]);
    }
    case 'mailbox-stats': {
      const field = ['mailboxGuid', 'legacyDn', 'email', 'displayName'].find((name) => r[name]) ?? 'displayName';
      const identity = identityOf(r[field]);
      return one([
        columnOf(field),
        identity.kind,
        identity.value,
        num(r.sizeBytes),
        num(r.deletedBytes),
        num(r.itemCount),
        text(r.lastLogon),
      ]);
    }
    case 'mobile-devices': {
      const identity = identityOf(r.owner);
      return one([
        columnOf('owner'),
        identity.kind,
        identity.value,
        String(r.deviceId),
        text(r.deviceType),
        text(r.deviceModel),
        text(r.deviceOs),
        text(r.lastSync),
      ]);
    }
    case 'permissions':
      return permissionRows(r, columnOf);
  }
}

function permissionRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const result: StagedRowsResult = { rows: [], warnings: [] };
  if (r.isInherited === true || r.deny === true) return result;
  const userColumn = columnOf('user');
  const fromSendOnBehalf = userColumn.toLowerCase().replace(/[^a-z]/g, '') === 'grantsendonbehalfto';
  const users = String(r.user ?? '');
  if (fromSendOnBehalf && UNEXPANDED_LIST.test(users)) {
    result.error = {
      column: userColumn,
      value: users,
      reason: 'holds a type name instead of the people: export it with @{n="GrantSendOnBehalfTo";e={$_.GrantSendOnBehalfTo -join ";"}}',
    };
    return result;
  }
  const names = fromSendOnBehalf ? users.split(';') : [users];
  const people: Identity[] = [];
  for (const name of names.map((n) => n.trim()).filter(Boolean)) {
    const user = classifyIdentity(name);
    if (user.kind === 'sid')
      result.warnings.push({ column: userColumn, value: name, reason: 'is the id of a deleted account, so the permission was skipped' });
    else if (user.kind !== 'system') people.push(user);
  }
  // Most rows name SELF or an administrators' group: nothing more to work out for those.
  if (people.length === 0) return result;
  const mailboxRaw = String(r.mailbox ?? '');
  const mailbox = classifyIdentity(mailboxRaw);
  const kinds = accessKinds({
    accessRights: r.accessRights as string | null,
    extendedRights: r.extendedRights as string | null,
    folder: r.folder as string | null,
    mailbox: mailboxRaw,
    fromSendOnBehalfColumn: fromSendOnBehalf,
  });
  for (const user of people) {
    for (const access of kinds)
      result.rows.push([columnOf('mailbox'), mailbox.kind, mailbox.value, userColumn, user.kind, user.value, access]);
  }
  return result;
}
