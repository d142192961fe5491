/**
 * The made-up staff of the demo trust: a few hundred people with the variety a real trust has
 * (big mailboxes, phones, shared mailboxes, helpdesk staff, leavers). Pure and deterministic:
 * the same seed and `now` always give the same people. Every address is at the demo's
 * `.example` domain, which can never reach anyone.
 */

import { SeededRandom } from '../shared/seeded-random.js';

const DEMO_DOMAIN = 'northmoor-valley.example';
export const DEMO_ALL_STAFF_ADDRESS = `all.staff@${DEMO_DOMAIN}`;
const GB = 1024 ** 3;
const DAY_MS = 86_400_000;

export interface DemoDevice {
  model: string;
  os: string;
  /** When it last synced the mailbox: recent phones count as mobile users, old ones do not. */
  lastSync: Date;
}

export interface DemoPerson {
  firstName: string;
  lastName: string;
  email: string;
  samAccountName: string;
  guid: string;
  employeeNumber: string;
  department: string;
  jobRole: string;
  wave: string;
  mailboxBytes: number;
  devices: DemoDevice[];
  /** Display names of the shared mailboxes this person has full access to. */
  sharedMailboxes: string[];
  helpdesk: boolean;
  applicationOwner: boolean;
  dlOwner: boolean;
  outlookUser: boolean;
  getsNhsmail: boolean;
  /** On the staff list with this leaving date (before `now`): a leaver whose mailbox is still there. */
  leftOn?: Date;
  /** The account is disabled and HR no longer lists them: shown apart, in no audience. */
  disabled: boolean;
  /** On the staff list without an email address (bank staff): counted, never emailed. */
  noAddress: boolean;
}

export interface DemoSharedMailbox {
  displayName: string;
  email: string;
  samAccountName: string;
  guid: string;
  /** Addresses of the people named as its owners. */
  owners: string[];
}

interface Department {
  name: string;
  wave: string;
  roles: string[];
  share: number;
}

const DEPARTMENTS: Department[] = [
  { name: 'Corporate communications', wave: 'Wave 1', roles: ['Communications officer', 'Web editor'], share: 3 },
  { name: 'IT services', wave: 'Wave 1', roles: ['Service desk analyst', 'Infrastructure engineer', 'Applications analyst'], share: 6 },
  { name: 'Finance and procurement', wave: 'Wave 1', roles: ['Finance officer', 'Buyer', 'Management accountant'], share: 6 },
  { name: 'Community nursing', wave: 'Wave 2', roles: ['District nurse', 'Community matron', 'Healthcare assistant'], share: 16 },
  { name: 'Therapies', wave: 'Wave 2', roles: ['Physiotherapist', 'Occupational therapist', 'Speech and language therapist'], share: 9 },
  { name: 'Outpatients', wave: 'Wave 3', roles: ['Booking clerk', 'Outpatient nurse', 'Medical secretary'], share: 12 },
  { name: 'Pharmacy', wave: 'Wave 3', roles: ['Pharmacist', 'Pharmacy technician'], share: 6 },
  { name: 'Surgery and theatres', wave: 'Wave 3', roles: ['Consultant surgeon', 'Theatre practitioner', 'Ward sister'], share: 14 },
  { name: 'Emergency department', wave: 'Wave 4', roles: ['Emergency nurse', 'Emergency physician', 'Receptionist'], share: 16 },
  { name: "Women's and children's services", wave: 'Wave 4', roles: ['Midwife', 'Paediatric nurse', 'Health visitor'], share: 12 },
];

// biome-ignore format: a list of data reads better packed
const FIRST_NAMES = [
  'Alys', 'Bryony', 'Cerys', 'Delyth', 'Elin', 'Ffion', 'Gwen', 'Hollie', 'Imogen', 'Jodie', 'Kirsty', 'Lowri', 'Megan', 'Nia',
  'Orla', 'Petra', 'Rhian', 'Sian', 'Tegan', 'Una', 'Verity', 'Wendy', 'Yasmin', 'Zara', 'Amir', 'Bilal', 'Ciaran', 'Dafydd',
  'Emeka', 'Farid', 'Gethin', 'Hamish', 'Idris', 'Jago', 'Kofi', 'Lachlan', 'Marek', 'Niall', 'Osian', 'Pawel', 'Quentin',
  'Rory', 'Sanjay', 'Tariq', 'Usman', 'Vikram', 'Wyn', 'Yusuf',
];

// biome-ignore format: a list of data reads better packed
const LAST_NAMES = [
  'Abbott', 'Birtwistle', 'Calloway', 'Dunmore', 'Eastwood', 'Fairclough', 'Gilchrist', 'Hargreaves', 'Ingleby', 'Jowett',
  'Kettlewell', 'Lumb', 'Marsden', 'Nuttall', 'Oldroyd', 'Pickles', 'Quarmby', 'Rushworth', 'Sugden', 'Thackray', 'Uttley',
  'Varley', 'Whiteley', 'Yeadon', 'Ackroyd', 'Brearley', 'Crowther', 'Dyson', 'Greenwood', 'Haigh', 'Illingworth', 'Lister',
  'Mallinson', 'Naylor', 'Priestley', 'Redman', 'Stansfield', 'Tetley', 'Wadsworth', 'Bhatti', 'Mirza', 'Adebayo', 'Mensah',
  'Kaminski', 'Novak', 'Desai', 'Iqbal', 'Mahmood',
];

