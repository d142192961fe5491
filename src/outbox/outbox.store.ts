import { sql } from 'kysely';
import type { OutboxTable } from '../store/schema-delivery.js';
import type { Queryable, Store } from '../store/store.js';
import type { SenderChoice } from './approval-scope.js';
import { type MessageState, messageStatesBefore } from './message-state.js';

/** One message as the queue step writes it. */
/** A message as the queue step writes it, with its activity's priority (plan/send-priority.ts) for the claim's order. */
export type NewOutboxRow = Omit<
  OutboxTable,
  'attempts' | 'lease_owner' | 'lease_until' | 'last_error' | 'sent_at' | 'catch_up' | 'priority'
> & {
  priority: number;
  /** 1 for a catch-up: a message made for someone who joined the audience after the email first went. */
  catch_up?: number;
};

/** 15 columns a row: 500 rows stay well under SQLite's limit on parameters in one statement. */
const ROWS_PER_INSERT = 500;

/** Writes messages; one already made (same key) is left as it is. Returns how many were new. */
export async function insertOutboxRows(db: Queryable, rows: readonly NewOutboxRow[]): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const result = await db
      .insertInto('outbox')
      .values(rows.slice(start, start + ROWS_PER_INSERT))
      .onConflict((conflict) => conflict.columns(['org_id', 'message_key']).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** The addresses of the people an occurrence's audience holds now, gathered page by page in a temporary table. */
export async function startCurrentRecipients(db: Queryable): Promise<void> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS queue_current_recipients (person_email TEXT PRIMARY KEY)`.execute(db);
  await sql`DELETE FROM queue_current_recipients`.execute(db);
}

export async function addCurrentRecipients(store: Pick<Store, 'bulkInsert'>, db: Queryable, emails: readonly string[]): Promise<void> {
  await store.bulkInsert(
    db,
    'queue_current_recipients',
    ['person_email'],
    emails.map((email) => [email]),
  );
}

/**
 * The people who have a message of an occurrence already, and whether one was sent, in a temporary
 * table for `knownAmong`. Returns how many there are: none when it is queued for the first time.
 */
export async function startKnownPeople(db: Queryable, orgId: string, occurrenceKey: string): Promise<number> {
  await sql`CREATE TEMP TABLE IF NOT EXISTS queue_known_people (person_email TEXT PRIMARY KEY, sent INTEGER NOT NULL)`.execute(db);
  await sql`DELETE FROM queue_known_people`.execute(db);
  await sql`INSERT INTO queue_known_people (person_email, sent)
    SELECT person_email, MAX(CASE WHEN state = 'sent' THEN 1 ELSE 0 END) FROM outbox
    WHERE org_id = ${orgId} AND occurrence_key = ${occurrenceKey} GROUP BY person_email`.execute(db);
  const row = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM queue_known_people`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** Of these people, those with a message of the occurrence `startKnownPeople` read: true when one was sent. */
export async function knownAmong(db: Queryable, emails: readonly string[]): Promise<Map<string, boolean>> {
  const known = new Map<string, boolean>();
  for (let start = 0; start < emails.length; start += ROWS_PER_INSERT) {
    const chunk = emails.slice(start, start + ROWS_PER_INSERT);
    const rows = await sql<{ person_email: string; sent: number }>`SELECT person_email, sent FROM queue_known_people
      WHERE person_email IN (${sql.join(chunk)})`.execute(db);
    for (const row of rows.rows) known.set(row.person_email, Number(row.sent) === 1);
  }
  return known;
}

/**
 * Cancels the unsent messages of an occurrence whose person is no longer in its audience (they
 * left, or moved to another wave), or whose template version is not the current one. Returns
 * how many it cancelled.
 */
export async function cancelMessagesNoLongerDue(
  db: Queryable,
  orgId: string,
  occurrenceKey: string,
  templateVersion: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error: `no longer in the audience on ${now.toISOString()}` })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', occurrenceKey)
    .where('state', 'in', messageStatesBefore('cancelled'))
    .where((eb) =>
      eb.or([
        eb('person_email', 'not in', sql<string>`(SELECT person_email FROM queue_current_recipients)`),
        eb('template_version', '!=', templateVersion),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Cancels the unsent messages of an occurrence to a person's old address once a newer message
 * of the same occurrence goes to another address of theirs (their NHSmail address became known).
 */
export async function cancelMessagesToOldAddresses(db: Queryable, orgId: string, occurrenceKey: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'cancelled', last_error: `sent to the person's newer address instead, on ${now.toISOString()}` })
    .where('org_id', '=', orgId)
    .where('occurrence_key', '=', occurrenceKey)
    .where('state', 'in', messageStatesBefore('cancelled'))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('outbox as newer')
          .select(sql`1`.as('one'))
          .where('newer.org_id', '=', orgId)
          .where('newer.occurrence_key', '=', occurrenceKey)
          .whereRef('newer.person_email', '=', 'outbox.person_email')
          .whereRef('newer.recipient', '!=', 'outbox.recipient')
          .whereRef('newer.created_at', '>', 'outbox.created_at'),
      ),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Gives an activity's messages still waiting to be claimed its new priority, so a change made
 * while its emails go takes effect for the rest of them. Returns how many it changed.
 */
export async function reprioritiseWaitingMessages(db: Queryable, orgId: string, activityId: string, priority: number): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ priority })
    .where('org_id', '=', orgId)
    .where('state', 'in', messageStatesBefore('sending'))
    .where((eb) => eb.or([eb('occurrence_key', '=', activityId), eb('occurrence_key', 'like', `${activityId}@%`)]))
    .where('priority', '<>', priority)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many messages of each occurrence are in each state, and why those that failed did. */
