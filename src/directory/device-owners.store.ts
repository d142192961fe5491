import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { STAGING_TABLE } from './staging-table.store.js';

/**
 * The ways a device's mailbox part can name a mailbox, most exact first. A device identity is
 * built from the mailbox's Identity path and Name, so those settle it; a display name, alias,
 * account name, UPN or GUID is tried only when neither fits anyone. Column names are ours.
 */
const TIERS: readonly (readonly [mailboxColumn: string, stagedColumn: 'id_path' | 'id_value'][])[] = [
  [['identity_key', 'id_path']],
  [['name_key', 'id_value']],
  [
    ['display_key', 'id_value'],
    ['alias', 'id_value'],
    ['sam_account_name', 'id_value'],
    ['user_principal_name', 'id_value'],
    ['email', 'id_value'],
    ['exchange_guid', 'id_value'],
  ],
];

const FOUND_TABLE = 'device_owner_matches';

/**
 * Fills `id_email`, `id_matches` and `id_candidates` for devices named by their mailbox's name
 * or path (`mailbox-name`). Each tier looks only at rows no earlier tier matched: the first tier
 * that fits one mailbox settles the row, and one that fits several lists them as candidates.
 */
export async function resolveDeviceOwners(db: Queryable, orgId: string): Promise<void> {
  for (const tier of TIERS) {
    const joins = tier.map(
      ([mailboxColumn, stagedColumn]) => sql`SELECT s.staged_id, m.email FROM ${sql.table(STAGING_TABLE)} s
        JOIN mailboxes m ON m.org_id = ${orgId} AND ${sql.raw(`m.${mailboxColumn}`)} = ${sql.raw(`s.${stagedColumn}`)}
        WHERE s.id_kind = 'mailbox-name' AND s.id_matches = 0 AND ${sql.raw(`s.${stagedColumn}`)} IS NOT NULL`,
    );
    await sql.raw(`DROP TABLE IF EXISTS ${FOUND_TABLE}`).execute(db);
    await sql`CREATE TEMPORARY TABLE ${sql.table(FOUND_TABLE)} AS
      SELECT staged_id, count(DISTINCT email) AS matches, min(email) AS email, group_concat(DISTINCT email) AS candidates
      FROM (${sql.join(joins, sql` UNION ALL `)}) found GROUP BY staged_id`.execute(db);
    await sql`UPDATE ${sql.table(STAGING_TABLE)} SET id_matches = f.matches, id_email = f.email, id_candidates = f.candidates
      FROM ${sql.table(FOUND_TABLE)} f WHERE f.staged_id = ${sql.table(STAGING_TABLE)}.staged_id`.execute(db);
    await sql.raw(`DROP TABLE ${FOUND_TABLE}`).execute(db);
  }
}

export interface DeviceOwnerCounts {
  devices: number;
  matched: number;
  severalMailboxes: number;
  noMailbox: number;
}

/** How the devices that were read fared: matched to one mailbox, to several, or to none. */
export async function countDeviceOwners(db: Queryable): Promise<DeviceOwnerCounts> {
  const result = await sql<{ devices: number; matched: number; several: number }>`
    SELECT count(*) AS devices, sum(CASE WHEN id_matches = 1 THEN 1 ELSE 0 END) AS matched,
      sum(CASE WHEN id_matches > 1 THEN 1 ELSE 0 END) AS several
    FROM ${sql.table(STAGING_TABLE)}`.execute(db);
  const row = result.rows[0];
  const devices = Number(row?.devices ?? 0);
  const matched = Number(row?.matched ?? 0);
  const severalMailboxes = Number(row?.several ?? 0);
  return { devices, matched, severalMailboxes, noMailbox: devices - matched - severalMailboxes };
}
