import type { Person, StaffListEntry, Trust } from './trust-types.js';

/**
 * People 31 to 40, and the first person not on the staff list, test linking and lost letters:
 * - 31 and 32, both Chiamaka Okonkwo-Bell with no address in ESR; only 31 has a mailbox. Both rows fit
 *   that one mailbox, so both are listed as ambiguous and neither is linked.
 * - 33, Tamsin Featherstonehaugh: no address in ESR; her only mailbox is disabled. Not linked (no match).
 * - 34 to 37: rows with no address (37: a gmail address) whose names lose letters in one export or both.
 *   Linked, since a `?` stands for the letter it lost; ESR gives them nothing but a name, so the
 *   audiences they are in do not depend on the link.
 * - 38, Łucja Nowak: her Ł is lost in ESR and in the mailbox export; the group-member export (UTF-8) has it.
 * - 39, 40 and the first contractor are all displayed as Gwilym Pritchard: 39's devices name a mailbox
 *   two accounts share (ambiguous), 40's name his own (`Gwilym Pritchard2`), the contractor's carry the
 *   mailbox's GUID (a mailbox already in the cloud).
 */
export const DESIGNED = {
  ambiguousWithMailbox: 31,
  ambiguousWithoutMailbox: 32,
  onlyFitsDisabledMailbox: 33,
  lostLetters: [34, 35, 36, 37],
  cleanOnlyInGroupExport: 38,
  deviceOnSharedName: 39,
  deviceOnOwnName: 40,
} as const;

const NAMES: [number, string, string][] = [
  [31, 'Chiamaka', 'Okonkwo-Bell'],
  [32, 'Chiamaka', 'Okonkwo-Bell'],
  [33, 'Tamsin', 'Featherstonehaugh'],
  [34, 'Łukasz', 'Przybył'],
  [35, 'Søren', 'Ibáñez'],
  [36, 'Zoë', "O'Shaughnessy"],
  [37, 'Bartłomiej', 'Kołodziej'],
  [38, 'Łucja', 'Nowak'],
  [39, 'Gwilym', 'Pritchard'],
  [40, 'Gwilym', 'Pritchard'],
];

export function nameDesignedPeople(people: Person[], staffCount: number): void {
  for (const [id, firstName, lastName] of NAMES) Object.assign(people[id - 1] as Person, { firstName, lastName });
  const contractor = people[staffCount] as Person;
  Object.assign(contractor, { firstName: 'Gwilym', lastName: 'Pritchard', nonStaffKind: 'contractor' });
}

export function shapeDesignedPeople(people: Person[], staffCount: number): void {
  const person = (id: number) => people[id - 1] as Person & { staffList: StaffListEntry };
  for (const id of [31, 32, 33, 34, 35, 36]) person(id).staffList.email = undefined;
  person(37).staffList.email = 'bartek.kolodziej77@gmail.com';
  const bank = person(32);
  bank.mailbox = undefined;
  bank.devices = [];
  bank.migrationStatus = undefined;
  (person(33).mailbox as NonNullable<Person['mailbox']>).disabled = true;
  for (const id of DESIGNED.lostLetters) {
    const entry = person(id).staffList;
    Object.assign(entry, { wave: undefined, getsNhsmail: true, helpdesk: false, applicationOwner: false, dlOwner: false });
    entry.outlookUser = false;
    person(id).migrationStatus = undefined;
  }
  const gwilyms = [person(39), person(40), people[staffCount] as Person];
  for (const [index, gwilym] of gwilyms.entries()) {
    const mailbox = gwilym.mailbox as NonNullable<Person['mailbox']>;
    mailbox.displayName = 'Gwilym Pritchard';
    mailbox.disabled = false;
    mailbox.recipientTypeDetails = index === 2 ? 'RemoteUserMailbox' : 'UserMailbox';
    const lastSync = new Date(Date.UTC(2026, 10, 20 - index, 8, 30, 0));
    gwilym.devices = [
      {
        deviceId: `APPLGWILYM${index}PRITCHARD`,
        deviceType: 'iPhone',
        deviceModel: 'iPhone15C2',
        deviceOs: 'iOS 18.1 22B83',
        firstSync: new Date(Date.UTC(2025, 2, 3, 9, 0, 0)),
        lastSuccessSync: lastSync,
      },
    ];
  }
}

/** Łucja Nowak's name survives only in the group-member export, saved with -Encoding UTF8. */
export function addDesignedCleanSources(trust: Trust): void {
  const group = trust.groups.find((each) => each.membersExported && each.address);
  group?.memberIds.push(DESIGNED.cleanOnlyInGroupExport);
}
