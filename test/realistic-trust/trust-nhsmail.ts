import type { SeededRandom } from '../../src/shared/seeded-random.js';
import { asWindows1252 } from './excel-csv.js';
import { addressPart, comparableName, FIRST_NAMES } from './names.js';
import { GB, LOCAL_DOMAIN, type LocalMailbox, MB, type NhsmailAccount, type NhsmailLink, type Person, type Trust } from './trust-types.js';

const PORTAL_ORGANISATION = 'NORTHMOOR HOSPITALS NHS FOUNDATION TRUST';
const STANDARD_QUOTA_MB = 4096;
const ENHANCED_QUOTA_MB = 51_200;
const STRAY_SURNAMES = ['Fairweather', 'Quibell', 'Ormerod', 'Entwistle', 'Haworth', 'Sutcliffe', 'Greenhalgh', 'Pilkington'];

/**
 * Gives about a quarter of the staff an NHSmail account and decides, by construction, how the rules must
 * link each one: an account links by name only when its name is unique in the whole trust.
 */
export function addNhsmailAccounts(random: SeededRandom, trust: Trust): void {
  const addresses = new Set<string>();
  const namesakes = countNames(trust.people);
  for (const person of trust.people) {
    const staff = person.staffList;
    if (!staff) continue;
    if (staff.email?.startsWith('nhsmail-only:')) {
      person.nhsmail = newAccount(random, person, addresses, 'same-address');
      staff.email = person.nhsmail.address;
      continue;
    }
    const migrated = person.migrationStatus === 'Completed' || person.migrationStatus === 'CompletedWithWarnings';
    if (!person.mailbox || person.id <= 40 || !(migrated || random.chance(0.17))) continue;
    // Linked by name only where the name is unique, survives the Windows-1252 staff list and the row has a
    // local address: a lost letter or a row not yet joined to its mailbox would make the name a question.
    const unique = namesakes.get(comparableName(person.firstName, person.lastName)) === 1;
    const nameLinkable = unique && isLocal(staff.email) && survivesWindows1252(person);
    person.nhsmail = newAccount(random, person, addresses, random.chance(0.65) && nameLinkable ? 'name' : 'address-map');
    if (migrated) person.nhsmail.sizeMb = Math.round((person.mailbox.itemBytes / MB) * 100) / 100;
  }
  addDesignedAccounts(random, trust.people, addresses);
  addAccountOfMailboxOnlyPerson(random, trust.people, addresses, namesakes, true);
  addAccountOfMailboxOnlyPerson(random, trust.people, addresses, namesakes, false);
  for (const surname of STRAY_SURNAMES) {
    const stray: Person = { id: 0, firstName: random.pick(FIRST_NAMES.slice(0, 40)), lastName: surname, devices: [] };
    trust.strayAccounts.push(newAccount(random, stray, addresses, 'no-match'));
  }
}

