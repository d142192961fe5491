import { asciiAsPowerShellWritesIt } from '../../src/directory/export-csv.js';
import { deviceIdentity } from './exchange-exports.js';
import { leftByToday, linkStaffRows, type StaffLinks } from './staff-links.js';
import { GB, MB, type NhsmailAccount, type Person, type StaffListEntry, TODAY, type Trust, WAVES } from './trust-types.js';

/**
 * Every audience's right answer on 2026-11-24, worked out from the model (never from the files) by the
 * rules of issue 17 and /work/notes/interface.md over docs/who-is-in-each-audience.md:
 * - an enabled user mailbox is a current person unless its account is disabled or the staff row that
 *   is theirs says they have left; not being on the staff list is not leaving (`not_on_staff_list`);
 * - a staff row with no address or a personal one is theirs when staff-links.ts links it;
 * - a person's ESR facts (wave, flags, NHSmail yes/no) come from the row that is theirs; without one
 *   they get NHSmail (nobody said otherwise) and are in no wave: the migration batch IT put a contractor
 *   in is not a wave to commsplan, whose waves come from the staff list.
 */

export interface UnmatchedAccount {
  email: string;
  reason: 'ambiguous' | 'not-current' | 'no-match';
  candidates: string[];
}

export interface UnmatchedRow {
  employeeNumber: string;
  reason: 'ambiguous' | 'not-current' | 'no-match';
  candidates: string[];
}

type NotCurrentReason = 'disabled' | 'left' | 'not on the staff list';

/** One person as the rules see them: a mailbox and the row that is theirs, or a row or account alone. */
export interface RulePerson {
  /** The model person whose mailbox (or, without one, whose row) this is. */
  holder: Person;
  row?: StaffListEntry;
  /** The model person the row belongs to (the holder, when linked as it should be). */
  rowPerson?: Person;
  address: string;
  whyNotCurrent?: NotCurrentReason;
  /** Their NHSmail account is theirs by the rules (an address pair, or a name that fits them alone). */
  nhsmailLinked?: boolean;
}

export interface ExpectedAnswers {
  /** Audience name to its members' addresses, lower case and sorted. */
  audiences: Map<string, string[]>;
  /** Current staff rows with no usable address that are linked to no mailbox: counted apart, never emailed. */
  noAddressCount: number;
  noAddressEmployeeNumbers: string[];
  unmatchedRows: UnmatchedRow[];
  unmatched: UnmatchedAccount[];
  /** Address to why that person is not current. */
  notCurrent: Map<string, NotCurrentReason>;
  /** Local addresses of current people with a mailbox and no staff row of theirs. */
  notOnStaffList: string[];
  /** Everyone current with an address, by address. */
  current: Map<string, RulePerson>;
  links: StaffLinks;
}

const MIGRATED = new Set(['Completed', 'CompletedWithWarnings']);
const FAILED = new Set(['Failed', 'IncrementalFailed', 'CompletionFailed', 'Corrupted']);
const MOBILE_ACTIVE_DAYS = 90;
const NEARING_PERCENT = 90;
const DAY_MS = 86_400_000;

