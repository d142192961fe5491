import { type Kysely, type Migration, sql } from 'kysely';
import { autoIncrementId, type DialectName } from '../dialect.js';

/**
 * Sending: senders, the state of each occurrence of an activity (one per wave for activities
 * tied to waves), the outbox of messages, what each sender has sent (for its limits) and the
 * audit log. See docs/adr/0007-a-durable-outbox.md.
 */
export function delivery(dialect: DialectName): Migration {
  return { up: (db) => up(db, dialect) };
}

async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  const table = (name: string) =>
    db.schema.createTable(name).addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'));

  await table('senders')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // folder | smtp
    .addColumn('folder', 'text')
    .addColumn('host', 'text')
    .addColumn('port', 'integer')
    .addColumn('security', 'text') // starttls | tls | none
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('send_as', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'text')
    .addColumn('password_env', 'text')
    .addColumn('oauth2_tenant', 'text')
    .addColumn('oauth2_client_id', 'text')
    .addColumn('oauth2_secret_env', 'text')
    .addColumn('oauth2_token_url', 'text')
    .addColumn('per_minute', 'integer', (c) => c.notNull())
    .addColumn('per_day', 'integer', (c) => c.notNull())
    .addColumn('per_message', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused_reason', 'text')
    .addColumn('paused_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('senders_pk', ['org_id', 'name'])
    .execute();

  await db.schema.alterTable('activities').addColumn('sender_name', 'text').execute();

  await table('occurrence_states')
    .addColumn('occurrence_key', 'text', (c) => c.notNull()) // activity id, plus '@' and the wave id for wave occurrences
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('wave_id', 'integer')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text')
    .addColumn('approved_at', 'text')
    .addColumn('approved_fingerprint', 'text') // hash of template and audience at approval
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('occurrence_states_pk', ['org_id', 'occurrence_key'])
    .execute();

  await table('outbox')
    .addColumn('message_key', 'text', (c) => c.notNull()) // deterministic: occurrence, recipient, template version; also the Message-ID
    .addColumn('occurrence_key', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('person_email', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('template_version', 'text', (c) => c.notNull())
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull()) // the values that render the message
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('outbox_pk', ['org_id', 'message_key'])
    .execute();
  await sql`CREATE INDEX outbox_due ON outbox (org_id, sender_name, state, not_before)`.execute(db);
  await sql`CREATE INDEX outbox_by_occurrence ON outbox (org_id, occurrence_key, state)`.execute(db);
  await sql`CREATE INDEX outbox_by_person ON outbox (org_id, person_email, state)`.execute(db);

  await table('sender_usage')
    .addColumn('sender_name', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX sender_usage_window ON sender_usage (org_id, sender_name, sent_at)`.execute(db);

  await autoIncrementId(dialect, db.schema.createTable('audit_log'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE INDEX audit_log_by_time ON audit_log (org_id, at)`.execute(db);
}
