import { type Kysely, type Migration, sql } from 'kysely';
import { autoIncrementId, type DialectName } from '../dialect.js';

/**
 * People who sign in to the web app, and their sessions. Sessions live in the database so any
 * number of instances can serve; a session row is keyed by a hash of the cookie's token, so the
 * table alone does not let anyone sign in. See docs/adr/0010-web-app.md.
 */
export function webAccounts(dialect: DialectName): Migration {
  return { up: (db) => up(db, dialect) };
}

async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await autoIncrementId(dialect, db.schema.createTable('users'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull()) // lower case
    .addColumn('role', 'text', (c) => c.notNull()) // viewer | editor | approver | admin
    .addColumn('password_hash', 'text', (c) => c.notNull()) // Argon2id, PHC string
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('users_email_unique', ['org_id', 'email'])
    .execute();

  await db.schema
    .createTable('web_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey()) // SHA-256 of the cookie's token, hex
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX web_sessions_by_user ON web_sessions (user_id)`.execute(db);
}
