/** Names, departments and roles of the fictional Northmoor Hospitals NHS Foundation Trust. */

// biome-ignore format: a list of data reads better packed
export const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Florence', 'Emily',
  'Ella', 'Poppy', 'Evie', 'Sienna', 'Harper', 'Charlotte', 'Sarah', 'Emma', 'Rachel', 'Hannah', 'Laura', 'Claire', 'Nicola',
  'Helen', 'Joanne', 'Karen', 'Amanda', 'Susan', 'Gemma', 'Kelly', 'Priya', 'Aisha', 'Fatima', 'Mei', 'Chiamaka', 'Ngozi',
  'Noah', 'Oliver', 'George', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theodore', 'Freddie', 'Jack',
  'Charlie', 'Thomas', 'James', 'William', 'Daniel', 'David', 'Michael', 'Paul', 'Mark', 'Andrew', 'Richard', 'Stephen', 'Robert',
  'Christopher', 'Matthew', 'Gareth', 'Rhys', 'Owen', 'Callum', 'Ravi', 'Arjun', 'Imran', 'Kwame', 'Tomasz', 'Piotr', 'Ahmed',
  // Names the ASCII exports mangle.
  'Zoë', 'Siân', 'Seán', 'José', 'Chloë', 'Łukasz', 'Renée', 'Aoife', 'Niamh', 'Bartłomiej', 'Françoise', 'Søren', 'Eóin',
];

// biome-ignore format: a list of data reads better packed
export const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson',
  'Thompson', 'Wright', 'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson',
  'Wood', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan',
  'Allen', 'James', 'Scott', 'Phillips', 'Watson', 'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell',
  'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell', 'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan',
  'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson', 'Foster', 'Chapman', 'Powell', 'Webb',
  'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'Holmes', 'Mills', 'Barnes',
  'Okafor', 'Adeyemi', 'Nowak', 'Kowalski', 'Wiśniewski', 'Zieliński', 'Chowdhury', 'Sharma', 'Nguyen', 'Chen', 'Müller',
  "O'Brien", "O'Connor", "D'Souza", "O'Neill", 'Smith-Jones', 'Lloyd-Davies', 'Ashworth-Brown', 'Núñez', 'Gómez', 'Brontë',
];

/** ESR organisations: a cost-centre code, then the name, as ESR prints them. */
// biome-ignore format: a list of data reads better packed
export const ORGANISATIONS = [
  '101 Emergency Department', '102 Acute Medicine', '113 Cardiology', '118 Respiratory Medicine', '121 Gastroenterology',
  '130 General Surgery', '134 Trauma and Orthopaedics', '140 Theatres', '145 Critical Care', '150 Paediatrics', '155 Maternity',
  '160 Radiology', '162 Pathology', '168 Pharmacy', '170 Physiotherapy', '175 Outpatients', '180 Ward 7', '181 Ward 12',
  '210 Community Nursing', '220 Mental Health Liaison', '301 Finance', '305 Human Resources', '310 Estates and Facilities',
  '315 Information Technology', '320 Medical Records', '325 Procurement', '330 Corporate Governance',
];

// biome-ignore format: a list of data reads better packed
export const JOB_ROLES = [
  'Staff Nurse', 'Sister/Charge Nurse', 'Healthcare Assistant', 'Consultant', 'Specialty Registrar', 'Foundation Year 2',
  'Physiotherapist', 'Pharmacist', 'Pharmacy Technician', 'Radiographer - Diagnostic', 'Biomedical Scientist', 'Midwife',
  'Medical Secretary', 'Administrator', 'Receptionist', 'Manager', 'Finance Officer', 'HR Advisor', 'Porter', 'Domestic',
  'IT Technician', 'Service Desk Analyst', 'Clinical Coder', 'Estates Officer',
];

export const TITLES_FOR_MOST = ['Mr', 'Mrs', 'Ms', 'Miss', 'Mr', 'Mrs', 'Ms'];

/** How Exchange and NHSmail addresses spell a name: accents dropped, apostrophes and spaces removed, lower case. */
export function addressPart(name: string): string {
  return name
    .replace(/[Łł]/g, (letter) => (letter === 'Ł' ? 'L' : 'l'))
    .replace(/[Øø]/g, (letter) => (letter === 'Ø' ? 'O' : 'o'))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’\s]/g, '')
    .toLowerCase();
}

/** A name as the rules compare it: case, accents and extra spaces ignored. */
export function comparableName(firstName: string, lastName: string): string {
  return `${addressPart(lastName)}|${addressPart(firstName)}`;
}

/** Contractors, agency, honorary and bank staff come from lists of their own, so some share a name with staff. */
export const NON_STAFF_KINDS = [
  ['contractor', 40],
  ['agency', 25],
  ['honorary', 20],
  ['bank', 15],
] as const;

/** Surnames no generated person has, for people renamed so that no row fits a stranger's mailbox by chance. */
// biome-ignore format: a list of data reads better packed
export const RARE_SURNAMES = [
  'Aspinall', 'Bickerstaffe', 'Cropper', 'Dewhurst', 'Eccleston', 'Fazackerley', 'Gornall', 'Hesketh', 'Ibbotson', 'Jolliffe',
  'Kenyon', 'Lomax', 'Marsden', 'Nuttall', 'Openshaw', 'Pennington', 'Rimmer', 'Shuttleworth', 'Tattersall', 'Unsworth',
  'Vose', 'Whittle', 'Yarwood', 'Ainscough', 'Birtwistle', 'Catterall', 'Duxbury', 'Fairclough', 'Grimshaw', 'Holden',
];

/**
 * A name as the linking rules compare it: accents and case folded, apostrophes and extra spaces dropped.
 * A `?` (a letter lost to an ANSI or ASCII save) is kept, and `namesFit` lets it stand for any one letter.
 */
export function foldedName(text: string): string {
  return text
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/['’]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Surname and first forename, folded: `nowak|lukasz`. */
export function nameKey(firstName: string, lastName: string): string {
  return `${foldedName(lastName)}|${foldedName(firstName).split(' ')[0] ?? ''}`;
}

/** The name key of a mailbox display name, `Forename Surname` or `Surname, Forename`. */
export function displayNameKey(displayName: string): string {
  const comma = displayName.indexOf(',');
  if (comma >= 0) return nameKey(displayName.slice(comma + 1), displayName.slice(0, comma));
  const words = displayName.trim().split(/\s+/);
  return nameKey(words[0] ?? '', words.slice(1).join(' '));
}

/** Two name keys fit when they are equal, a `?` on either side standing for any one letter. */
export function namesFit(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) {
    if (a[index] !== b[index] && a[index] !== '?' && b[index] !== '?') return false;
  }
  return true;
}

export function isAscii(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}
