import { SeededRandom } from '../../src/shared/seeded-random.js';
import { addressPart, FIRST_NAMES, isAscii, JOB_ROLES, LAST_NAMES, NON_STAFF_KINDS, ORGANISATIONS, TITLES_FOR_MOST } from './names.js';
import { addDesignedCleanSources, nameDesignedPeople, shapeDesignedPeople } from './trust-designed.js';
import { addNhsmailAccounts } from './trust-nhsmail.js';
import { addResources } from './trust-resources.js';
import { nameAccountsInActiveDirectory, settleAccidentalNameLinks } from './trust-settle.js';
import {
  type Assignment,
  GB,
  LOCAL_DOMAIN,
  MIGRATION_STATUSES,
  type MigrationStatus,
  type MobileDevice,
  type Person,
  type StaffListEntry,
  TODAY,
  type Trust,
  type UserMailboxType,
  WAVES,
} from './trust-types.js';

export * from './trust-types.js';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 10, 0, 0);

/** Ids up to this are designed people whose shape the tests rely on (see trust-designed.ts). */
export const LAST_DESIGNED_ID = 40;

/**
 * Builds the whole trust from a seed; the same seed always gives the same trust. `staffCount` people are
 * in ESR; `nonStaffCount` more (contractors, agency, honorary and bank staff) have only a mailbox.
 */
export function buildTrust(seed = 20261124, staffCount = 2950, nonStaffCount = 75): Trust {
  const random = new SeededRandom(seed);
  const addresses = new AddressBook();
  const people: Person[] = [];
  for (let id = 1; id <= staffCount + nonStaffCount; id += 1) {
    const onStaffList = id <= staffCount;
    const person = newPerson(random, id, onStaffList);
    people.push(person);
  }
  addDesignedNamesakes(people);
  nameDesignedPeople(people, staffCount);
  for (const person of people) shapePerson(random, person, addresses);
  shapeDesignedPeople(people, staffCount);
  const trust: Trust = { people, resources: [], groups: [], distributionGroups: [], delegations: [], strayAccounts: [] };
  addNhsmailAccounts(random, trust);
  addResources(random, trust);
  addDesignedCleanSources(trust);
  nameAccountsInActiveDirectory(people);
  settleAccidentalNameLinks(trust);
  return trust;
}

function newPerson(random: SeededRandom, id: number, onStaffList: boolean): Person {
  const firstName = random.chance(0.1) ? random.pick(FIRST_NAMES.slice(-13)) : random.pick(FIRST_NAMES);
  const person: Person = { id, firstName, lastName: random.pick(LAST_NAMES), devices: [] };
  if (onStaffList) person.staffList = newStaffListEntry(random, id);
  else person.nonStaffKind = random.weighted(NON_STAFF_KINDS);
  return person;
}

/** Two pairs of namesakes whose NHSmail accounts the rules must treat differently (see trust-nhsmail.ts). */
function addDesignedNamesakes(people: Person[]): void {
  const names: [number, string, string][] = [
    [11, 'Rhiannon', 'Pryce-Whitfield'],
    [12, 'Rhiannon', 'Pryce-Whitfield'],
    [21, 'Dafydd', 'Llewellyn'],
    [22, 'Dafydd', 'Llewellyn'],
  ];
  for (const [id, firstName, lastName] of names) {
    const person = people[id - 1] as Person;
    person.firstName = firstName;
    person.lastName = lastName;
  }
}

function newStaffListEntry(random: SeededRandom, id: number): StaffListEntry {
  const employeeNumber = 20_000_000 + id * 37;
  const assignmentCount = random.weighted([
    [1, 912],
    [2, 80],
    [3, 8],
  ] as const);
  const assignments: Assignment[] = [];
  for (let index = 1; index <= assignmentCount; index += 1) {
    assignments.push({
      number: index === 1 ? `${employeeNumber}` : `${employeeNumber}-${index}`,
      organisation: random.pick(ORGANISATIONS),
      jobRole: random.pick(JOB_ROLES),
      primary: index === 1,
    });
  }
  return {
    employeeNumber,
    title: random.chance(0.12) ? 'Dr' : random.pick(TITLES_FOR_MOST),
    assignments,
    wave: random.chance(0.97) ? random.pick(WAVES) : undefined,
    getsNhsmail: !random.chance(0.02),
    helpdesk: random.chance(0.012),
    applicationOwner: random.chance(0.02),
    dlOwner: random.chance(0.03),
    outlookUser: random.chance(0.4),
  };
}

