import type { BrokenLink } from '../../waves/broken-links.js';
import { LINK_KIND_WORDS } from '../../waves/link-kinds.js';

/** How many links, moves or names a page lists before saying how many more there are. */
export const SHOWN_ON_PAGE = 50;

/** A wave's dates in words: one day, or first to last. */

/** The first `SHOWN_ON_PAGE` of a list, and how many are left out ('' when none). */
export function firstOf<T>(items: readonly T[]): { shown: T[]; more: number } {
  return { shown: items.slice(0, SHOWN_ON_PAGE), more: Math.max(0, items.length - SHOWN_ON_PAGE) };
}

/** One broken link for a table: who holds the right, on which mailbox, and each side's wave. */
export function brokenLinkCells(link: BrokenLink, names: ReadonlyMap<string, string>) {
  const nameOf = (email: string) => names.get(email) ?? email;
  return {
    holder: nameOf(link.holder),
    holderEmail: link.holder,
    holderWave: link.holderWave,
    rights: link.kinds.map((kind) => LINK_KIND_WORDS[kind]).join(', '),
    mailbox: nameOf(link.mailbox),
    mailboxEmail: link.mailbox,
    mailboxWave: link.mailboxWave,
    weight: link.weight,
  };
}
