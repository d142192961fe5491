import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';

/**
 * Whether the people table audiences read (audiences/directory-persons.store.ts) still matches
 * the imports, and the domains of the user mailboxes found when it was last built.
 */
/** Called by every import: the people table is rebuilt before audiences are next read. */
export async function markDirectoryStale(db: Queryable, orgId: string): Promise<void> {
  await sql`INSERT INTO directory_state (org_id, stale) VALUES (${orgId}, 1)
    ON CONFLICT (org_id) DO UPDATE SET stale = 1`.execute(db);
}

/**
 * After a rebuild: up to date as of `builtAt`, with the user mailboxes' domains and how many
 * mailboxes of each other type there are.
 */
export async function recordDirectoryBuilt(
  db: Queryable,
  orgId: string,
  builtAt: Date,
  mailboxDomains: readonly string[],
  mailboxTypes: Readonly<Record<string, number>>,
): Promise<void> {
  const types = JSON.stringify(mailboxTypes);
  await sql`INSERT INTO directory_state (org_id, built_at, stale, mailbox_domains, mailbox_types)
    VALUES (${orgId}, ${builtAt.toISOString()}, 0, ${mailboxDomains.join(',')}, ${types})
    ON CONFLICT (org_id) DO UPDATE SET built_at = excluded.built_at, stale = 0, mailbox_domains = excluded.mailbox_domains,
      mailbox_types = excluded.mailbox_types`.execute(db);
}

export interface DirectoryState {
  builtAt: string | undefined;
  stale: boolean;
  mailboxDomains: string[];
}

export async function directoryState(db: Queryable, orgId: string): Promise<DirectoryState> {
  const row = await db.selectFrom('directory_state').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  return {
    builtAt: row?.built_at ?? undefined,
    stale: !row || row.stale === 1,
    mailboxDomains: row?.mailbox_domains ? row.mailbox_domains.split(',') : [],
  };
}