/** Decides what each person has: a mailbox, an address on the staff list, a leaving date, devices, a migration. */
function shapePerson(random: SeededRandom, person: Person, addresses: AddressBook): void {
  const staff = person.staffList;
  const designed = person.id <= LAST_DESIGNED_ID;
  const kind = designed
    ? 'mailbox'
    : random.weighted([
        ['mailbox', 970],
        ['no-address', 10],
        ['nhsmail-only', 12],
      ] as const);
  if (staff && kind === 'no-address') return;
  if (staff && kind === 'nhsmail-only') {
    staff.email = `nhsmail-only:${person.id}`; // replaced by the NHSmail address once it is chosen
    return;
  }
  const local = addresses.claim(`${addressPart(person.firstName)}.${addressPart(person.lastName)}`);
  person.mailbox = {
    address: `${local}@${LOCAL_DOMAIN}`,
    samAccountName: addresses.claimSam(local),
    displayName: random.chance(0.05) ? `${person.lastName}, ${person.firstName}` : `${person.firstName} ${person.lastName}`,
    name: '', // given by nameAccountsInActiveDirectory once everyone has a mailbox
    ou: staff ? 'Staff' : 'Contractors',
    guid: random.guid(),
    recipientTypeDetails: random.weighted<UserMailboxType>([
      ['UserMailbox', 980],
      ['LinkedMailbox', 10],
      ['RemoteUserMailbox', 10],
    ]),
    disabled: !designed && random.chance(staff ? 0.015 : 0.4),
    itemBytes: localMailboxSize(random),
    deletedItemBytes: 0,
    itemCount: random.int(150, 90_000),
  };
  person.mailbox.deletedItemBytes = Math.floor(person.mailbox.itemBytes * random.next() * 0.15);
  if (staff) {
    staff.email = staffListAddress(random, person, person.mailbox.address);
    if (!designed) setLeavingDates(random, staff);
    // A row whose address HR never typed is a current colleague's: ESR's leavers are handled by their own feed.
    if (!isLocal(staff.email) && leftByToday(staff)) staff.email = person.mailbox.address;
  }
  if (person.nonStaffKind) person.itBatchWave = random.pick(WAVES);
  person.devices = mobileDevices(random);
  if (random.chance(0.32)) person.migrationStatus = migrationStatusFor(random, staff?.wave);
}

/**
 * What HR typed in ESR's email column: mostly the local address; for 4.5% nothing (ESR leaves it blank);
 * 0.7% a personal address; some capitalised or in capitals. Blank and personal addresses are drawn
 * only for names that survive every export, so that linking by name is about names, not encodings
 * (the designed people 34 to 37 cover lost letters).
 */
function staffListAddress(random: SeededRandom, person: Person, local: string): string | undefined {
  const kind = random.weighted([
    ['local', 880],
    ['capitalised', 50],
    ['capitals', 20],
    ['blank', 45],
    ['personal', 7],
  ] as const);
  const plainName = isAscii(person.firstName + person.lastName);
  if (kind === 'capitalised') return capitalised(local);
  if (kind === 'capitals') return local.toUpperCase();
  if (kind === 'blank' && plainName && person.id > LAST_DESIGNED_ID) return undefined;
  if (kind === 'personal' && plainName && person.id > LAST_DESIGNED_ID) return personalAddress(random, person);
  return local;
}

function personalAddress(random: SeededRandom, person: Person): string {
  const domain = random.pick(['gmail.com', 'hotmail.co.uk', 'hotmail.com', 'yahoo.co.uk', 'outlook.com', 'btinternet.com']);
  return `${addressPart(person.firstName)}${random.pick(['.', '_', ''])}${addressPart(person.lastName)}${random.int(1, 99)}@${domain}`;
}

export function isLocal(address: string | undefined): boolean {
  return address?.toLowerCase().endsWith(`@${LOCAL_DOMAIN}`) ?? false;
}

