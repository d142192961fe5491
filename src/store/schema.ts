import type { Generated } from 'kysely';
import type { AccountTables } from './schema-accounts.js';
import type { AudienceTables } from './schema-audiences.js';
import type { DeliveryTables } from './schema-delivery.js';
import type { DirectoryTables } from './schema-directory.js';
import type { PlanTables } from './schema-plan.js';
import type { ResultsTables } from './schema-results.js';

/**
 * The whole database: the tables of each capability, plus the organisations, the senders and
 * the audit log that all of them share.
 *
 * Every table but `organisations` carries `org_id`, so one database can hold several
 * organisations (see docs/adr/0002-one-database-many-organisations.md).
 * JSON values are stored as text so the same columns work on SQLite and PostgreSQL.
 */
export interface Database extends PlanTables, DirectoryTables, AudienceTables, DeliveryTables, ResultsTables, AccountTables {
  organisations: OrganisationsTable;
  senders: SendersTable;
  audit_log: AuditLogTable;
}

export interface OrganisationsTable {
  id: string;
  name: string;
  nation: string;
  programme_start: string;
  plan_id: string;
  created_at: string;
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

export interface AuditLogTable {
  id: Generated<number>;
  org_id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}
