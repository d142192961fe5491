import { nameLostLetters } from '../directory/lost-letters.js';
import { plural } from '../shared/plural.js';
import { sizeAgainstQuota } from './email-sizes.js';
import type { NamedPerson, OwnedDistributionList, OwnedSharedMailbox } from './owned-by.store.js';
import type { SharedMailboxUse } from './shared-mailboxes-of.store.js';

/**
 * The personal fields that tell people what they own and use: a line per mailbox or list, which
 * a template shows as a list (`- ((owned shared mailboxes))`), and the mailboxes over the limit.
 * Every name is text: the renderer escapes it, and a name that lost letters is replaced by its
 * address.
 */

/** What the directory holds about the mailboxes and lists one person uses and owns. */
export interface MailboxFacts {
  used: readonly SharedMailboxUse[];
  owned: readonly OwnedSharedMailbox[];
  lists: readonly OwnedDistributionList[];
  /** Names of the owners of the mailboxes used, by address. */
  names: ReadonlyMap<string, NamedPerson>;
}

export const NO_MAILBOX_FACTS: MailboxFacts = { used: [], owned: [], lists: [], names: new Map() };

export interface OwnerLimits {
  /** The size a shared mailbox may reach on NHSmail. */
  sharedMailboxQuotaBytes: number;
  /** How many people are named for each kind of access before the rest are counted. */
  namesShown: number;
}

/** One line of text: a name with a line break in it would make two list items. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

const cleanName = (name: string | null | undefined) => {
  const line = name ? oneLine(name) : '';
  return line && !nameLostLetters(line) ? line : undefined;
};

/**
 * "Jones, Sam (NORTHMOOR)" or "Sam Jones" as "Sam Jones": the display name first, as the directory
 * shows it, else the first and last names; undefined when no name kept its letters.
 */
export function personName(person: NamedPerson): string | undefined {
  const display = cleanName(person.displayName?.replace(/\s*\([^)]*\)/g, ''));
  if (display) {
    const parts = display.split(',').map((part) => part.trim());
    return parts.length === 2 && parts[0] && parts[1] ? `${parts[1]} ${parts[0]}` : display;
  }
  const first = cleanName(person.firstName);
  const last = cleanName(person.lastName);
  return first && last ? `${first} ${last}` : undefined;
}

/** A mailbox or list by its name and address, or its address alone when the name lost letters. */
function label(displayName: string | null, email: string): string {
  const name = cleanName(displayName);
  return name && name.toLowerCase() !== email.toLowerCase() ? `${name} (${email})` : email;
}

/** The first names, then how many more: "Ann Smith, Bob Jones and 3 others". */
function namesUpTo(names: readonly string[], shown: number): string {
  const named = names.slice(0, Math.max(0, shown));
  const rest = names.length - named.length;
  if (rest === 0) return joinWithAnd(named);
  const others = plural(rest, 'other', 'others');
  return named.length ? `${named.join(', ')} and ${others}` : others;
}

function joinWithAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

const ACCESS_ORDER = ['Full access', 'Send as', 'Send on behalf', 'Read', 'Other folder rights'] as const;

/** A kind of access as the owner's email calls it: a folder permission is reading unless its level allows more. */
function accessLabel(kind: string): (typeof ACCESS_ORDER)[number] {
  if (kind === 'full-access') return 'Full access';
  if (kind === 'send-as') return 'Send as';
  if (kind === 'send-on-behalf') return 'Send on behalf';
  const level = kind.split(':').at(-1) ?? '';
  return ['reviewer', 'limiteddetails', 'availabilityonly'].includes(level) ? 'Read' : 'Other folder rights';
}

function overLimit(sizeBytes: number | null, limits: OwnerLimits): boolean {
  return sizeBytes !== null && sizeBytes > limits.sharedMailboxQuotaBytes;
}

