import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

/**
 * People whose address bounced permanently: a message commsplan sent to one of their addresses
 * came back with a 5.x.x report. Bounces are kept in their own table (delivery/bounces.store.ts),
 * so the people table carries only a flag, set again after every rebuild (ADR 0006, ADR 0012).
 */
export async function markBouncedPersons(db: Queryable, orgId: string): Promise<void> {
  const any = await db
    .selectFrom('bounces')
    .select('address')
    .where('org_id', '=', orgId)
    .where('kind', '=', 'permanent')
    .where('message_key', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  if (!any) return;
  await sql`UPDATE directory_persons SET bounced = 1
    WHERE org_id = ${orgId} AND bounced = 0 AND EXISTS (SELECT 1 FROM bounces b
      WHERE b.org_id = ${orgId} AND b.kind = 'permanent' AND b.message_key IS NOT NULL
        AND b.address IN (directory_persons.email, directory_persons.local_email, directory_persons.staff_email, directory_persons.nhsmail_email))`.execute(
    db,
  );
}

/** The addresses that bounced permanently for a message we sent, with the latest reason for each. */
export async function listBouncedAddresses(db: Queryable, orgId: string): Promise<{ address: string; reason: string }[]> {
  const rows = await db
    .selectFrom('bounces')
    .select(['address', 'reason', 'recorded_at'])
    .where('org_id', '=', orgId)
    .where('kind', '=', 'permanent')
    .where('message_key', 'is not', null)
    .orderBy('address')
    .orderBy('recorded_at', 'desc')
    .execute();
  const byAddress = new Map<string, string>();
  for (const row of rows) if (!byAddress.has(row.address)) byAddress.set(row.address, row.reason);
  return [...byAddress].map(([address, reason]) => ({ address, reason }));
}