export interface OccurrenceCounts {
  recipients: number;
  byState: Partial<Record<MessageState, number>>;
  /** Of those, the catch-ups: messages made for people who joined the audience after it first went. */
  caughtUpByState: Partial<Record<MessageState, number>>;
  failures: { reason: string; count: number }[];
}

export async function countOutboxByOccurrence(db: Queryable, orgId: string): Promise<Map<string, OccurrenceCounts>> {
  const [states, failures] = await Promise.all([
    db
      .selectFrom('outbox')
      .select(['occurrence_key', 'state', 'catch_up', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .groupBy(['occurrence_key', 'state', 'catch_up'])
      .execute(),
    db
      .selectFrom('outbox')
      .select(['occurrence_key', 'last_error', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', '=', orgId)
      .where('state', '=', 'failed')
      .groupBy(['occurrence_key', 'last_error'])
      .orderBy('occurrence_key')
      .orderBy('n', 'desc')
      .execute(),
  ]);
  const counts = new Map<string, OccurrenceCounts>();
  const entry = (key: string) => {
    const known = counts.get(key) ?? { recipients: 0, byState: {}, caughtUpByState: {}, failures: [] };
    counts.set(key, known);
    return known;
  };
  for (const row of states) {
    const known = entry(row.occurrence_key);
    const state = row.state as MessageState;
    known.recipients += Number(row.n);
    known.byState[state] = (known.byState[state] ?? 0) + Number(row.n);
    if (Number(row.catch_up) === 1) known.caughtUpByState[state] = Number(row.n);
  }
  for (const row of failures)
    entry(row.occurrence_key).failures.push({ reason: row.last_error ?? 'no reason recorded', count: Number(row.n) });
  return counts;
}

/** Which sender each activity's emails go from, and each sender's From address, in one read: what an approval covers. */
export async function senderChoice(db: Queryable, orgId: string): Promise<SenderChoice> {
  const [activities, senders] = await Promise.all([
    db.selectFrom('activities').select(['id', 'sender_name']).where('org_id', '=', orgId).where('sender_name', 'is not', null).execute(),
    db.selectFrom('senders').select(['name', 'from_address', 'is_default']).where('org_id', '=', orgId).orderBy('name').execute(),
  ]);
  return {
    byActivity: new Map(activities.map((a) => [a.id, a.sender_name as string])),
    defaultSender: senders.find((s) => Number(s.is_default) === 1)?.name,
    fromOf: new Map(senders.map((s) => [s.name, s.from_address])),
  };
}

/**
 * What the sending pass records as the reason of a message it could not make from its template and
 * values (send-due.ts, composeSoon): the template's doing, not the recipient's.
 */
export const CANNOT_BE_MADE = 'it cannot be made:';

/** When the directory last changed: the newest import. */
export async function lastImportAt(db: Queryable, orgId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.max('finished_at').as('last'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return row?.last ? String(row.last) : undefined;
}
