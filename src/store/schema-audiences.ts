import type { Generated } from 'kysely';

/** Audiences: the custom ones, the people table built from the imports and the counts. */
export interface AudienceTables {
  custom_audiences: CustomAudiencesTable;
  directory_persons: DirectoryPersonsTable;
  directory_state: DirectoryStateTable;
  audience_counts: AudienceCountsTable;
}

export interface CustomAudiencesTable {
  org_id: string;
  name: string;
  filter: string;
  created_at: string;
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

export interface AudienceCountsTable {
  org_id: string;
  /** JSON of the AudiencesOverview. */
  overview: string;
  /** A fingerprint of what they were worked out from. */
  inputs: string;
  computed_at: string;
}
