import { type Kysely, type Migration, sql } from 'kysely';

/**
 * The audit log page filters by kind of change (`action`) and by person (`actor`), newest first
 * within them. Without these, each filter read every entry of the organisation through
 * `audit_log_by_time`; with them, a filter reads only its own entries. The same SQL on SQLite
 * and PostgreSQL.
 */
export function auditLogFilterIndexes(): Migration {
  return { up };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX audit_log_by_action ON audit_log (org_id, action, at)`.execute(db);
  await sql`CREATE INDEX audit_log_by_actor ON audit_log (org_id, actor, at)`.execute(db);
}
