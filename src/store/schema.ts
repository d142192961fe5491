import type { Generated } from 'kysely';

/**
 * Every table but `organisations` carries `org_id`, so one database can hold several
 * organisations (see docs/adr/0002-one-database-many-organisations.md).
 * JSON values are stored as text so the same columns work on SQLite and PostgreSQL.
 */
export interface OrganisationsTable {
  id: string;
  name: string;
  nation: string;
  programme_start: string;
  plan_id: string;
  created_at: string;
}

export interface SettingsTable {
  org_id: string;
  key: string;
  value: string;
  updated_at: string;
}

export interface ActivitiesTable {
  org_id: string;
  id: string;
  position: number;
  reference: string;
  phase: string;
  title: string;
  audiences_json: string;
  timing_json: string;
  channels_json: string;
  actions_json: string;
  template_ids_json: string;
  owner: string | null;
  /** The sender this activity's emails go out from; unset, the default sender. */
  sender_name: Generated<string | null>;
  status: string;
  /** Where its emails stand among those due at the same time: 1 first, 2 high, 3 normal, 4 low (plan/send-priority.ts). */
  priority: Generated<number>;
  updated_at: string;
  /** 1 when people who join the audience after an email went are sent it (catch-up), 0 when not. */
  catch_up: Generated<number>;
}

export interface TemplatesTable {
  org_id: string;
  id: string;
  subject: string;
  body: string;
  updated_at: string;
}

export interface KeyMessagesTable {
  org_id: string;
  position: number;
  phase: string;
  heading: string;
  body: string;
}

export interface WavesTable {
  id: Generated<number>;
  org_id: string;
  name: string;
  start_date: string;
  end_date: string;
  /** How many people the wave can move; unset, the wave-capacity setting (if any) applies. */
  capacity: Generated<number | null>;
  /** How much mail, in GB, the wave can move; unset, the wave-capacity-gb setting (if any) applies (migration 0027). */
  capacity_gb: Generated<number | null>;
}

export interface ClosureDaysTable {
  org_id: string;
  date: string;
  name: string;
}

