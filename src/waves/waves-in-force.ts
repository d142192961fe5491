import type { MailboxHolder } from '../audiences/audiences.store.js';
import type { SharedMailbox } from './planning-data.store.js';

/**
 * The wave each mailbox is in now: current people getting NHSmail, and shared mailboxes. Moved
 * ones keep theirs, so a link to someone already on NHSmail shows as broken until both have moved.
 */
export function wavesInForce(directory: { holders: readonly MailboxHolder[]; shared: readonly SharedMailbox[] }): Map<string, string> {
  const inForce = new Map<string, string>();
  for (const holder of directory.holders)
    if (holder.wave && !holder.notCurrent && holder.getsNhsmail) inForce.set(holder.email, holder.wave);
  for (const mailbox of directory.shared) if (mailbox.wave) inForce.set(mailbox.email, mailbox.wave);
  return inForce;
}
