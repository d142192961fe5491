import type { SqlValue } from '../store/store.js';
import { isGroupType } from './group-members-kind.js';
import { accessKinds, classifyIdentity, deviceOwner, type Identity, mailboxPath } from './identity.js';
import type { ImportKind } from './import-kinds.js';
import { nameLostLetters } from './lost-letters.js';
import { type MigrationOutcome, outcomeOfPass } from './migration-statuses.js';
import { KNOWN_NHSMAIL_ACCOUNT_STATUSES, type NhsmailAccountState } from './nhsmail-account-statuses.js';
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
    'account_disabled',
    'employee_number',
    'name_key',
    'identity_key',
    'display_name_lost_letters',
  ],
  'nhsmail-accounts': ['email', 'size_bytes', 'quota_bytes', 'display_name', 'local_email', 'display_name_lost_letters'],
  'migration-status': ['email', 'outcome', 'raw_status', 'nhsmail_email'],
  'address-map': ['email', 'nhsmail_email'],
  'shared-mailbox-owners': ['mailbox_email', 'owner_email'],
  'dl-owners': ['list_email', 'owner_email', 'list_name'],
  'mailbox-stats': ['id_column', 'id_kind', 'id_value', 'size_bytes', 'deleted_bytes', 'item_count', 'last_logon'],
  /** `id_path` is the mailbox's Identity path when the device identity carries one. */
  'mobile-devices': ['id_column', 'id_kind', 'id_value', 'id_path', 'device_id', 'device_type', 'device_model', 'device_os', 'last_sync'],
  permissions: ['id_column', 'id_kind', 'id_value', 'user_column', 'user_kind', 'user_value', 'access'],
  /** The member is the `id`; a member that is itself a group has `id_kind` = `group`. */
  'group-members': ['group_key', 'group_name', 'group_email', 'id_column', 'id_kind', 'id_value', 'member_account', 'member_name'],
};

const text = (value: unknown): SqlValue => (value === undefined || value === null ? null : String(value));
const lower = (value: unknown): SqlValue => (value === undefined || value === null ? null : String(value).toLowerCase());
const flag = (value: unknown): number => (value === true ? 1 : 0);
const num = (value: unknown): SqlValue => (typeof value === 'number' ? value : null);
const lost = (value: unknown): number => (nameLostLetters(value as string | null | undefined) ? 1 : 0);

const UNEXPANDED_LIST = /Microsoft\.Exchange\.Data|ADMultiValuedProperty|System\.Collections|System\.Object\[\]/i;
const SEND_AS: readonly string[] = ['send-as'];

/** A blank employee number is none; numbers are compared without leading zeros when links are made. */
function employeeNumberOf(value: unknown): SqlValue {
  const written = String(value ?? '').trim();
  return written === '' ? null : written;
}

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
        flag(r.accountDisabled),
        employeeNumberOf(r.employeeNumber),
        lower(r.name),
        mailboxPathOf(r),
        lost(r.displayName),
      ]);
    case 'nhsmail-accounts':
      return nhsmailAccountRows(r, columnOf);
    case 'migration-status':
      return migrationStatusRows(r, columnOf);
    case 'address-map':
      return addressMapRows(r, columnOf);
    case 'shared-mailbox-owners':
      return { rows: (r.owners as string[]).map((owner) => [r.mailbox as string, owner]), warnings: [] };
    case 'dl-owners':
      return { rows: (r.owners as string[]).map((owner) => [r.list as string, owner, text(r.listName)]), warnings: [] };
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
      const { identity, path } = deviceOwner(String(r.owner ?? ''));
      return one([
        columnOf('owner'),
        identity.kind,
        identity.value,
        path,
        String(r.deviceId),
        text(r.deviceType),
        text(r.deviceModel),
        text(r.deviceOs),
        text(r.lastSync),
      ]);
    }
    case 'permissions':
      return permissionRows(r, columnOf);
    case 'group-members':
      return groupMemberRows(r, columnOf);
  }
}

/** The mailbox's Identity path, from its Identity column or else its DistinguishedName. */
function mailboxPathOf(r: Record<string, unknown>): SqlValue {
  const fromIdentity = r.identityPath ? mailboxPath(String(r.identityPath)) : undefined;
  return fromIdentity ?? (r.distinguishedName ? (mailboxPath(String(r.distinguishedName)) ?? null) : null);
}

function permissionRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const result: StagedRowsResult = { rows: [], warnings: [] };
  if (r.isInherited === true || r.deny === true || /^deny$/i.test(String(r.accessControlType ?? ''))) return result;
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
  const rights = String(r.accessRights ?? '');
  const fromRecipientPermission = /^trustee$/i.test(userColumn);
  if (!fromRecipientPermission && UNEXPANDED_LIST.test(rights)) {
    result.error = {
      column: columnOf('accessRights'),
      value: rights,
      reason: 'holds a type name instead of the rights: export it with @{n="AccessRights";e={$_.AccessRights -join ","}}',
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
  const listed = accessKinds({
    accessRights: r.accessRights as string | null,
    extendedRights: r.extendedRights as string | null,
    folder: r.folder as string | null,
    sharingFlags: r.sharingFlags as string | null,
    mailbox: mailboxRaw,
    fromSendOnBehalfColumn: fromSendOnBehalf,
  });
  // Get-RecipientPermission lists SendAs and nothing else, so a rights list exported as its type name still means send-as.
  const kinds = listed.length === 0 && fromRecipientPermission && UNEXPANDED_LIST.test(rights) ? SEND_AS : listed;
  for (const user of people) {
    for (const access of kinds)
      result.rows.push([columnOf('mailbox'), mailbox.kind, mailbox.value, userColumn, user.kind, user.value, access]);
  }
  return result;
}

const NHSMAIL_DOMAIN = '@nhs.net';

/** A warning when the address said to be someone's NHSmail one is not an @nhs.net address. */
function notNhsmailWarning(column: string, email: string): StagedRowsResult['warnings'] {
  return email.endsWith(NHSMAIL_DOMAIN)
    ? []
    : [{ column, value: email, reason: `is not an ${NHSMAIL_DOMAIN} address; check that it is the person's NHSmail address` }];
}

function nhsmailAccountRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const status = r.accountStatus as { state: NhsmailAccountState | undefined; raw: string } | null | undefined;
  const row = [r.email as string, num(r.sizeBytes), num(r.quotaBytes), text(r.displayName), text(r.localEmail), lost(r.displayName)];
  if (status?.state === 'deleted')
    return {
      rows: [],
      warnings: [
        { column: columnOf('accountStatus'), value: status.raw, reason: 'means the account has been deleted, so the row was skipped' },
      ],
    };
  const warnings =
    status && !status.state
      ? [
          {
            column: columnOf('accountStatus'),
            value: status.raw,
            reason: `is not an account status the NHSmail portal is known to write (${KNOWN_NHSMAIL_ACCOUNT_STATUSES}); the account was imported`,
          },
        ]
      : [];
  return { rows: [row], warnings };
}

/**
 * A partner file names the source (local) and target (NHSmail) address: the row is keyed by the
 * local one. A file with one address that is an NHSmail one says whose NHSmail account it is.
 */
function migrationStatusRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const status = r.status as { outcome: MigrationOutcome; raw: string };
  const email = r.email as string;
  const target = (r.nhsmailEmail as string | null | undefined) ?? (email.endsWith(NHSMAIL_DOMAIN) ? email : null);
  const outcome = outcomeOfPass(status.outcome, r.passType as string | null | undefined);
  const warnings = r.nhsmailEmail ? notNhsmailWarning(columnOf('nhsmailEmail'), r.nhsmailEmail as string) : [];
  return { rows: [[email, outcome, status.raw, target]], warnings };
}

function addressMapRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const local = r.localEmail as string;
  const nhsmail = r.nhsmailEmail as string;
  if (local === nhsmail)
    return {
      rows: [],
      warnings: [],
      error: { column: columnOf('nhsmailEmail'), value: nhsmail, reason: 'is the same as the local address' },
    };
  return { rows: [[local, nhsmail]], warnings: notNhsmailWarning(columnOf('nhsmailEmail'), nhsmail) };
}

/** `DOMAIN\\name` or `name`, as an account name to match. */
function accountName(raw: string): string {
  return raw
    .slice(raw.lastIndexOf('\\') + 1)
    .trim()
    .toLowerCase();
}

/**
 * One member of one group. The group is staged under the key it will be stored by: its account
 * name when the file has one, else its name, else its address. The member is named by address,
 * account name or display name, in that order of trust.
 */
function groupMemberRows(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const group = String(r.group ?? '').trim();
  const groupIdentity = classifyIdentity(group);
  const groupEmail = r.groupEmail ? String(r.groupEmail).trim().toLowerCase() : groupIdentity.kind === 'email' ? groupIdentity.value : null;
  // TRUST\\Pharmacy Staff names the group by its account: the name is what follows the domain.
  const groupName =
    groupIdentity.kind === 'email' ? null : groupIdentity.kind === 'account' ? group.slice(group.lastIndexOf('\\') + 1) : group;
  const groupKey = r.groupAccount ? accountName(String(r.groupAccount)) : (groupName?.toLowerCase() ?? groupEmail);
  const member = memberIdentity(r, columnOf);
  // A nested group may be named by address here and by name where its own members are listed: keep both.
  const memberAccount = r.memberAccount ? accountName(String(r.memberAccount)) : null;
  const memberName = r.memberName ? String(r.memberName).trim().toLowerCase() : null;
  return one([groupKey, groupName, groupEmail, member.column, member.kind, member.value, memberAccount, memberName]);
}

function memberIdentity(r: Record<string, unknown>, columnOf: (field: string) => string): { column: string; kind: string; value: string } {
  const field = ['memberEmail', 'memberAccount', 'memberName'].find((name) => String(r[name] ?? '').trim() !== '') ?? 'member';
  const raw = String(r[field] ?? '').trim();
  const identity: Identity = field === 'memberAccount' ? { kind: 'account', value: accountName(raw) } : classifyIdentity(raw);
  // A nested group is matched to the groups, not to people: by the same name it would be stored under.
  const kind = isGroupType(r.memberType as string | null) ? 'group' : identity.kind;
  return { column: columnOf(field), kind, value: identity.value };
}
