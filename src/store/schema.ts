import type { Generated } from 'kysely';
import type { AccountTables } from './schema-accounts.js';
import type { AudienceTables } from './schema-audiences.js';
import type { DeliveryTables } from './schema-delivery.js';
import type { DirectoryTables } from './schema-directory.js';
import type { PlanTables } from './schema-plan.js';
import type { ResultsTables } from './schema-results.js';
import type { WebTables } from './schema-web.js';

/**
 * The whole database: the tables of each capability, plus the organisations and the audit
 * log that all of them share.
 *
 * Every table but `organisations` carries `org_id`, so one database can hold several
 * organisations (see docs/adr/0002-one-database-many-organisations.md).
 * JSON values are stored as text so the same columns work on SQLite and PostgreSQL.
 */
export interface Database extends PlanTables, DirectoryTables, AudienceTables, DeliveryTables, ResultsTables, AccountTables, WebTables {
  organisations: OrganisationsTable;
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

export interface AuditLogTable {
  id: Generated<number>;
  org_id: string;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
}