const SHARED_MAILBOXES = [
  { displayName: 'Outpatient Bookings', alias: 'outpatients.bookings', department: 'Outpatients', owner: 'dana.hughes' },
  { displayName: 'Pharmacy Queries', alias: 'pharmacy.queries', department: 'Pharmacy', owner: 'imran.qureshi' },
  { displayName: 'Community Referrals', alias: 'community.referrals', department: 'Community nursing', owner: 'aisha.begum' },
  { displayName: 'IT Service Desk', alias: 'it.helpdesk', department: 'IT services', owner: 'aisha.begum' },
];

/** The people the demo's plan names (activity owners, shared-mailbox owners), with their roles. */
const NAMED_PEOPLE = [
  ['Priya', 'Shah', 'Corporate communications', 'Head of communications'],
  ['Tom', 'Okafor', 'Corporate communications', 'Communications officer'],
  ['Gareth', 'Lewis', 'IT services', 'NHSmail project manager'],
  ['Aisha', 'Begum', 'IT services', 'Service desk manager'],
  ['Dana', 'Hughes', 'Outpatients', 'Outpatients manager'],
  ['Imran', 'Qureshi', 'Pharmacy', 'Chief pharmacist'],
] as const;

const PHONES = [
  { model: 'iPhone15,2', os: 'iOS 17.6.1 21G93' },
  { model: 'SM-A546B', os: 'Android 14.0.0' },
  { model: 'iPad13,18', os: 'iPadOS 17.5 21F79' },
];

const addressPart = (name: string) => name.toLowerCase().replace(/[^a-z]/g, '');

/** The demo's staff, shared mailboxes and their owners, as of `now`. */
export function demoPeople(now: Date, seed = 20_270_114): { people: DemoPerson[]; sharedMailboxes: DemoSharedMailbox[] } {
  const random = new SeededRandom(seed);
  const daysAgo = (from: number, to: number) => new Date(now.getTime() - (from + random.next() * (to - from)) * DAY_MS);
  const taken = new Set<string>();
  const people: DemoPerson[] = [];
  const departments = DEPARTMENTS.flatMap((department) => Array.from({ length: department.share }, () => department));

  const addPerson = (firstName: string, lastName: string, department: Department, jobRole: string): DemoPerson => {
    let local = `${addressPart(firstName)}.${addressPart(lastName)}`;
    for (let n = 2; taken.has(local); n++) local = `${addressPart(firstName)}.${addressPart(lastName)}${n}`;
    taken.add(local);
    const size = random.next();
    // About one in fourteen over the 4 GB quota, one in eleven nearing it (90% or more), the rest well under.
    const mailboxBytes = Math.round(
      size < 0.07 ? (4.2 + random.next() * 3) * GB : size < 0.16 ? (3.65 + random.next() * 0.3) * GB : (0.05 + random.next() * 3.2) * GB,
    );
    const devices: DemoDevice[] = [];
    if (random.chance(0.42)) devices.push({ ...random.pick(PHONES), lastSync: daysAgo(0.1, 20) });
    if (random.chance(0.08)) devices.push({ ...random.pick(PHONES), lastSync: daysAgo(160, 300) });
    const shared = SHARED_MAILBOXES.filter((box) => box.department === department.name && random.chance(0.35)).map(
      (box) => box.displayName,
    );
    const person: DemoPerson = {
      firstName,
      lastName,
      email: `${local}@${DEMO_DOMAIN}`,
      samAccountName: local.slice(0, 20),
      guid: random.guid(),
      employeeNumber: String(30_000_000 + people.length * 7919),
      department: department.name,
      jobRole,
      wave: department.wave,
      mailboxBytes,
      devices,
      sharedMailboxes: shared,
      helpdesk: jobRole === 'Service desk analyst' || jobRole === 'Service desk manager',
      applicationOwner: jobRole === 'Applications analyst' || random.chance(0.02),
      dlOwner: random.chance(0.04),
      outlookUser: random.chance(0.55),
      getsNhsmail: true,
      disabled: false,
      noAddress: false,
    };
    people.push(person);
    return person;
  };

  for (const [first, last, departmentName, role] of NAMED_PEOPLE)
    addPerson(first, last, DEPARTMENTS.find((d) => d.name === departmentName) as Department, role);
  (people[0] as DemoPerson).dlOwner = true;
  (people[2] as DemoPerson).applicationOwner = true;
  while (people.length < 320) {
    const department = random.pick(departments);
    addPerson(random.pick(FIRST_NAMES), random.pick(LAST_NAMES), department, random.pick(department.roles));
  }
  // Those shown apart: three leavers, two disabled accounts, two bank staff with no address, and
  // two honorary contracts that will not get NHSmail (all-staff only).
  for (const index of [40, 95, 150]) (people[index] as DemoPerson).leftOn = daysAgo(10, 60);
  for (const index of [60, 210]) (people[index] as DemoPerson).disabled = true;
  for (const index of [75, 260]) (people[index] as DemoPerson).noAddress = true;
  for (const index of [120, 300]) (people[index] as DemoPerson).getsNhsmail = false;

  const sharedMailboxes = SHARED_MAILBOXES.map((box) => ({
    displayName: box.displayName,
    email: `${box.alias}@${DEMO_DOMAIN}`,
    samAccountName: box.alias.replace('.', '').slice(0, 20),
    guid: random.guid(),
    owners: [`${box.owner}@${DEMO_DOMAIN}`],
  }));
  return { people, sharedMailboxes };
}
