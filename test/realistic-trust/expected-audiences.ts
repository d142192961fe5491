import { GB, MB, type NhsmailAccount, type Person, TODAY, type Trust, WAVES } from './trust-types.js';

/**
 * Every audience's right answer on 2026-11-24, worked out from the model (never from the files) by the
 * rules in docs/who-is-in-each-audience.md. Each rule below names the line of the doc it follows.
 */

export interface UnmatchedAccount {
  email: string;
  reason: 'ambiguous' | 'not-current' | 'no-match';
  candidates: string[];
}

export interface ExpectedAnswers {
  /** Audience name to its members' addresses, lower case and sorted. */
  audiences: Map<string, string[]>;
  /** Current staff-list rows with no email address: counted in all-staff, never emailed. */
  noAddressCount: number;
  unmatched: UnmatchedAccount[];
  /** Address to why that person is not current. */
  notCurrent: Map<string, 'disabled' | 'left' | 'not on the staff list'>;
}

const MIGRATED = new Set(['Completed', 'CompletedWithWarnings']);
const FAILED = new Set(['Failed', 'IncrementalFailed', 'CompletionFailed', 'Corrupted']);
const MOBILE_ACTIVE_DAYS = 90;
const NEARING_PERCENT = 90;
const DAY_MS = 86_400_000;

/** "An NHSmail account linked to no one is a person of its own": only these links tie an account to its person. */
/**
 * "An NHSmail account linked to no one is a person of its own": only these links tie an account
 * to its person. A name never links an account to a disabled mailbox or a leaver's: that account
 * is listed for an administrator instead (docs/who-is-in-each-audience.md).
 */
const isLinked = (person: Person): boolean => {
  const link = person.nhsmail?.link;
  if (link === 'address-map' || link === 'same-address') return true;
  return link === 'name' && !leftOrDisabled(person);
};
const leftOrDisabled = (person: Person): boolean => ['disabled', 'left'].includes(whyNotCurrent(person) ?? '');
const linkedAccount = (person: Person): NhsmailAccount | undefined => (isLinked(person) ? person.nhsmail : undefined);

/** Local address if they have a local mailbox, else the staff-list address, else the @nhs.net address. */
export function personAddress(person: Person): string | undefined {
  const address = person.mailbox?.address ?? person.staffList?.email ?? linkedAccount(person)?.address;
  return address?.toLowerCase();
}

/** "Who counts at all": a disabled mailbox, a leaving date on or before today, or not on the staff list. */
function whyNotCurrent(person: Person): 'disabled' | 'left' | 'not on the staff list' | undefined {
  if (person.mailbox?.disabled) return 'disabled';
  if (!person.staffList) return 'not on the staff list';
  // A person leaves when every assignment has ended; one ended post among others is not leaving.
  if (person.staffList.assignments.every((assignment) => assignment.leavingDate !== undefined && assignment.leavingDate <= TODAY))
    return 'left';
  return undefined;
}

