import { nameKey, RARE_SURNAMES } from './names.js';
import { linkStaffRows } from './staff-links.js';
import type { OrganisationalUnit, Person, Trust } from './trust-types.js';

const LAST_DESIGNED_ID = 40;

/** Gives each account its AD name (CN): `Forename Surname`, numbered when its OU already holds that name. */
export function nameAccountsInActiveDirectory(people: Person[]): void {
  const taken: Record<OrganisationalUnit, Set<string>> = { Staff: new Set(), Contractors: new Set() };
  for (const person of people) {
    const mailbox = person.mailbox;
    if (!mailbox) continue;
    const wanted = `${person.firstName} ${person.lastName}`;
    let name = wanted;
    for (let number = 2; taken[mailbox.ou].has(name.toLowerCase()); number += 1) name = `${wanted}${number}`;
    taken[mailbox.ou].add(name.toLowerCase());
    mailbox.name = name;
  }
}

/**
 * Random names sometimes make a row fit a stranger's mailbox and nothing else: the rules would link the
 * two, and the test would then be about chance. Such a row is given a rare surname (no mailbox) or its
 * own address (a disabled mailbox of its own), and a personal address that would not link is replaced by
 * the local one, until every link by name joins a person to their own mailbox. Ambiguity stays: it is real.
 */
export function settleAccidentalNameLinks(trust: Trust): void {
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const keys = new Set(trust.people.map((person) => nameKey(person.firstName, person.lastName)));
  let rareIndex = 0;
  for (let round = 0; round < 20; round += 1) {
    const links = linkStaffRows(trust);
    let changed = false;
    for (const [rowId, mailboxId] of links.linked) {
      if (rowId === mailboxId || rowId <= LAST_DESIGNED_ID) continue;
      const row = byId.get(rowId) as Person;
      if (row.mailbox) row.staffList = { ...(row.staffList as NonNullable<Person['staffList']>), email: row.mailbox.address };
      else {
        do {
          row.lastName = RARE_SURNAMES[rareIndex % RARE_SURNAMES.length] as string;
          if (rareIndex >= RARE_SURNAMES.length) row.lastName += `-${RARE_SURNAMES[Math.floor(rareIndex / RARE_SURNAMES.length) - 1]}`;
          rareIndex += 1;
        } while (keys.has(nameKey(row.firstName, row.lastName)));
        keys.add(nameKey(row.firstName, row.lastName));
      }
      changed = true;
    }
    for (const unlinked of links.unlinked) {
      const row = byId.get(unlinked.rowPersonId) as Person;
      const staff = row.staffList as NonNullable<Person['staffList']>;
      if (row.id <= LAST_DESIGNED_ID || staff.email === undefined || !row.mailbox) continue;
      staff.email = row.mailbox.address; // a personal address that would not link
      changed = true;
    }
    if (!changed) return;
  }
  throw new Error('the trust model did not settle its accidental links by name');
}
