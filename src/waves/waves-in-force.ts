import type { MailboxHolder } from '../audiences/audiences.store.js';
import type { SharedMailbox } from './planning-data.store.js';

type Directory = { holders: readonly MailboxHolder[]; shared: readonly SharedMailbox[] };

/** A person whose mailbox is still to move: current, getting NHSmail and not moved. */
export function isStillToMove(holder: MailboxHolder): boolean {
  return !holder.notCurrent && holder.getsNhsmail && !holder.migrated;
}

/** The addresses of the mailboxes, people's and shared, that have moved. */
export function movedMailboxes(directory: Directory): Set<string> {
  return new Set([...directory.holders, ...directory.shared].filter((mailbox) => mailbox.migrated).map((mailbox) => mailbox.email));
}

/** Each mailbox's name, people's and shared, by address (the address when it has none). */
export function mailboxNames(directory: Directory): Map<string, string> {
  const names = new Map<string, string>();
  for (const holder of directory.holders) names.set(holder.email, holder.displayName ?? holder.email);
  for (const mailbox of directory.shared) names.set(mailbox.email, mailbox.name ?? mailbox.email);
  return names;
}

/**
 * The wave each mailbox is in now: current people getting NHSmail, and shared mailboxes. Moved
 * ones keep theirs, so a link to someone already on NHSmail shows as broken until both have moved.
 */
export function wavesInForce(directory: Directory): Map<string, string> {
  const inForce = new Map<string, string>();
  for (const holder of directory.holders)
    if (holder.wave && !holder.notCurrent && holder.getsNhsmail) inForce.set(holder.email, holder.wave);
  for (const mailbox of directory.shared) if (mailbox.wave) inForce.set(mailbox.email, mailbox.wave);
  return inForce;
}