export function expectedAnswers(trust: Trust): ExpectedAnswers {
  const links = linkStaffRows(trust);
  const byId = new Map(trust.people.map((person) => [person.id, person]));
  const rowOfMailbox = new Map([...links.linked].map(([rowId, mailboxId]) => [mailboxId, byId.get(rowId) as Person]));
  const rulePeople = trust.people.flatMap((person) => rulePersonOf(person, rowOfMailbox, links));
  const answers: ExpectedAnswers = {
    audiences: new Map(),
    noAddressCount: 0,
    noAddressEmployeeNumbers: [],
    unmatchedRows: [],
    unmatched: unmatchedAccounts(trust, rulePeople),
    notCurrent: new Map(),
    notOnStaffList: [],
    current: new Map(),
    links,
  };
  const members = new Map<string, Set<string>>();
  const add = (audience: string, address: string) => members.set(audience, (members.get(audience) ?? new Set()).add(address));
  const context = audienceContext(trust, rulePeople);
  for (const person of rulePeople) {
    const account = person.holder.nhsmail;
    if (account && !isLinked(person.holder, rulePeople)) answers.notCurrent.set(account.address, 'not on the staff list');
    if (person.whyNotCurrent) {
      answers.notCurrent.set(person.address, person.whyNotCurrent);
      continue;
    }
    person.nhsmailLinked = account !== undefined && isLinked(person.holder, rulePeople);
    answers.current.set(person.address, person);
    if (person.holder.mailbox && !person.row) answers.notOnStaffList.push(person.address);
    for (const audience of audiencesOf(person, context, rulePeople)) add(audience, person.address);
  }
  for (const stray of trust.strayAccounts) answers.notCurrent.set(stray.address, 'not on the staff list');
  for (const unlinked of links.unlinked) {
    const row = byId.get(unlinked.rowPersonId) as Person & { staffList: StaffListEntry };
    const employeeNumber = String(row.staffList.employeeNumber);
    answers.noAddressEmployeeNumbers.push(employeeNumber);
    const candidates = unlinked.candidateIds.map((id) => (byId.get(id)?.mailbox?.address ?? '').toLowerCase()).sort();
    answers.unmatchedRows.push({ employeeNumber, reason: unlinked.reason, candidates });
  }
  answers.noAddressCount = answers.noAddressEmployeeNumbers.length;
  answers.noAddressEmployeeNumbers.sort();
  answers.unmatchedRows.sort((a, b) => a.employeeNumber.localeCompare(b.employeeNumber));
  answers.notOnStaffList.sort();
  for (const name of allAudienceNames()) answers.audiences.set(name, [...(members.get(name) ?? [])].sort());
  return answers;
}

function rulePersonOf(person: Person, rowOfMailbox: Map<number, Person>, links: StaffLinks): RulePerson[] {
  const staff = person.staffList;
  if (person.mailbox) {
    const own = staff && !links.linked.has(person.id) && !links.unlinked.some((row) => row.rowPersonId === person.id);
    const rowPerson = own ? person : rowOfMailbox.get(person.id);
    const row = rowPerson?.staffList;
    const whyNotCurrent = person.mailbox.disabled ? 'disabled' : row && rowPerson && leftByToday(rowPerson) ? 'left' : undefined;
    return [{ holder: person, row, rowPerson, address: person.mailbox.address.toLowerCase(), whyNotCurrent }];
  }
  if (staff?.email?.toLowerCase().endsWith('@nhs.net')) {
    const whyNotCurrent = leftByToday(person) ? 'left' : undefined;
    return [{ holder: person, row: staff, rowPerson: person, address: staff.email.toLowerCase(), whyNotCurrent }];
  }
  return []; // a row with no address and no mailbox of its own: counted apart if not linked
}

/** "An NHSmail account linked to no one is a person of its own": only these links tie an account to its person. */
function isLinked(person: Person, rulePeople: RulePerson[]): boolean {
  const link = person.nhsmail?.link;
  if (link === 'address-map' || link === 'same-address') return true;
  return link === 'name' && rulePeople.some((each) => each.holder === person && each.whyNotCurrent === undefined);
}

interface AudienceContext {
  fullAccessIds: Set<number>;
  ownerIds: Set<number>;
  mobileIds: Set<number>;
}

function audienceContext(trust: Trust, _rulePeople: RulePerson[]): AudienceContext {
  return {
    fullAccessIds: sharedMailboxFullAccess(trust),
    ownerIds: new Set(trust.resources.filter((each) => each.type === 'SharedMailbox').flatMap((each) => each.ownerIds)),
    mobileIds: mobileUsers(trust),
  };
}

function audiencesOf(person: RulePerson, context: AudienceContext, rulePeople: RulePerson[]): string[] {
  const { holder, row } = person;
  const names = ['all-staff'];
  if (row && !row.getsNhsmail) return names; // "NHSmail Account = No are in all-staff only"
  const status = holder.migrationStatus ?? '';
  const migrated = MIGRATED.has(status);
  const failed = FAILED.has(status);
  const account = isLinked(holder, rulePeople) ? holder.nhsmail : undefined;
  const when = (condition: boolean | undefined, ...audiences: string[]) => {
    if (condition) names.push(...audiences);
  };
  when(holder.mailbox !== undefined, 'local-email-users');
  when(account !== undefined, 'nhsmail-users');
  when(context.mobileIds.has(holder.id), 'mobile-users');
  when(row?.outlookUser, 'email-programme-users');
  const quota = quotaAudience(holder, account, migrated);
  when(quota !== undefined, quota as string);
  when(row?.helpdesk, 'helpdesk');
  when(row?.applicationOwner, 'application-owners');
  when(row?.dlOwner, 'dl-owners');
  when(context.fullAccessIds.has(holder.id), 'shared-mailbox-users');
  when(context.ownerIds.has(holder.id), 'shared-mailbox-owners');
  when(migrated, 'migrated');
  when(failed, 'failed');
  when(row?.wave !== undefined && !migrated, `wave:${row?.wave}`);
  when(row?.wave !== undefined && migrated, `migrated:${row?.wave}`);
  when(row?.wave !== undefined && failed, `failed:${row?.wave}`);
  return names;
}

