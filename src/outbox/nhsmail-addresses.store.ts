import type { Queryable } from '../store/store.js';

/** The NHSmail address each of these local addresses is paired with (address_links), where one is. */
export async function linkedNhsmailAddresses(db: Queryable, orgId: string, localEmails: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let start = 0; start < localEmails.length; start += 500) {
    const rows = await db
      .selectFrom('address_links')
      .select(['local_email', 'nhsmail_email'])
      .where('org_id', '=', orgId)
      .where('local_email', 'in', localEmails.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.local_email, row.nhsmail_email);
  }
  return found;
}
