import { normaliseColumnName } from './column-names.js';
import type { FieldSpec, KindSpec } from './import-kinds.js';

/**
 * Group membership as administrators export it. Neither `Get-ADGroupMember` nor
 * `Get-DistributionGroupMember` names the group in its output, so the usual export is a loop
 * over the groups that adds the group's name as a column:
 *
 *   Get-ADGroup -Filter * | % { $g = $_; Get-ADGroupMember $g | Select @{n='GroupName';e={$g.Name}},
 *     name,SamAccountName,objectClass } | Export-Csv members.csv -NoTypeInformation -Encoding UTF8
 *   Get-DistributionGroup -ResultSize Unlimited | % { $g = $_; Get-DistributionGroupMember $g.Identity
 *     -ResultSize Unlimited | Select @{n='GroupName';e={$g.DisplayName}},
 *     @{n='GroupEmail';e={$g.PrimarySmtpAddress}},Name,PrimarySmtpAddress,RecipientType } | Export-Csv ...
 */

/** The group's own columns, as the usual scripts name them. */
const GROUP_NAME_HEADERS = ['GroupName', 'Group', 'GroupDisplayName', 'DistributionGroup', 'DistributionList', 'SecurityGroup'];
const GROUP_EMAIL_HEADERS = ['GroupEmail', 'GroupSMTP', 'GroupPrimarySmtpAddress', 'GroupEmailAddress', 'GroupAddress'];
const GROUP_ACCOUNT_HEADERS = ['GroupSamAccountName', 'GroupSam'];

/** The member's columns: the script's own names first, then what the cmdlets write. */
const MEMBER_EMAIL_HEADERS = [
  'MemberEmail',
  'MemberSMTP',
  'MemberPrimarySmtpAddress',
  'MemberEmailAddress',
  'PrimarySmtpAddress',
  'EmailAddress',
  'WindowsEmailAddress',
  'Mail',
  'UserPrincipalName',
];
const MEMBER_ACCOUNT_HEADERS = ['MemberSamAccountName', 'MemberSam', 'SamAccountName', 'UserName'];
const MEMBER_NAME_HEADERS = ['MemberName', 'Member', 'MemberDisplayName', 'DisplayName', 'Name'];
const MEMBER_TYPE_HEADERS = [
  'MemberType',
  'MemberObjectClass',
  'MemberRecipientType',
  'RecipientTypeDetails',
  'RecipientType',
  'objectClass',
  'Type',
];

const field = (name: string, type: FieldSpec['type'], headers: string[], required = false): FieldSpec => ({
  field: name,
  type,
  headers,
  required,
});

/** A bare `Group` column is common in staff lists too, so it marks a membership file only beside a member column. */
const PLAINLY_MEMBER_HEADERS = ['Member', 'MemberName', 'MemberEmail', 'MemberSMTP', 'MemberSamAccountName', 'MemberSam'];

function groupMembersSignatures(): string[][] {
  const pairs = (groups: string[], members: string[]) =>
    groups.flatMap((group) => members.map((member) => [normaliseColumnName(group), normaliseColumnName(member)]));
  const namedGroups = [...GROUP_NAME_HEADERS.filter((h) => h !== 'Group'), ...GROUP_EMAIL_HEADERS, ...GROUP_ACCOUNT_HEADERS];
  // A bare Group column beside the member's recipient type or object class is a membership export too.
  const typed = MEMBER_TYPE_HEADERS.filter((h) => h !== 'Type').flatMap((type) =>
    [...MEMBER_EMAIL_HEADERS, ...MEMBER_ACCOUNT_HEADERS, ...MEMBER_NAME_HEADERS].map((member) =>
      ['Group', type, member].map(normaliseColumnName),
    ),
  );
  return [
    ...pairs(namedGroups, [...MEMBER_EMAIL_HEADERS, ...MEMBER_ACCOUNT_HEADERS, ...MEMBER_NAME_HEADERS]),
    ...pairs(['Group'], PLAINLY_MEMBER_HEADERS),
    ...typed,
  ];
}

export const GROUP_MEMBERS_SPEC: KindSpec = {
  kind: 'group-members',
  description: 'a group membership export (Get-ADGroupMember or Get-DistributionGroupMember, with a column naming the group)',
  signatures: groupMembersSignatures(),
  fields: [
    field('group', 'text', [...GROUP_NAME_HEADERS, ...GROUP_ACCOUNT_HEADERS, ...GROUP_EMAIL_HEADERS], true),
    field('groupEmail', 'text', GROUP_EMAIL_HEADERS),
    field('groupAccount', 'text', GROUP_ACCOUNT_HEADERS),
    field('member', 'text', [...MEMBER_EMAIL_HEADERS, ...MEMBER_ACCOUNT_HEADERS, ...MEMBER_NAME_HEADERS], true),
    field('memberEmail', 'text', MEMBER_EMAIL_HEADERS),
    field('memberAccount', 'text', MEMBER_ACCOUNT_HEADERS),
    field('memberName', 'text', MEMBER_NAME_HEADERS),
    field('memberType', 'text', MEMBER_TYPE_HEADERS),
  ],
};

/**
 * `RecipientTypeDetails` (and `RecipientType`) values of groups: mail-enabled and plain security
 * and distribution groups, dynamic groups, room lists, role groups and Microsoft 365 groups.
 */
const GROUP_RECIPIENT_TYPES = [
  'mailuniversaldistributiongroup',
  'mailuniversalsecuritygroup',
  'mailnonuniversalgroup',
  'dynamicdistributiongroup',
  'universaldistributiongroup',
  'universalsecuritygroup',
  'nonuniversalgroup',
  'roomlist',
  'rolegroup',
  'groupmailbox',
  'group',
];

/** Recipient types that are groups, as the mailbox-type field reads them. */
export const GROUP_MAILBOX_TYPES: Readonly<Record<string, 'group'>> = Object.fromEntries(
  GROUP_RECIPIENT_TYPES.map((type) => [type, 'group'] as const),
);

/** Whether a member's type (`objectClass` group, `RecipientType` MailUniversalSecurityGroup, ...) says it is a group. */
export function isGroupType(type: string | null | undefined): boolean {
  const key = (type ?? '').trim().toLowerCase();
  return GROUP_RECIPIENT_TYPES.includes(key) || /group$/.test(key);
}
