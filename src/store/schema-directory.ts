import type { Generated } from 'kysely';

/** What the imports of administrator exports fill: people, mailboxes, permissions, groups and results. */
export interface DirectoryTables {
  people: PeopleTable;
  staff_without_address: StaffWithoutAddressTable;
  staff_mailbox_links: StaffMailboxLinksTable;
  address_links: AddressLinksTable;
  mail_groups: MailGroupsTable;
  group_members: GroupMembersTable;
  group_permissions: GroupPermissionsTable;
  shared_mailbox_owners: SharedMailboxOwnersTable;
  distribution_list_owners: DistributionListOwnersTable;
  mailboxes: MailboxesTable;
  mobile_devices: MobileDevicesTable;
  mailbox_permissions: MailboxPermissionsTable;
  nhsmail_accounts: NhsmailAccountsTable;
  migration_results: MigrationResultsTable;
  import_runs: ImportRunsTable;
}

export interface PeopleTable {
  org_id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  department: string | null;
  job_role: string | null;
  is_helpdesk: number;
  is_application_owner: number;
  is_dl_owner: number;
  uses_email_programme: number;
  wave_name: string | null;
  /** ESR's employee (assignment holder) number, when the staff list has one. */
  employee_number: string | null;
  /** The last working day, from the staff list; on or before today the person is a leaver. */
  leaving_date: string | null;
  /** The person's NHSmail address when the staff list carries it beside the local one. */
  nhsmail_email: string | null;
  /** 0 for someone the organisation decided will not get an NHSmail account. */
  gets_nhsmail: Generated<number>;
  /** 1 when first_name came with "?" in place of a letter (migration 0019). */
  first_name_lost_letters: Generated<number>;
  /** 1 when last_name came with "?" in place of a letter (migration 0019). */
  last_name_lost_letters: Generated<number>;
  /** 1 when display_name came with "?" in place of a letter (migration 0019). */
  display_name_lost_letters: Generated<number>;
}

/** Staff on the staff list with no email address: counted, never emailed. */
export interface StaffWithoutAddressTable {
  org_id: string;
  /** The employee number, else the row's name as written. */
  staff_key: string;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  department: string | null;
  job_role: string | null;
  wave_name: string | null;
  leaving_date: string | null;
  employee_number: string | null;
  is_helpdesk: Generated<number>;
  is_application_owner: Generated<number>;
  is_dl_owner: Generated<number>;
  uses_email_programme: Generated<number>;
  gets_nhsmail: Generated<number>;
  /** 1 when first_name came with "?" in place of a letter (migration 0019). */
  first_name_lost_letters: Generated<number>;
  /** 1 when last_name came with "?" in place of a letter (migration 0019). */
  last_name_lost_letters: Generated<number>;
  /** 1 when display_name came with "?" in place of a letter (migration 0019). */
  display_name_lost_letters: Generated<number>;
}

/** A staff-list row with no work address, tied to the local mailbox its employee number or name fits. */
export interface StaffMailboxLinksTable {
  org_id: string;
  /** `w:` and the staff key of a row with no address, or `p:` and the row's personal address. */
  staff_ref: string;
  mailbox_email: string;
  source: 'employee-number' | 'name';
}

/** A person's local address paired with their NHSmail address. */
export interface AddressLinksTable {
  org_id: string;
  local_email: string;
  nhsmail_email: string;
  /** Where the pair came from: address-map, migration-status, nhsmail-accounts, people, or name. */
  source: string;
}

/** Security and distribution groups, from the recipient list or a group membership export. */
export interface MailGroupsTable {
  org_id: string;
  /** Lower-cased name, alias or address that permission exports name the group by. */
  group_key: string;
  display_name: string | null;
  email: string | null;
}

export interface GroupMembersTable {
  org_id: string;
  group_key: string;
  member_email: string;
}

/** A right on a mailbox held by a group rather than a person: its members hold it. */
export interface GroupPermissionsTable {
  org_id: string;
  mailbox_email: string;
  group_key: string;
  access: string;
}

export interface SharedMailboxOwnersTable {
  org_id: string;
  mailbox_email: string;
  owner_email: string;
}

/** The owners of a distribution list, named by the list's address (migration 0026). */
export interface DistributionListOwnersTable {
  org_id: string;
  list_email: string;
  owner_email: string;
  list_name: string | null;
}

export interface MailboxesTable {
  org_id: string;
  email: string;
  display_name: string | null;
  display_key: string | null;
  alias: string | null;
  mailbox_type: string;
  quota_bytes: number | null;
  uses_database_quota: number;
  account_disabled: Generated<number>;
  exchange_guid: string | null;
  legacy_dn: string | null;
  sam_account_name: string | null;
  user_principal_name: string | null;
  /** The mailbox's Name, lower-cased: what device identities name it by. */
  name_key: string | null;
  /** Its Identity path, lower-cased (`trust.local/users/jane smith`), from Identity or DistinguishedName. */
  identity_key: string | null;
  size_bytes: number | null;
  deleted_bytes: number | null;
  item_count: number | null;
  last_logon: string | null;
  /** From `EmployeeID`, or the column the `employee-number-attribute` setting names. */
  employee_number: string | null;
  /** 1 when display_name came with "?" in place of a letter (migration 0019). */
  display_name_lost_letters: Generated<number>;
}

export interface MobileDevicesTable {
  org_id: string;
  email: string;
  device_id: string;
  device_type: string | null;
  device_model: string | null;
  device_os: string | null;
  last_sync: string | null;
}

export interface MailboxPermissionsTable {
  org_id: string;
  mailbox_email: string;
  user_email: string;
  access: string;
}

export interface NhsmailAccountsTable {
  org_id: string;
  email: string;
  size_bytes: number;
  quota_bytes: number | null;
  /** As the portal writes it: `SURNAME, Forename (ORGANISATION)`. */
  display_name: string | null;
  /** The local address, when the list carries it. */
  local_email: string | null;
  /** 1 when display_name came with "?" in place of a letter (migration 0019). */
  display_name_lost_letters: Generated<number>;
}

export interface MigrationResultsTable {
  org_id: string;
  email: string;
  outcome: string;
  raw_status: string;
  /** The NHSmail address the file gives for the person, when it has one. */
  nhsmail_email: string | null;
}

export interface ImportRunsTable {
  id: Generated<number>;
  org_id: string;
  kind: string;
  file: string;
  finished_at: string;
  rows_read: number;
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
  rejected: number;
}
