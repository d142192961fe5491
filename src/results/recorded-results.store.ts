import { sql } from 'kysely';
import { STAGING_TABLE } from '../directory/staging-table.store.js';
import type { Queryable } from '../store/store.js';

/** A row of the results file just imported, with the person it names and the wave it belongs to. */
export interface RecordedResult {
  address: string;
  person: string | null;
  wave: string | null;
  outcome: string;
  /** The person is in no wave: the result was given the latest wave that had started. */
  waveByDate: boolean;
}

/**
 * Records the rows of the migration-status file being imported as attempts, each in the wave
 * it belongs to: the person's wave, unless that wave has not started yet and they were carried
 * over into it, when the result is still the old wave's; for someone in no wave, the latest wave
 * that has started. Returns each row with its person and wave.
 * Runs inside the import, while the staged rows are there and after the people table is rebuilt.
 */
export async function recordAttempts(db: Queryable, orgId: string, today: string, now: string): Promise<RecordedResult[]> {
  await sql.raw('DROP TABLE IF EXISTS wr_alias').execute(db);
  await sql.raw('DROP TABLE IF EXISTS wr_rows').execute(db);
  await sql`CREATE TEMPORARY TABLE wr_rows AS
    SELECT s.row_no, s.email AS address, s.outcome, s.raw_status, d.email AS person
    FROM ${sql.table(STAGING_TABLE)} s LEFT JOIN directory_persons d ON d.org_id = ${orgId} AND d.email = s.email
    WHERE s.ok = 1`.execute(db);
  const unmatched = await sql<{ n: number }>`SELECT count(*) AS n FROM wr_rows WHERE person IS NULL`.execute(db);
  if (Number(unmatched.rows[0]?.n ?? 0) > 0) {
    // Rows are usually keyed by the person's own address; the others are looked up through this table.
    await sql`CREATE TEMPORARY TABLE wr_alias AS
      SELECT email AS person, local_email AS address FROM directory_persons WHERE org_id = ${orgId} AND local_email <> email
      UNION SELECT email, staff_email FROM directory_persons WHERE org_id = ${orgId} AND staff_email <> email
      UNION SELECT email, nhsmail_email FROM directory_persons WHERE org_id = ${orgId} AND nhsmail_email <> email`.execute(db);
    await sql.raw('CREATE INDEX wr_alias_address ON wr_alias (address)').execute(db);
    await sql`UPDATE wr_rows SET person = (SELECT a.person FROM wr_alias a WHERE a.address = wr_rows.address ORDER BY a.person LIMIT 1)
      WHERE person IS NULL`.execute(db);
    await sql.raw('DROP TABLE wr_alias').execute(db);
  }
  await sql.raw('CREATE INDEX wr_rows_person ON wr_rows (person, row_no)').execute(db);
  await sql`ALTER TABLE wr_rows ADD COLUMN wave TEXT`.execute(db);
  await sql`UPDATE wr_rows SET wave = (
      SELECT CASE WHEN c.from_wave IS NOT NULL AND (w.start_date IS NULL OR w.start_date > ${today}) THEN c.from_wave
        ELSE coalesce(w.name, d.wave) END
      FROM directory_persons d
      LEFT JOIN waves w ON w.org_id = d.org_id AND lower(w.name) = lower(d.wave)
      LEFT JOIN wave_carry_overs c ON c.org_id = d.org_id AND c.person_email = d.email
        AND c.carried_at = (SELECT max(c2.carried_at) FROM wave_carry_overs c2 WHERE c2.org_id = d.org_id AND c2.person_email = d.email)
      WHERE d.org_id = ${orgId} AND d.email = wr_rows.person)
    WHERE person IS NOT NULL`.execute(db);
  // Someone in no wave (a contractor not on the staff list, say) moved with whichever wave was
  // under way: their result belongs to the latest wave that has started, so their welcome follows.
  await sql`ALTER TABLE wr_rows ADD COLUMN wave_by_date INTEGER NOT NULL DEFAULT 0`.execute(db);
  await sql`UPDATE wr_rows SET wave_by_date = 1, wave = (SELECT w.name FROM waves w
      WHERE w.org_id = ${orgId} AND w.start_date <= ${today} ORDER BY w.start_date DESC, w.id DESC LIMIT 1)
    WHERE person IS NOT NULL AND wave IS NULL`.execute(db);
  await sql`INSERT INTO migration_attempts (org_id, person_email, wave_name, outcome, raw_status, recorded_at)
    SELECT ${orgId}, r.person, r.wave, r.outcome, r.raw_status, ${now} FROM wr_rows r
    WHERE r.wave IS NOT NULL AND r.row_no = (SELECT max(r2.row_no) FROM wr_rows r2 WHERE r2.person = r.person)
    ON CONFLICT (org_id, person_email, wave_name)
    DO UPDATE SET outcome = excluded.outcome, raw_status = excluded.raw_status, recorded_at = excluded.recorded_at`.execute(db);
  const rows = await sql<RecordedResult & { wave_by_date: number }>`SELECT address, person, wave, outcome, wave_by_date FROM wr_rows
    ORDER BY row_no`.execute(db);
  await sql.raw('DROP TABLE wr_rows').execute(db);
  return rows.rows.map(({ wave_by_date, ...row }) => ({ ...row, waveByDate: Number(wave_by_date) === 1 }));
}

