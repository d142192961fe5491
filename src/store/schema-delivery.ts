import type { Generated } from 'kysely';

/** Sending: occurrence states, the outbox, senders and their usage, tasks and bounces. */
export interface DeliveryTables {
  occurrence_states: OccurrenceStatesTable;
  outbox: OutboxTable;
  senders: SendersTable;
  sender_usage: SenderUsageTable;
  tasks: TasksTable;
  task_notes: TaskNotesTable;
  bounces: BouncesTable;
  bounce_mailboxes: BounceMailboxesTable;
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