export function expectedAnswers(trust: Trust): ExpectedAnswers {
  const audiences = new Map<string, Set<string>>();
  const add = (audience: string, address: string) => {
    const members = audiences.get(audience) ?? new Set<string>();
    members.add(address);
    audiences.set(audience, members);
  };
  const notCurrent = new Map<string, 'disabled' | 'left' | 'not on the staff list'>();
  let noAddressCount = 0;
  const fullAccessIds = sharedMailboxFullAccess(trust);
  const ownerIds = new Set(trust.resources.filter((each) => each.type === 'SharedMailbox').flatMap((each) => each.ownerIds));
  const today = Date.parse(`${TODAY}T00:00:00Z`);

  for (const person of trust.people) {
    const address = personAddress(person);
    const reason = whyNotCurrent(person);
    if (reason) {
      if (address) notCurrent.set(address, reason);
      if (person.nhsmail && !isLinked(person)) notCurrent.set(person.nhsmail.address, 'not on the staff list');
      continue;
    }
    if (person.nhsmail && !isLinked(person)) notCurrent.set(person.nhsmail.address, 'not on the staff list');
    const staff = person.staffList as NonNullable<Person['staffList']>;
    if (!address) {
      noAddressCount += 1;
      continue;
    }
    add('all-staff', address);
    if (!staff.getsNhsmail) continue; // "NHSmail Account = No are in all-staff only"
    const status = person.migrationStatus ?? '';
    const migrated = MIGRATED.has(status);
    const failed = FAILED.has(status);
    const account = linkedAccount(person);
    if (person.mailbox) add('local-email-users', address);
    if (account) add('nhsmail-users', address);
    const cutoff = today - MOBILE_ACTIVE_DAYS * DAY_MS;
    if (person.devices.some((device) => device.lastSuccessSync && device.lastSuccessSync.getTime() >= cutoff)) add('mobile-users', address);
    if (staff.outlookUser) add('email-programme-users', address);
    if (person.mailbox && !migrated) {
      const total = person.mailbox.itemBytes + (account ? account.sizeMb * MB : 0);
      const quota = account ? account.quotaMb * MB : 4 * GB;
      if (total > quota) add('over-quota', address);
      else if (total * 100 >= quota * NEARING_PERCENT) add('nearing-quota', address);
    }
    if (staff.helpdesk) add('helpdesk', address);
    if (staff.applicationOwner) add('application-owners', address);
    if (staff.dlOwner) add('dl-owners', address);
    if (fullAccessIds.has(person.id)) add('shared-mailbox-users', address);
    if (ownerIds.has(person.id)) add('shared-mailbox-owners', address);
    if (migrated) add('migrated', address);
    if (failed) add('failed', address);
    if (staff.wave && !migrated) add(`wave:${staff.wave}`, address);
    if (staff.wave && migrated) add(`migrated:${staff.wave}`, address);
    if (staff.wave && failed) add(`failed:${staff.wave}`, address);
  }
  for (const stray of trust.strayAccounts) notCurrent.set(stray.address, 'not on the staff list');

  const sorted = new Map<string, string[]>();
  for (const name of allAudienceNames()) sorted.set(name, [...(audiences.get(name) ?? [])].sort());
  return { audiences: sorted, noAddressCount, unmatched: unmatchedAccounts(trust), notCurrent };
}

/** Full access to a shared mailbox, directly or through a group whose members are imported; denied grants give none. */
function sharedMailboxFullAccess(trust: Trust): Set<number> {
  const groups = new Map(trust.groups.filter((group) => group.membersExported).map((group) => [group.name, group.memberIds]));
  const ids = new Set<number>();
  for (const shared of trust.resources.filter((each) => each.type === 'SharedMailbox')) {
    for (const grant of shared.grants.filter((each) => !each.deny && !each.notFullAccess)) {
      if (grant.personId !== undefined) ids.add(grant.personId);
      for (const id of grant.group ? (groups.get(grant.group) ?? []) : []) ids.add(id);
    }
  }
  return ids;
}

/** Ambiguous accounts name every namesake not yet linked; accounts matching no one name none. */
function unmatchedAccounts(trust: Trust): UnmatchedAccount[] {
  const unmatched: UnmatchedAccount[] = trust.strayAccounts.map((account) => ({
    email: account.address,
    reason: 'no-match',
    candidates: [],
  }));
  for (const person of trust.people.filter((each) => each.nhsmail?.link === 'ambiguous')) {
    const namesakes = trust.people.filter(
      (other) => other.firstName === person.firstName && other.lastName === person.lastName && !isLinked(other),
    );
    const candidates = namesakes.map((namesake) => personAddress(namesake) as string).sort();
    unmatched.push({ email: (person.nhsmail as NhsmailAccount).address, reason: 'ambiguous', candidates });
  }
  for (const person of trust.people.filter((each) => each.nhsmail?.link === 'name' && leftOrDisabled(each))) {
    const address = personAddress(person);
    unmatched.push({ email: (person.nhsmail as NhsmailAccount).address, reason: 'not-current', candidates: address ? [address] : [] });
  }
  return unmatched.sort((a, b) => a.email.localeCompare(b.email));
}

export function allAudienceNames(): string[] {
  // biome-ignore format: a list of data reads better packed
  const fixed = [
    'all-staff', 'local-email-users', 'nhsmail-users', 'mobile-users', 'email-programme-users', 'over-quota', 'nearing-quota',
    'helpdesk', 'application-owners', 'dl-owners', 'shared-mailbox-users', 'shared-mailbox-owners', 'migrated', 'failed',
  ];
  return [...fixed, ...WAVES.flatMap((wave) => [`wave:${wave}`, `migrated:${wave}`, `failed:${wave}`])];
}