export function leftByToday(staff: StaffListEntry): boolean {
  return staff.assignments.every((assignment) => assignment.leavingDate !== undefined && assignment.leavingDate <= TODAY);
}

function localMailboxSize(random: SeededRandom): number {
  const band = random.weighted([
    [[0.02, 2.5], 700],
    [[2.5, 3.55], 150],
    [[3.55, 4.0], 70],
    [[4.0, 12], 80],
  ] as const);
  return Math.floor((band[0] + random.next() * (band[1] - band[0])) * GB);
}

function capitalised(address: string): string {
  return address.replace(/(^|[.-])([a-z])/g, (_, separator: string, letter: string) => separator + letter.toUpperCase());
}

function setLeavingDates(random: SeededRandom, staff: StaffListEntry): void {
  const roll = random.next();
  if (roll < 0.03) for (const assignment of staff.assignments) assignment.leavingDate = daysFromToday(-random.int(1, 200));
  else if (roll < 0.033) for (const assignment of staff.assignments) assignment.leavingDate = daysFromToday(0);
  else if (roll < 0.05) for (const assignment of staff.assignments) assignment.leavingDate = daysFromToday(random.int(1, 120));
  else if (staff.assignments.length > 1 && roll < 0.2) (staff.assignments[1] as Assignment).leavingDate = daysFromToday(-random.int(5, 90));
}

function mobileDevices(random: SeededRandom): MobileDevice[] {
  const devices: MobileDevice[] = [];
  const count = random.weighted([
    [0, 600],
    [1, 330],
    [2, 70],
  ] as const);
  for (let index = 0; index < count; index += 1) {
    const age = random.weighted([
      ['recent', 70],
      ['two-years', 20],
      ['never', 10],
    ] as const);
    const iphone = random.chance(0.6);
    const lastSync =
      age === 'recent' ? NOW - random.int(0, 60) * DAY_MS - random.int(0, 80_000) * 1000 : NOW - random.int(700, 760) * DAY_MS;
    devices.push({
      deviceId: iphone ? `Appl${random.hex(11).toUpperCase()}` : random.hex(32).toUpperCase(),
      deviceType: iphone ? 'iPhone' : random.pick(['Android', 'SAMSUNGSMG991B', 'Outlook']),
      deviceModel: iphone
        ? random.pick(['iPhone14C5', 'iPhone15C2', 'iPhone16C1'])
        : random.pick(['SM-G991B', 'Pixel 7', 'Outlook for Android']),
      deviceOs: iphone ? random.pick(['iOS 17.6.1 21G93', 'iOS 18.1 22B83']) : random.pick(['Android 14.0.0', 'Android 13.0.0']),
      firstSync: new Date(lastSync - random.int(30, 900) * DAY_MS),
      lastSuccessSync: age === 'never' ? undefined : new Date(lastSync),
    });
  }
  return devices;
}

function migrationStatusFor(random: SeededRandom, wave: string | undefined): MigrationStatus {
  if (wave === 'Wave 1' && random.chance(0.7))
    return random.weighted<MigrationStatus>([
      ['Completed', 85],
      ['CompletedWithWarnings', 15],
    ]);
  return random.pick(MIGRATION_STATUSES);
}

export function daysFromToday(days: number): string {
  return new Date(NOW + days * DAY_MS).toISOString().slice(0, 10);
}

/** Hands out unique local parts (`john.smith`, `john.smith2`) and SAM account names (at most 20 characters). */
class AddressBook {
  private readonly taken = new Set<string>();
  private readonly samsTaken = new Set<string>();

  claim(wanted: string): string {
    let candidate = wanted;
    for (let number = 2; this.taken.has(candidate); number += 1) candidate = `${wanted}${number}`;
    this.taken.add(candidate);
    return candidate;
  }

  claimSam(local: string): string {
    const base = local.slice(0, 20);
    let candidate = base;
    for (let number = 2; this.samsTaken.has(candidate.toLowerCase()); number += 1)
      candidate = `${base.slice(0, 20 - `${number}`.length)}${number}`;
    this.samsTaken.add(candidate.toLowerCase());
    return candidate;
  }
}