function quotaAudience(holder: Person, account: NhsmailAccount | undefined, migrated: boolean): string | undefined {
  if (!holder.mailbox || migrated) return undefined;
  const total = holder.mailbox.itemBytes + (account ? account.sizeMb * MB : 0);
  const quota = account ? account.quotaMb * MB : 4 * GB;
  if (total > quota) return 'over-quota';
  if (total * 100 >= quota * NEARING_PERCENT) return 'nearing-quota';
  return undefined;
}

/**
 * Whose devices count: a device row names its mailbox by the part of its Identity before
 * `ExchangeActiveSyncDevices`: a GUID (the mailbox's ExchangeGuid), or a path ending in the AD name,
 * which the mailbox export's `Name` column gives. A name two accounts share (in different OUs, which the
 * export does not show) fits both: that row is ambiguous and counts for no one. Names are compared as
 * both ASCII exports spell them.
 */
export function resolveDeviceOwners(trust: Trust): { owners: Map<string, number>; ambiguous: string[] } {
  const mailboxes = trust.people.filter((person) => person.mailbox);
  const byName = new Map<string, number[]>();
  for (const person of mailboxes) {
    const name = asciiAsPowerShellWritesIt(person.mailbox?.name ?? '').toLowerCase();
    byName.set(name, [...(byName.get(name) ?? []), person.id]);
  }
  const byGuid = new Map(mailboxes.map((person) => [person.mailbox?.guid as string, person.id]));
  const owners = new Map<string, number>();
  const ambiguous: string[] = [];
  for (const person of mailboxes) {
    for (const device of person.devices) {
      const identity = asciiAsPowerShellWritesIt(deviceIdentity(person.mailbox as NonNullable<Person['mailbox']>, device));
      const mailboxPart = identity.split(/[\\/]ExchangeActiveSyncDevices[\\/]/)[0] as string;
      const fitting = byGuid.has(mailboxPart)
        ? [byGuid.get(mailboxPart) as number]
        : (byName.get((mailboxPart.split('/').pop() as string).toLowerCase()) ?? []);
      if (fitting.length === 1) owners.set(identity, fitting[0] as number);
      else ambiguous.push(identity);
    }
  }
  return { owners, ambiguous };
}

function mobileUsers(trust: Trust): Set<number> {
  const cutoff = Date.parse(`${TODAY}T00:00:00Z`) - MOBILE_ACTIVE_DAYS * DAY_MS;
  const { owners } = resolveDeviceOwners(trust);
  const ids = new Set<number>();
  for (const person of trust.people.filter((each) => each.mailbox)) {
    for (const device of person.devices) {
      const identity = asciiAsPowerShellWritesIt(deviceIdentity(person.mailbox as NonNullable<Person['mailbox']>, device));
      const owner = owners.get(identity);
      if (owner !== undefined && device.lastSuccessSync && device.lastSuccessSync.getTime() >= cutoff) ids.add(owner);
    }
  }
  return ids;
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
function unmatchedAccounts(trust: Trust, rulePeople: RulePerson[]): UnmatchedAccount[] {
  const addressOf = (person: Person) => rulePeople.find((each) => each.holder === person)?.address;
  const unmatched: UnmatchedAccount[] = trust.strayAccounts.map((account) => ({
    email: account.address,
    reason: 'no-match',
    candidates: [],
  }));
  for (const person of trust.people.filter((each) => each.nhsmail?.link === 'ambiguous')) {
    const namesakes = trust.people.filter(
      (other) => other.firstName === person.firstName && other.lastName === person.lastName && !isLinked(other, rulePeople),
    );
    const candidates = namesakes.map((namesake) => addressOf(namesake) as string).sort();
    unmatched.push({ email: (person.nhsmail as NhsmailAccount).address, reason: 'ambiguous', candidates });
  }
  for (const person of trust.people.filter((each) => each.nhsmail?.link === 'name' && !isLinked(each, rulePeople))) {
    const address = addressOf(person);
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
