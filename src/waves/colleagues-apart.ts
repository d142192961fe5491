import type { DirectoryPerson } from '../audiences/audiences.store.js';
import type { Queryable } from '../store/store.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import type { LinkKind } from './link-kinds.js';
import { readWaveDirectory, type WaveDirectory } from './wave-directory.js';
import { wavesInForce } from './waves-in-force.js';

/** Someone a person shares a calendar or mailbox with who moves in another wave, as one person sees it. */
export interface ColleagueApart {
  /** The colleague's mailbox: a person's, or a shared mailbox. */
  email: string;
  /** As the directory holds it ("Jones, Sam (EASTBROOK)"), or null. */
  displayName: string | null;
  sharedMailbox: boolean;
  /** The wave the colleague is in. */
  wave: string;
  /** The rights the person holds on the colleague's mailbox, strongest first. */
  onTheirs: LinkKind[];
  /** The rights the colleague holds on the person's mailbox, strongest first. */
  onYours: LinkKind[];
  /** The weight of what breaks between them: the heaviest come first. */
  weight: number;
}

/** Each person's colleagues in other waves, by the person's mailbox address. */
export type ColleaguesApart = ReadonlyMap<string, readonly ColleagueApart[]>;

/**
 * The broken links as each end reads them: the holder of a right sees the mailbox's owner, the
 * owner sees the holder. A shared mailbox reads no email, so only its users are told of it.
 */
export function colleaguesApart(links: readonly BrokenLink[], directory: Pick<WaveDirectory, 'holders' | 'shared'>): ColleaguesApart {
  const shared = new Map(directory.shared.map((mailbox) => [mailbox.email, mailbox.name]));
  const names = new Map(directory.holders.map((holder) => [holder.email, holder.displayName]));
  const byPerson = new Map<string, Map<string, ColleagueApart>>();
  const entry = (person: string, colleague: string, wave: string): ColleagueApart => {
    const colleagues = byPerson.get(person) ?? new Map<string, ColleagueApart>();
    byPerson.set(person, colleagues);
    const known = colleagues.get(colleague);
    if (known) return known;
    const made: ColleagueApart = {
      email: colleague,
      displayName: (shared.has(colleague) ? shared.get(colleague) : names.get(colleague)) ?? null,
      sharedMailbox: shared.has(colleague),
      wave,
      onTheirs: [],
      onYours: [],
      weight: 0,
    };
    colleagues.set(colleague, made);
    return made;
  };
  for (const link of links) {
    const holderSide = entry(link.holder, link.mailbox, link.mailboxWave);
    holderSide.onTheirs.push(...link.kinds);
    holderSide.weight += link.weight;
    if (shared.has(link.mailbox)) continue;
    const mailboxSide = entry(link.mailbox, link.holder, link.holderWave);
    mailboxSide.onYours.push(...link.kinds);
    mailboxSide.weight += link.weight;
  }
  const sorted = new Map<string, ColleagueApart[]>();
  for (const [person, colleagues] of byPerson)
    sorted.set(
      person,
      [...colleagues.values()].sort((a, b) => b.weight - a.weight || a.email.localeCompare(b.email)),
    );
  return sorted;
}

/** Read once for a queue step or a preview: who each person shares with in other waves, as the waves stand. */
export async function readColleaguesApart(db: Queryable, orgId: string, now: Date): Promise<ColleaguesApart> {
  const directory = await readWaveDirectory(db, orgId, now);
  const inForce = wavesInForce(directory);
  const links = brokenLinks(directory.permissions, (email) => inForce.get(email), directory.weights, directory.serviceAccounts);
  return colleaguesApart(links, directory);
}

/** A person's colleagues in other waves, under whichever of their addresses the waves know them by; none is an empty list. */
export function colleaguesOf(apart: ColleaguesApart, person: Pick<DirectoryPerson, 'email' | 'local_email'>): readonly ColleagueApart[] {
  return apart.get(person.email) ?? (person.local_email ? apart.get(person.local_email) : undefined) ?? [];
}
