import type { Queryable } from '../store/store.js';

/**
 * What `check` needs to know about decisions the organisation makes outside the plan. The owners
 * of shared mailboxes are one: until an owners list is imported, nobody is known to own one.
 */
export async function countSharedMailboxOwners(db: Queryable, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('shared_mailbox_owners')
    .select((eb) => eb.fn.countAll<number>().as('owners'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.owners ?? 0);
}

/** Records owners of shared mailboxes as an owners list would; the demo uses it for its fictional trust. */
export async function writeSharedMailboxOwners(
  db: Queryable,
  orgId: string,
  owners: readonly { mailboxEmail: string; ownerEmail: string }[],
): Promise<void> {
  if (owners.length === 0) return;
  await db
    .insertInto('shared_mailbox_owners')
    .values(owners.map((owner) => ({ org_id: orgId, mailbox_email: owner.mailboxEmail, owner_email: owner.ownerEmail })))
    .onConflict((conflict) => conflict.doNothing())
    .execute();
}
