import { type Kysely, type Migration, sql } from 'kysely';
import { binaryColumnType, type DialectName } from '../dialect.js';

/**
 * What the web app used to keep in one server's memory, moved into the database so any number of
 * `commsplan serve` instances can share one workspace behind a load balancer:
 * - `web_jobs`: imports (an upload's check, then its import) and sends started from the web, with
 *   their state and progress, read by whichever instance a page or poll lands on;
 * - `web_upload_chunks`: the bytes of an uploaded file waiting to be confirmed, in pieces, so
 *   another instance can import it;
 * - `one_time_notes`: what a page shows once after a redirect (a new user's password), encrypted
 *   with a key made from the shared session secret.
 */
export function webJobs(dialect: DialectName): Migration {
  return { up: (db) => up(db, dialect) };
}

async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('web_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull()) // import | send
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'integer') // the user who started it, when there is one
    .addColumn('file_name', 'text') // imports only
    .addColumn('rows_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('percent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'text', (c) => c.notNull())
    // Which of the organisation's jobs started later, when two start at the same moment (a fixed clock).
    .addColumn('started_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text') // imports: when the check ended; unconfirmed uploads expire from then
    .addColumn('finished_at', 'text')
    .addColumn('result', 'text', (c) => c.notNull().defaultTo('{}')) // JSON
    .execute();
  await sql`CREATE INDEX web_jobs_by_org ON web_jobs (org_id, kind, started_at)`.execute(db);

  await db.schema
    .createTable('web_upload_chunks')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('job_id', 'text', (c) => c.notNull().references('web_jobs.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('bytes', binaryColumnType(dialect), (c) => c.notNull())
    .addPrimaryKeyConstraint('web_upload_chunks_pk', ['job_id', 'seq'])
    .execute();

  await db.schema
    .createTable('one_time_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('owner_hash', 'text', (c) => c.notNull()) // SHA-256 of the session or visit token
    .addColumn('sealed', 'text', (c) => c.notNull()) // AES-256-GCM: iv, tag and text, base64url
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