export interface Database extends DirectoryTables {
  organisations: OrganisationsTable;
  settings: SettingsTable;
  activities: ActivitiesTable;
  templates: TemplatesTable;
  key_messages: KeyMessagesTable;
  waves: WavesTable;
  closure_days: ClosureDaysTable;
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

export interface CustomAudiencesTable {
  org_id: string;
  name: string;
  filter: string;
  created_at: string;
}

export interface DirectoryTables {
  people: PeopleTable;
  mailboxes: MailboxesTable;
  mobile_devices: MobileDevicesTable;
  mailbox_permissions: MailboxPermissionsTable;
  nhsmail_accounts: NhsmailAccountsTable;
  migration_results: MigrationResultsTable;
  import_runs: ImportRunsTable;
  custom_audiences: CustomAudiencesTable;
  staff_without_address: StaffWithoutAddressTable;
  address_links: AddressLinksTable;
  staff_mailbox_links: StaffMailboxLinksTable;
  mail_groups: MailGroupsTable;
  group_members: GroupMembersTable;
  group_permissions: GroupPermissionsTable;
  shared_mailbox_owners: SharedMailboxOwnersTable;
  distribution_list_owners: DistributionListOwnersTable;
  directory_persons: DirectoryPersonsTable;
  directory_state: DirectoryStateTable;
  senders: SendersTable;
  occurrence_states: OccurrenceStatesTable;
  outbox: OutboxTable;
  sender_usage: SenderUsageTable;
  audit_log: AuditLogTable;
  tasks: TasksTable;
  task_notes: TaskNotesTable;
  bounces: BouncesTable;
  bounce_mailboxes: BounceMailboxesTable;
  migration_attempts: MigrationAttemptsTable;
  wave_carry_overs: WaveCarryOversTable;
  wave_assignments: WaveAssignmentsTable;
  remainder_acceptances: RemainderAcceptancesTable;
}

/** The latest result of a person's move in one wave, as the migration-status imports gave it. */
export interface MigrationAttemptsTable {
  org_id: string;
  person_email: string;
  wave_name: string;
  outcome: string;
  raw_status: string;
  recorded_at: string;
}

/** A person whose move failed, moved into a later wave. */
/** The wave a mailbox moves in (migration 0027): planned, assigned by hand or carried over. */
export interface WaveAssignmentsTable {
  org_id: string;
  mailbox_email: string;
  wave_id: number;
  /** `plan`, `assign` or `carry-over`. */
  source: string;
  assigned_at: string;
  assigned_by: string;
}

export interface WaveCarryOversTable {
  org_id: string;
  person_email: string;
  from_wave: string;
  to_wave: string;
  carried_at: string;
  carried_by: string;
}

/** The programme board's acceptance that the people still unmoved will not move. */
export interface RemainderAcceptancesTable {
  org_id: string;
  accepted_at: string;
  accepted_by: string;
  people: number;
  reason: string | null;
}

export interface SendersTable {
  org_id: string;
  name: string;
  kind: string;
  folder: string | null;
  host: string | null;
  port: number | null;
  security: string | null;
  from_address: string;
  send_as: Generated<number>;
  username: string | null;
  /** The name of the environment variable that holds the password, never the password. */
  password_env: string | null;
  oauth2_tenant: string | null;
  oauth2_client_id: string | null;
  oauth2_secret_env: string | null;
  /** Where tokens come from; unset, Microsoft's for the tenant. */
  oauth2_token_url: string | null;
  per_minute: number;
  per_day: number;
  per_message: number;
  is_default: Generated<number>;
  paused_reason: string | null;
  paused_at: string | null;
  created_at: string;
  /** Where non-delivery reports are read (migration 0012); unset, the sender has no mailbox to read. */
  imap_host: Generated<string | null>;
  imap_port: Generated<number | null>;
  imap_security: Generated<string | null>;
  imap_user: Generated<string | null>;
  /** The name of the environment variable that holds the IMAP password, never the password. */
  imap_password_env: Generated<string | null>;
  imap_folder: Generated<string | null>;
}

export interface OccurrenceStatesTable {
  org_id: string;
  occurrence_key: string;
  activity_id: string;
  wave_id: number | null;
  state: string;
  approved_by: string | null;
  approved_at: string | null;
  approved_fingerprint: string | null;
  reason: string | null;
  updated_at: string;
  /** The people table's build time when the queue step last read this occurrence's audience. */
  audience_as_of: Generated<string | null>;
  /** Late joiners the last read found too late to be sent it (their wave had started). */
  too_late: Generated<number | null>;
}

export interface OutboxTable {
  org_id: string;
  message_key: string;
  occurrence_key: string;
  recipient: string;
  person_email: string;
  template_id: string;
  template_version: string;
  sender_name: string;
  fields_json: string;
  state: string;
  attempts: Generated<number>;
  /** Its activity's priority when queued (1 first … 4 low); the claim takes the lowest first. */
  priority: Generated<number>;
  not_before: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  /** 1 for a message made for someone who joined the audience after the email first went. */
  catch_up: Generated<number>;
}

export interface SenderUsageTable {
  org_id: string;
  sender_name: string;
  sent_at: string;
  recipients: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  org_id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}

/** A closed task (an occurrence published through another channel than email); open tasks have no row. */
export interface TasksTable {
  org_id: string;
  task_key: string;
  activity_id: string;
  wave_id: number | null;
  /** done | skipped; both final. */
  state: string;
  closed_by: string;
  closed_at: string;
}

/**
 * Which email told a task's owner about it: the notice or the reminder of a task, bundled with
 * the owner's other tasks of that day (ADR 0009). The primary key makes each go at most once.
 */
export interface TaskNotesTable {
  org_id: string;
  task_key: string;
  /** notice | reminder */
  kind: string;
  /** The outbox occurrence key of the email that lists it: `task-notes:DATE:OWNER`, or `…:2` for a later one that day. */
  note_key: string;
  queued_at: string;
}

/** One row per person, rebuilt from the imports when they change (see audiences/directory-persons.store.ts). */
export interface DirectoryPersonsTable {
  org_id: string;
  /** The person's address: local when they have a local mailbox, else staff-list, else NHSmail. */
  email: string;
  domain: string;
  local_email: string | null;
  staff_email: string | null;
  nhsmail_email: string | null;
  first_name: string | null;
  last_name: string | null;
  display_name: string | null;
  department: string | null;
  job_role: string | null;
  wave: string | null;
  leaving_date: string | null;
  last_mobile_sync: string | null;
  local_size: number | null;
  nhsmail_size: number | null;
  nhsmail_quota: number | null;
  migration_outcome: string | null;
  migration_status: string | null;
  on_staff_list: number;
  local_mailbox: number;
  account_disabled: number;
  nhsmail: number;
  email_programme: number;
  helpdesk: number;
  application_owner: number;
  dl_owner: number;
  shared_mailbox_user: number;
  shared_mailbox_owner: number;
  gets_nhsmail: number;
  /** 1 when a message we sent to one of their addresses bounced permanently (migration 0012). */
  bounced: Generated<number>;
  /** The wave the person's latest migration result belongs to (see migration_attempts). */
  result_wave: Generated<string | null>;
  /** The staff list's wave column, whatever wave is in force (migration 0027). */
  staff_wave: Generated<string | null>;
  employee_number: string | null;
  /** How their staff-list row was found when it carries no work address: employee-number or name (migration 0018). */
  staff_link: string | null;
}

export interface DirectoryStateTable {
  org_id: string;
  built_at: string | null;
  /** 1 once an import has changed what `directory_persons` is built from. */
  stale: number;
  /** Domains of the user mailboxes, comma-separated: the organisation's own unless a setting says. */
  mailbox_domains: string;
  /** Mailboxes that are not people (shared, room, equipment...), counted by type, as JSON. */
  mailbox_types: string;
}

/** One recipient of one non-delivery report (migration 0012). */
export interface BouncesTable {
  org_id: string;
  report_id: string;
  address: string;
  kind: string;
  action: string;
  status: string | null;
  reason: string;
  format: string;
  message_key: string | null;
  original_message_id: string | null;
  person_email: string | null;
  source: string;
  report_subject: string;
  report_date: string | null;
  recorded_at: string;
}

/** How far a sender's mailbox folder has been read for reports, by IMAP UID. */
export interface BounceMailboxesTable {
  org_id: string;
  sender_name: string;
  folder: string;
  uid_validity: string;
  last_uid: number;
  fetched_at: string;
}

/** Web accounts and their sessions (migration 0013). */
export interface Database {
  users: UsersTable;
  web_sessions: WebSessionsTable;
}

export interface UsersTable {
  id: Generated<number>;
  org_id: string;
  email: string;
  role: string;
  password_hash: string;
  created_at: string;
}

export interface WebSessionsTable {
  token_hash: string;
  org_id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
}

/** The audience counts as last worked out (migration 0016). */
export interface Database {
  audience_counts: AudienceCountsTable;
}

export interface AudienceCountsTable {
  org_id: string;
  /** JSON of the AudiencesOverview. */
  overview: string;
  /** A fingerprint of what they were worked out from. */
  inputs: string;
  computed_at: string;
}
