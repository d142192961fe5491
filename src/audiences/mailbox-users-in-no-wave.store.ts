import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { type DirectoryReadOptions, directoryView } from './audiences.store.js';

/** People with a local mailbox still to move who are in no wave: how many, and the first `named` addresses. */
export async function mailboxUsersInNoWave(
  db: Queryable,
  orgId: string,
  options: DirectoryReadOptions,
  named: number,
): Promise<{ count: number; first: string[] }> {
  const where = sql`local_mailbox = 1 AND gets_nhsmail = 1 AND migrated = 0 AND (wave IS NULL OR trim(wave) = '')`;
  const count = await sql<{ n: number }>`WITH ${directoryView(orgId, options)}
    SELECT count(*) AS n FROM directory WHERE ${where}`.execute(db);
  const first = await sql<{ email: string }>`WITH ${directoryView(orgId, options)}
    SELECT email FROM directory WHERE ${where} ORDER BY email LIMIT ${named}`.execute(db);
  return { count: Number(count.rows[0]?.n ?? 0), first: first.rows.map((row) => row.email) };
}
