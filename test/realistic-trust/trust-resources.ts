import type { SeededRandom } from '../../src/shared/seeded-random.js';
import { GB, LOCAL_DOMAIN, type Person, type ResourceMailbox, type ResourceType, type Trust } from './trust-types.js';

const SECURITY_GROUPS: [string, boolean][] = [
  ['Finance Team', true],
  ['Medical Secretaries', true],
  ['Pharmacy Team', false],
  ['Estates Team', false],
  ['HR Advisers', true],
  ['IT Service Desk', false],
  ['Ward 7 Nurses', false],
  ['Outpatient Bookings', true],
];
const DISTRIBUTION_LISTS = ['All Consultants', 'Trust Board Papers', 'Theatre Staff', 'Nursing Bulletin'];
// biome-ignore format: a list of data reads better packed
const SHARED_TEAMS = [
  'Cardiology', 'Radiology', 'Pharmacy', 'Finance', 'Payroll', 'Estates', 'Outpatients', 'Maternity', 'Paediatrics', 'Theatres',
  'Pathology', 'Medical Records', 'Procurement', 'Governance', 'Physiotherapy', 'Critical Care', 'Respiratory', 'Ward 7', 'Ward 12',
  'Community Nursing',
];
const SHARED_PURPOSES = ['Secretaries', 'Bookings', 'Enquiries'];

/** People 25 to 30 each hold one kind of access that must NOT make them shared-mailbox users. */
export const ACCESS_TRAPS = {
  deniedFullAccess: 25,
  readPermissionOnly: 26,
  fullAccessToRoomOnly: 27,
  delegateOfUserMailboxOnly: 28,
  sendAsAndCalendarOnly: 29,
  inGroupWhoseMembersAreNotExported: 30,
} as const;

/** Groups, shared, room and equipment mailboxes, who can open them and who owns them. */
export function addResources(random: SeededRandom, trust: Trust): void {
  const candidates = trust.people.filter((person) => person.mailbox && person.id > 40);
  const somePeople = (min: number, max: number) => distinctIds(random, candidates, random.int(min, max));
  trust.groups = SECURITY_GROUPS.map(([name, mailEnabled]) => ({
    name,
    address: mailEnabled ? `${name.toLowerCase().replace(/ /g, '.')}@${LOCAL_DOMAIN}` : undefined,
    memberIds: somePeople(6, 35),
    membersExported: true,
  }));
  trust.groups.push({ name: 'Legacy Mailbox Admins', memberIds: [ACCESS_TRAPS.inGroupWhoseMembersAreNotExported], membersExported: false });
  trust.distributionGroups = DISTRIBUTION_LISTS.map((name) => ({
    name,
    address: `${name.toLowerCase().replace(/ /g, '.')}@${LOCAL_DOMAIN}`,
    memberIds: somePeople(20, 60),
    membersExported: true,
  }));
  const samsTaken = new Set(trust.people.flatMap((person) => (person.mailbox ? [person.mailbox.samAccountName.toLowerCase()] : [])));
  const newResource = (type: ResourceType, displayName: string): ResourceMailbox => ({
    type,
    displayName,
    address: `${displayName.toLowerCase().replace(/ /g, '.')}@${LOCAL_DOMAIN}`,
    samAccountName: uniqueSam(displayName.replace(/ /g, ''), samsTaken),
    guid: random.guid(),
    itemBytes: Math.floor(random.next() * 20 * GB),
    grants: [],
    sendAsPersonIds: [],
    calendarEditorIds: [],
    ownerIds: [],
  });
  for (const [index, team] of SHARED_TEAMS.entries()) {
    for (const purpose of SHARED_PURPOSES.slice(0, 1 + (index % 3))) {
      const shared = newResource('SharedMailbox', `${team} ${purpose}`);
      shared.grants = somePeople(0, 5).map((personId) => ({ personId }));
      if (random.chance(0.5)) shared.grants.push({ group: random.pick(trust.groups.slice(0, SECURITY_GROUPS.length)).name });
      shared.sendAsPersonIds = somePeople(0, 2);
      shared.ownerIds = somePeople(1, 2);
      trust.resources.push(shared);
    }
  }
  const consultants = somePeople(30, 30);
  trust.delegations = consultants.map((mailboxOwnerId) => ({ mailboxOwnerId, delegateId: random.pick(candidates).id }));
  addAccessTraps(trust, newResource);
  for (let number = 1; number <= 15; number += 1) {
    const room = newResource('RoomMailbox', `Meeting Room ${number} ${random.pick(['Trust HQ', 'Education Centre', 'Main Building'])}`);
    room.grants = somePeople(0, 1).map((personId) => ({ personId }));
    room.calendarEditorIds = somePeople(1, 2);
    trust.resources.push(room);
  }
  for (let number = 1; number <= 5; number += 1) trust.resources.push(newResource('EquipmentMailbox', `Portable Projector ${number}`));
}

function addAccessTraps(trust: Trust, newResource: (type: ResourceType, name: string) => ResourceMailbox): void {
  const [first, second, third] = trust.resources as [ResourceMailbox, ResourceMailbox, ResourceMailbox];
  first.grants.push({ personId: ACCESS_TRAPS.deniedFullAccess, deny: true });
  second.grants.push({ personId: ACCESS_TRAPS.readPermissionOnly, notFullAccess: true });
  third.sendAsPersonIds.push(ACCESS_TRAPS.sendAsAndCalendarOnly);
  third.calendarEditorIds.push(ACCESS_TRAPS.sendAsAndCalendarOnly);
  third.grants.push({ group: 'Legacy Mailbox Admins' });
  const boardroom = newResource('RoomMailbox', 'Boardroom Trust HQ');
  boardroom.grants.push({ personId: ACCESS_TRAPS.fullAccessToRoomOnly });
  trust.resources.push(boardroom);
  trust.delegations.push({ mailboxOwnerId: 24, delegateId: ACCESS_TRAPS.delegateOfUserMailboxOnly });
}

function distinctIds(random: SeededRandom, people: Person[], count: number): number[] {
  const ids = new Set<number>();
  while (ids.size < count) ids.add(random.pick(people).id);
  return [...ids];
}

function uniqueSam(wanted: string, taken: Set<string>): string {
  const base = wanted.slice(0, 20);
  let candidate = base;
  for (let number = 2; taken.has(candidate.toLowerCase()); number += 1) candidate = `${base.slice(0, 20 - `${number}`.length)}${number}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}