export interface CarryOver {
  person: string;
  fromWave: string;
  toWave: string;
  at: string;
  by: string;
}

export async function insertCarryOvers(db: Queryable, orgId: string, carryOvers: readonly CarryOver[]): Promise<void> {
  if (carryOvers.length === 0) return;
  for (let start = 0; start < carryOvers.length; start += 500)
    await db
      .insertInto('wave_carry_overs')
      .values(
        carryOvers.slice(start, start + 500).map((c) => ({
          org_id: orgId,
          person_email: c.person,
          from_wave: c.fromWave,
          to_wave: c.toWave,
          carried_at: c.at,
          carried_by: c.by,
        })),
      )
      .execute();
}

/** When migration results were last imported, if ever. */
export async function lastResultsImportAt(db: Queryable, orgId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.max('finished_at').as('last'))
    .where('org_id', '=', orgId)
    .where('kind', '=', 'migration-status')
    .executeTakeFirst();
  return row?.last ? String(row.last) : undefined;
}

export interface RemainderAcceptance {
  acceptedAt: string;
  acceptedBy: string;
  people: number;
  reason: string | undefined;
}

export async function latestRemainderAcceptance(db: Queryable, orgId: string): Promise<RemainderAcceptance | undefined> {
  const row = await db
    .selectFrom('remainder_acceptances')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('accepted_at', 'desc')
    .executeTakeFirst();
  return row && { acceptedAt: row.accepted_at, acceptedBy: row.accepted_by, people: Number(row.people), reason: row.reason ?? undefined };
}

export async function insertRemainderAcceptance(db: Queryable, orgId: string, acceptance: RemainderAcceptance): Promise<void> {
  await db
    .insertInto('remainder_acceptances')
    .values({
      org_id: orgId,
      accepted_at: acceptance.acceptedAt,
      accepted_by: acceptance.acceptedBy,
      people: acceptance.people,
      reason: acceptance.reason ?? null,
    })
    .execute();
}

/** One message of an occurrence to one person, as the proof and results reports show it. */
export interface PersonMessage {
  messageKey: string;
  /** The sender it goes from, which names the folder a folder sender wrote it to. */
  sender: string;
  occurrenceKey: string;
  person: string;
  recipient: string;
  state: string;
  notBefore: string;
  sentAt: string | undefined;
  lastError: string | undefined;
  failedAt: string | undefined;
}

/**
 * The newest message of each person in each of these occurrences. The state is the outbox's own,
 * so a state added later (a bounce) shows as it is.
 */
/** The outbox messages of these occurrences, by `occurrence person`; of only `people`, when given. */
export async function messagesOf(
  db: Queryable,
  orgId: string,
  occurrenceKeys: readonly string[],
  people?: readonly string[],
): Promise<Map<string, PersonMessage>> {
  const found = new Map<string, PersonMessage>();
  if (occurrenceKeys.length === 0 || people?.length === 0) return found;
  const rows = await db
    .selectFrom('outbox')
    .select([
      'message_key',
      'sender_name',
      'occurrence_key',
      'person_email',
      'recipient',
      'state',
      'not_before',
      'sent_at',
      'last_error',
      'created_at',
    ])
    .where('org_id', '=', orgId)
    .where('occurrence_key', 'in', [...occurrenceKeys])
    .$if(people !== undefined, (query) => query.where('person_email', 'in', [...(people ?? [])]))
    .orderBy('created_at')
    .execute();
  const failedKeys = rows.filter((row) => row.state === 'failed').map((row) => row.message_key);
  const failedAt = new Map<string, string>();
  for (let start = 0; start < failedKeys.length; start += 500) {
    const entries = await db
      .selectFrom('audit_log')
      .select(['subject', (eb) => eb.fn.max('at').as('at')])
      .where('org_id', '=', orgId)
      .where('action', '=', 'message-failed')
      .where('subject', 'in', failedKeys.slice(start, start + 500))
      .groupBy('subject')
      .execute();
    for (const entry of entries) failedAt.set(entry.subject, String(entry.at));
  }
  for (const row of rows)
    found.set(`${row.occurrence_key} ${row.person_email}`, {
      messageKey: row.message_key,
      sender: row.sender_name,
      occurrenceKey: row.occurrence_key,
      person: row.person_email,
      recipient: row.recipient,
      state: row.state,
      notBefore: row.not_before,
      sentAt: row.sent_at ?? undefined,
      lastError: row.last_error ?? undefined,
      failedAt: failedAt.get(row.message_key),
    });
  return found;
}

/** Per occurrence, how many live messages went to an NHSmail address and how many to another. */
export async function addressesUsed(db: Queryable, orgId: string): Promise<Map<string, { nhsmail: number; other: number }>> {
  const rows = await sql<{ occurrence_key: string; nhsmail: number; other: number }>`SELECT occurrence_key,
      sum(CASE WHEN recipient LIKE '%@nhs.net' THEN 1 ELSE 0 END) AS nhsmail,
      sum(CASE WHEN recipient LIKE '%@nhs.net' THEN 0 ELSE 1 END) AS other
    FROM outbox WHERE org_id = ${orgId} AND state <> 'cancelled' GROUP BY occurrence_key`.execute(db);
  return new Map(rows.rows.map((row) => [row.occurrence_key, { nhsmail: Number(row.nhsmail), other: Number(row.other) }]));
}