function countNames(people: Person[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const person of people) {
    const name = comparableName(person.firstName, person.lastName);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}

function newAccount(random: SeededRandom, person: Person, taken: Set<string>, link: NhsmailLink): NhsmailAccount {
  const base = `${addressPart(person.firstName)}.${addressPart(person.lastName)}`;
  let address = random.chance(0.6) ? `${base}@nhs.net` : `${base}${random.int(1, 99)}@nhs.net`;
  while (taken.has(address)) address = `${base}${random.int(1, 999)}@nhs.net`;
  taken.add(address);
  const account: NhsmailAccount = {
    address,
    portalDisplayName: portalDisplayName(random, person),
    sizeMb: random.int(500, 150_000) / 100,
    quotaMb: random.chance(0.06) ? ENHANCED_QUOTA_MB : STANDARD_QUOTA_MB,
    link,
  };
  if (person.mailbox) keepAwayFromThresholds(account, person.mailbox);
  return account;
}

/** `SURNAME, Forename (ORGANISATION)`, sometimes without accents or with a doubled space, as the portal has them. */
function portalDisplayName(random: SeededRandom, person: Person): string {
  const plain = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
  const stripAccents = random.chance(0.15);
  const surname = (stripAccents ? plain(person.lastName) : person.lastName).toUpperCase();
  const forename = stripAccents ? plain(person.firstName) : person.firstName;
  const separator = random.chance(0.05) ? ',  ' : ', ';
  return `${surname}${separator}${forename} (${PORTAL_ORGANISATION})`;
}

/** Random totals never land within a few MB of 90% or 100% of the quota; the designed people test the edges. */
function keepAwayFromThresholds(account: NhsmailAccount, mailbox: LocalMailbox): void {
  const quota = account.quotaMb * MB;
  const near = () => {
    const total = mailbox.itemBytes + account.sizeMb * MB;
    return Math.abs(total - quota) < 4 * MB || Math.abs(total - 0.9 * quota) < 4 * MB;
  };
  while (near()) account.sizeMb += 10;
}

/**
 * The edges of the rules, on people 1 to 30 (always on the staff list, current, with a mailbox):
 * sizes exactly at the limits, namesakes, and staff-list rows that give the NHSmail address.
 */
function addDesignedAccounts(random: SeededRandom, people: Person[], taken: Set<string>): void {
  const designed = (id: number) => people[id - 1] as Person & { mailbox: LocalMailbox };
  const sized = (id: number, itemBytes: number, account?: { sizeMb: number; quotaMb: number }) => {
    const person = designed(id);
    person.mailbox.itemBytes = itemBytes;
    person.mailbox.deletedItemBytes = 0;
    person.migrationStatus = undefined;
    if (person.staffList) person.staffList.getsNhsmail = true;
    if (account) person.nhsmail = { ...newAccount(random, person, taken, 'address-map'), ...account };
  };
  sized(1, 4 * GB); // exactly the quota: nearing, not over
  sized(2, 4 * GB + 1); // one byte over
  sized(3, 3 * GB, { sizeMb: 1024, quotaMb: STANDARD_QUOTA_MB }); // local plus NHSmail exactly 4 GB
  sized(4, 3_865_470_567 - 100 * MB, { sizeMb: 100, quotaMb: STANDARD_QUOTA_MB }); // first byte at or above 90%
  sized(10, 3_865_470_566 - 100 * MB, { sizeMb: 100, quotaMb: STANDARD_QUOTA_MB }); // last byte below 90%
  sized(5, Math.round(3.7 * GB)); // nearing; its 0.8 GB of deleted items must not make it over
  designed(5).mailbox.deletedItemBytes = Math.round(0.8 * GB);
  sized(6, 9 * GB, { sizeMb: 2000, quotaMb: ENHANCED_QUOTA_MB }); // under an enhanced quota
  sized(7, Math.round(46.5 * GB), { sizeMb: 0, quotaMb: ENHANCED_QUOTA_MB }); // nearing an enhanced quota
  sized(8, 6 * GB); // over, but already moved
  designed(8).migrationStatus = 'Completed';
  sized(9, 5 * GB); // over, but not getting NHSmail: all-staff only
  (designed(9).staffList as NonNullable<Person['staffList']>).getsNhsmail = false;
  designed(11).nhsmail = newAccount(random, designed(11), taken, 'ambiguous');
  designed(21).nhsmail = newAccount(random, designed(21), taken, 'address-map');
  designed(22).nhsmail = newAccount(random, designed(22), taken, 'name');
  for (const id of [13, 14]) {
    const person = designed(id);
    person.nhsmail = newAccount(random, person, taken, 'address-map');
    (person.staffList as NonNullable<Person['staffList']>).email = person.nhsmail.address;
  }
}

/**
 * A mailbox holder with no ESR row and an NHSmail account in their name: linked by the mailbox's name.
 * With a disabled account (a contract that ended) the name links to no one current (`not-current`);
 * with a working one (a contractor still here) it is theirs.
 */
function addAccountOfMailboxOnlyPerson(
  random: SeededRandom,
  people: Person[],
  taken: Set<string>,
  namesakes: Map<string, number>,
  disabled: boolean,
): void {
  const holder = people.find(
    (person) =>
      !person.staffList &&
      person.mailbox?.disabled === disabled &&
      /^[A-Za-z ]+$/.test(person.mailbox.displayName) &&
      !person.mailbox.displayName.includes(',') &&
      namesakes.get(comparableName(person.firstName, person.lastName)) === 1,
  );
  if (holder) holder.nhsmail = newAccount(random, holder, taken, 'name');
}

function survivesWindows1252(person: Person): boolean {
  const name = `${person.firstName} ${person.lastName}`;
  return asWindows1252(name) === name;
}

function isLocal(address: string | undefined): boolean {
  return address?.toLowerCase().endsWith(`@${LOCAL_DOMAIN}`) ?? false;
}
