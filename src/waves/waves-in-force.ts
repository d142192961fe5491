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

/**
 * How big a wave is, as its capacity counts it and every page shows it: the mailboxes it has still
 * to move (people who are current, get NHSmail and have not moved; shared mailboxes not moved),
 * and apart from them those in it that have already moved. Leavers and people who do not get
 * NHSmail are in no count: the wave moves nothing of theirs.
 */
export interface WaveSize {
  /** People with a local mailbox still to move. The wave's roster (its `wave:NAME` audience) can differ: it leaves out addresses outside the organisation's domains and holds staff-list people with no local mailbox. */
  people: number;
  /** Shared mailboxes still to move. */
  sharedMailboxes: number;
  /** People and shared mailboxes in the wave that have already moved: they take no room. */
  moved: number;
  /** Bytes of the mailboxes still to move. */
  bytes: number;
}

/** Each wave's size (WaveSize), by lower-cased wave name, in one pass over the mailboxes. */
export function waveSizesOf(directory: Directory & { sizes: ReadonlyMap<string, number> }): Map<string, WaveSize> {
  const sizes = new Map<string, WaveSize>();
  const sizeOf = (wave: string) => {
    const key = wave.toLowerCase();
    const size = sizes.get(key) ?? { people: 0, sharedMailboxes: 0, moved: 0, bytes: 0 };
    sizes.set(key, size);
    return size;
  };
  for (const holder of directory.holders) {
    if (!holder.wave || holder.notCurrent || !holder.getsNhsmail) continue;
    const size = sizeOf(holder.wave);
    if (holder.migrated) size.moved += 1;
    else {
      size.people += 1;
      size.bytes += directory.sizes.get(holder.email) ?? 0;
    }
  }
  for (const mailbox of directory.shared) {
    if (!mailbox.wave) continue;
    const size = sizeOf(mailbox.wave);
    if (mailbox.migrated) size.moved += 1;
    else {
      size.sharedMailboxes += 1;
      size.bytes += directory.sizes.get(mailbox.email) ?? 0;
    }
  }
  return sizes;
}

/** The mailboxes a wave of this size has still to move: what its capacity is compared with. */
export const mailboxesToMove = (size: WaveSize | undefined): number => (size ? size.people + size.sharedMailboxes : 0);
