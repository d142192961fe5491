import type { Queryable } from '../store/store.js';
import {
  countGrantsByKind,
  dropGroupGrants,
  dropMembershipGroups,
  expandNestedGroups,
  mergeGroupGrants,
  setAsideGroupGrants,
  storeMembershipGroups,
  takeGroupsFromMailboxRows,
} from './groups.store.js';
import type { ImportKind } from './import-kinds.js';

/** What an import did with groups: listed among mailboxes, or named by a membership file. */
export interface GroupSummary {
  /** Groups the file lists or names. */
  groups: number;
  /** Members that were groups themselves, replaced by their people. */
  nestedGroups: number;
}

/** The rights a permissions file grants, by kind (`full-access`, `send-as`, `calendar:reviewer` ...). */
export interface AccessSummary {
  byKind: Record<string, number>;
  /** Of those, the rights held by a group rather than a person. */
  toGroups: number;
  toGroupsByKind: Record<string, number>;
}

/**
 * The group steps of one import, in the order the import takes them: before names are matched
 * to people, after each kind of name is matched, and after the rows are written.
 */
export class GroupSteps {
  private summary?: GroupSummary;

  constructor(
    private readonly db: Queryable,
    private readonly orgId: string,
    private readonly kind: ImportKind,
  ) {}

  /** Groups among the mailboxes go to `mail_groups`; the groups of a membership file are stored. */
  async beforeMatchingNames(): Promise<void> {
    if (this.kind === 'mailboxes') {
      const groups = await takeGroupsFromMailboxRows(this.db, this.orgId);
      if (groups > 0) this.summary = { groups, nestedGroups: 0 };
    } else if (this.kind === 'group-members') {
      this.summary = { groups: await storeMembershipGroups(this.db, this.orgId), nestedGroups: 0 };
    }
  }

  /** Nested groups are expanded into their people; a permission held by a known group is set aside as the group's. */
  async afterMatchingNames(prefix: 'id' | 'user'): Promise<void> {
    if (this.kind === 'group-members' && prefix === 'id') {
      const nestedGroups = await expandNestedGroups(this.db, this.orgId);
      await dropMembershipGroups(this.db);
      this.summary = { groups: this.summary?.groups ?? 0, nestedGroups };
    } else if (this.kind === 'permissions' && prefix === 'user') {
      await setAsideGroupGrants(this.db, this.orgId);
    }
  }

  groupSummary(): GroupSummary | undefined {
    return this.summary;
  }
}

/**
 * After a permissions file's rows for people are written: its grants to groups are written too,
 * and every right it grants is counted by kind. Returns the counts to add to the import's.
 */
export async function finishGroupGrants(
  db: Queryable,
  orgId: string,
  replace: boolean,
): Promise<{ added: number; unchanged: number; removed: number; access: AccessSummary }> {
  const { toPeople, toGroups } = await countGrantsByKind(db);
  const counts = await mergeGroupGrants(db, orgId, replace);
  await dropGroupGrants(db);
  const byKind = { ...toPeople };
  for (const [kind, n] of Object.entries(toGroups)) byKind[kind] = (byKind[kind] ?? 0) + n;
  const toGroupsTotal = Object.values(toGroups).reduce((sum, n) => sum + n, 0);
  return { ...counts, access: { byKind, toGroups: toGroupsTotal, toGroupsByKind: toGroups } };
}

/** Why a name in a file was left out; groups and permissions only warn, and say what would help. */
export function unmatchedNameReason(kind: ImportKind, prefix: 'id' | 'user', nameKind: string, matches: number): string {
  if (nameKind === 'sid') return 'is the id of a deleted account';
  if (nameKind === 'group')
    return 'is a group whose members are neither in this file nor imported before, so its people were not added (export its members too)';
  if (matches > 1) return `matches ${matches} mailboxes, so commsplan cannot tell which (export with PrimarySmtpAddress or MailboxGuid)`;
  if (kind === 'permissions' && prefix === 'user')
    return 'matches no one in the mailbox list or the staff list, and no known group: if it is a group, import its members first (commsplan import group-members)';
  return 'matches no one in the mailbox list or the staff list (import mailboxes and people first)';
}

/**
 * Kinds whose unmatched names are skipped with a note rather than stopping the import. A device
 * whose owner cannot be told is listed and skipped; a file where no device can is refused.
 */
export function unmatchedNamesOnlyWarn(kind: ImportKind): boolean {
  return kind === 'permissions' || kind === 'group-members' || kind === 'mobile-devices';
}