function sizeText(sizeBytes: number | null, limits: OwnerLimits): string {
  if (sizeBytes === null) return 'size not known';
  const shown = sizeAgainstQuota(sizeBytes, limits.sharedMailboxQuotaBytes);
  return overLimit(sizeBytes, limits) ? `${shown.size}, more than the ${shown.quota} a shared mailbox may hold on NHSmail` : shown.size;
}

/** One line per mailbox the person owns: its size, then who has which access. */
export function ownedMailboxLines(owned: readonly OwnedSharedMailbox[], limits: OwnerLimits): string {
  return owned
    .map((mailbox) => {
      const byKind = new Map<string, string[]>();
      for (const { person, kind } of mailbox.access) {
        const names = byKind.get(accessLabel(kind)) ?? [];
        const name = personName(person) ?? person.email;
        if (!names.includes(name)) names.push(name);
        byKind.set(accessLabel(kind), names);
      }
      const access = ACCESS_ORDER.filter((kind) => byKind.has(kind)).map(
        (kind) => `${kind}: ${namesUpTo(byKind.get(kind) ?? [], limits.namesShown)}.`,
      );
      const who = access.length ? access.join(' ') : 'We have no record of anyone else who can open it.';
      return `${label(mailbox.displayName, mailbox.mailbox)}, ${sizeText(mailbox.sizeBytes, limits)}. ${who}`;
    })
    .join('\n');
}

/** One line per mailbox the person uses, with its own owners, so they know whom to ask about each. */
export function usedMailboxLines(facts: Pick<MailboxFacts, 'used' | 'names'>, limits: OwnerLimits): string {
  return facts.used
    .map((use) => {
      const owners = use.owners.map((email) => {
        const name = personName(facts.names.get(email) ?? { email, displayName: null, firstName: null, lastName: null });
        return name ? `${name} (${email})` : email;
      });
      const ownedBy = owners.length ? `owned by ${joinWithAnd(owners)}` : 'no owner on our records';
      const size = overLimit(use.sizeBytes, limits) ? ` It holds ${sizeText(use.sizeBytes, limits)}.` : '';
      return `${label(use.displayName, use.mailbox)}: ${ownedBy}.${size}`;
    })
    .join('\n');
}

/** The names of the mailboxes over the limit, "A and B"; empty when none is. */
export function mailboxesOverLimit(
  mailboxes: readonly { displayName: string | null; mailbox: string; sizeBytes: number | null }[],
  limits: OwnerLimits,
): string {
  const over = mailboxes.filter((mailbox) => overLimit(mailbox.sizeBytes, limits));
  return joinWithAnd(over.map((mailbox) => cleanName(mailbox.displayName) ?? mailbox.mailbox));
}

/** One line per distribution list the person owns, with how many members the directory knows of. */
export function distributionListLines(lists: readonly OwnedDistributionList[]): string {
  return lists
    .map((list) => {
      const members = list.memberCount === null ? 'we have no record of its members' : plural(list.memberCount, 'member', 'members');
      return `${label(list.displayName, list.email)}: ${members}`;
    })
    .join('\n');
}

/**
 * The fields for one person. A list is empty ('') when the directory knows of none, so the
 * template leaves out what it would say; the mailboxes used are undefined when there are none, as
 * before, since only their users are sent the email that names them.
 */
export function mailboxFields(facts: MailboxFacts, limits: OwnerLimits): Record<string, string | undefined> {
  const used = facts.used.length > 0;
  return {
    'shared mailboxes': used ? usedMailboxLines(facts, limits) : undefined,
    'shared mailbox owners': used ? [...new Set(facts.used.flatMap((use) => use.owners))].join(', ') : undefined,
    'shared mailboxes over limit': mailboxesOverLimit(facts.used, limits),
    'owned shared mailboxes': ownedMailboxLines(facts.owned, limits),
    'owned mailboxes over limit': mailboxesOverLimit(facts.owned, limits),
    'distribution lists': distributionListLines(facts.lists),
  };
}
