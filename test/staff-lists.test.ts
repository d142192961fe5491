import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDriver } from '../src/store/sqlite-driver.js';
import { cliSandbox } from './support/cli-harness.js';

/**
 * Staff lists as HR exports them from ESR (the NHS Electronic Staff Record, built on Oracle HR):
 * a report title and run details above the column names, one row per assignment (a second
 * assignment numbered `20412345-2`), a Title column of Mr, Mrs or Dr, the team in
 * Organisation, and staff with no email address.
 */

let sandbox: ReturnType<typeof cliSandbox>;
beforeEach(async () => {
  sandbox = cliSandbox();
  await sandbox.run('init', '--org', 'Eastbrook', '--start', '2026-12-07');
});
afterEach(() => sandbox.cleanup());

const ESR_COLUMNS = [
  'Employee Number',
  'Assignment Number',
  'Title',
  'Last Name',
  'First Name',
  'Organisation',
  'Position Title',
  'Primary Assignment',
  'Assignment Category',
  'Email Address',
  'Projected Leaving Date',
  'NHSmail Account',
];

type Cell = string | number | Date | { formula: string; result: string } | undefined;

/** Ada's bank assignment comes first; her primary one, second. Carys has no address. */
const ESR_ROWS: Cell[][] = [
  ['20412345', '20412345-2', 'Mrs', 'Okafor', 'Ada', '153 Bank Nursing', 'Bank Nurse', 'No', 'Bank', 'ada.okafor@eastbrook.nhs.uk'],
  [
    '20412345',
    '20412345',
    'Mrs',
    'Okafor',
    'Ada',
    '153 Ward 7 Acute Medicine',
    'Staff Nurse',
    'Yes',
    'Permanent',
    'ada.okafor@eastbrook.nhs.uk',
  ],
  [
    '20498765',
    '20498765',
    'Dr',
    'Hughes',
    'Ben',
    '153 Anaesthetics',
    'Consultant Anaesthetist',
    'Yes',
    'Permanent',
    'ben.hughes@eastbrook.nhs.uk',
    new Date(Date.UTC(2027, 2, 31)),
  ],
  ['20411111', '20411111', 'Ms', 'Evans', 'Carys', '153 Hotel Services', 'Domestic Assistant', 'Yes', 'Permanent'],
  [
    '20455555',
    '20455555',
    'Mr',
    { formula: 'PROPER("PATEL")', result: 'Patel' },
    'Dev',
    '153 Pharmacy',
    'Pharmacy Technician',
    'Yes',
    'Fixed Term Temp',
    'dev.patel@eastbrook.nhs.uk',
    undefined,
    'No',
  ],
  ['20411111', '20411111-2', 'Ms', 'Evans', 'Carys', '153 Catering', 'Catering Assistant', 'No', 'Bank'],
];

/** A workbook as Excel saves a report pasted under a title: cells it never filled are not written at all. */
async function writeEsrWorkbook(name: string, rows: Cell[][] = ESR_ROWS): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Staff List');
  sheet.getCell('A1').value = 'ESR Staff List - run 03/11/2026';
  sheet.getCell('A2').value = 'Organisation: 153 Eastbrook Hospitals NHS Trust';
  sheet.getRow(4).values = ESR_COLUMNS;
  rows.forEach((cells, index) => {
    const row = sheet.getRow(5 + index);
    cells.forEach((value, column) => {
      if (value === undefined) return;
      const cell = row.getCell(column + 1);
      cell.value = value;
      if (value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
    });
  });
  // What Excel leaves below a list: a cell with a space in it, and formatted cells holding nothing.
  const end = 5 + rows.length + 1;
  sheet.getCell(`B${end}`).value = ' ';
  sheet.getCell(`C${end + 1}`).numFmt = 'dd/mm/yyyy';
  sheet.getCell(`C${end + 1}`).value = '';
  await workbook.xlsx.writeFile(join(sandbox.dir, name));
  return name;
}

function write(name: string, content: string): string {
  writeFileSync(join(sandbox.dir, name), content);
  return name;
}

async function importJson(...args: string[]) {
  const result = await sandbox.run('import', ...args, '--json');
  return { code: result.code, ...JSON.parse(result.stdout) };
}

function query<T>(statement: string): T[] {
  const db = new SqliteDriver(join(sandbox.dir, 'commsplan.db'), { readonly: true });
  try {
    return db.prepare(statement).all() as T[];
  } finally {
    db.close();
  }
}

interface StoredPerson {
  email: string;
  last_name: string;
  department: string;
  job_role: string | null;
  employee_number: string | null;
  leaving_date: string | null;
  gets_nhsmail: number;
}

const storedPeople = () =>
  query<StoredPerson>(
    'SELECT email, last_name, department, job_role, employee_number, leaving_date, gets_nhsmail FROM people ORDER BY email',
  );
const storedWithoutAddress = () =>
  query<{ staff_key: string; last_name: string; department: string; job_role: string }>(
    'SELECT staff_key, last_name, department, job_role FROM staff_without_address ORDER BY staff_key',
  );

describe('an ESR staff list saved from Excel', () => {
  it('imports with no --skip-invalid: title rows skipped, assignments merged, staff without an address kept', async () => {
    const result = await importJson('auto', await writeEsrWorkbook('esr.xlsx'));
    expect(result).toMatchObject({ code: 0, kind: 'people', committed: true, errors: 0, rowsRead: 6, added: 3 });
    expect([result.headerRow, result.mergedRows, result.staffWithoutAddress]).toEqual([4, 2, 1]);
    expect(result.notices).toEqual([
      'esr.xlsx: the column names were found on row 4, so the 2 rows above (titles or report details) were skipped.',
      "2 rows were further assignments of someone listed on another row, and were merged into that person (the primary assignment's details were kept, else the first row's).",
      '1 member of staff has no email address on the staff list.',
      'Staff with no work email address cannot be emailed until the mailbox list is imported (commsplan import mailboxes FILE): each is then matched to their mailbox by employee number or name.',
    ]);
    expect(storedPeople()).toEqual([
      {
        email: 'ada.okafor@eastbrook.nhs.uk',
        last_name: 'Okafor',
        department: '153 Ward 7 Acute Medicine',
        job_role: 'Staff Nurse',
        employee_number: '20412345',
        leaving_date: null,
        gets_nhsmail: 1,
      },
      {
        email: 'ben.hughes@eastbrook.nhs.uk',
        last_name: 'Hughes',
        department: '153 Anaesthetics',
        job_role: 'Consultant Anaesthetist',
        employee_number: '20498765',
        leaving_date: '2027-03-31',
        gets_nhsmail: 1,
      },
      {
        email: 'dev.patel@eastbrook.nhs.uk',
        last_name: 'Patel',
        department: '153 Pharmacy',
        job_role: 'Pharmacy Technician',
        employee_number: '20455555',
        leaving_date: null,
        gets_nhsmail: 0,
      },
    ]);
    expect(storedWithoutAddress()).toEqual([
      { staff_key: '20411111', last_name: 'Evans', department: '153 Hotel Services', job_role: 'Domestic Assistant' },
    ]);
  });

  it('says on screen where the header was and how many staff have no address', async () => {
    const result = await sandbox.run('import', 'people', await writeEsrWorkbook('esr.xlsx'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Imported people from esr.xlsx: 6 rows read; 3 added, 0 changed, 0 unchanged, 0 removed.');
    expect(result.stdout).toContain('the column names were found on row 4');
    expect(result.stdout).toContain('1 member of staff has no email address on the staff list.');
  });

  it('names problems by the row Excel shows, below the title rows', async () => {
    const rows = [...ESR_ROWS];
    rows[2] = [...(rows[2] as Cell[])];
    (rows[2] as Cell[])[9] = 'ben.hughes@eastbrook';
    const refused = await sandbox.run('import', 'people', await writeEsrWorkbook('esr.xlsx', rows));
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('row 7, Email Address "ben.hughes@eastbrook" is not a valid email address');
  });

  it('counts a re-import as unchanged, and a change to a primary assignment as one change', async () => {
    await importJson('people', await writeEsrWorkbook('esr.xlsx'));
    expect(await importJson('people', 'esr.xlsx')).toMatchObject({ added: 0, changed: 0, unchanged: 3, mergedRows: 2 });
    const moved = ESR_ROWS.map((cells) => [...cells]);
    (moved[0] as Cell[])[5] = '153 Bank Nursing (Nights)';
    expect(await importJson('people', await writeEsrWorkbook('secondary-moved.xlsx', moved))).toMatchObject({
      added: 0,
      changed: 0,
      unchanged: 3,
    });
    (moved[1] as Cell[])[5] = '153 Ward 8 Respiratory';
    expect(await importJson('people', await writeEsrWorkbook('primary-moved.xlsx', moved))).toMatchObject({
      added: 0,
      changed: 1,
      unchanged: 2,
    });
    expect(storedPeople()[0]?.department).toBe('153 Ward 8 Respiratory');
  });

  it('keeps the first row of a person when no assignment is marked primary', async () => {
    const unmarked = ESR_ROWS.map((cells) => cells.map((cell, column) => (column === 7 ? undefined : cell)));
    await importJson('people', await writeEsrWorkbook('esr.xlsx', unmarked));
    expect(storedPeople()[0]).toMatchObject({
      email: 'ada.okafor@eastbrook.nhs.uk',
      department: '153 Bank Nursing',
      job_role: 'Bank Nurse',
    });
    expect(storedWithoutAddress()[0]).toMatchObject({ staff_key: '20411111', department: '153 Hotel Services' });
  });
});

describe('the same list as CSV saved from Excel', () => {
  const csv = [
    'ESR Staff List - run 03/11/2026,,,,,,,,,,,',
    '',
    ESR_COLUMNS.join(','),
    '20412345,20412345-2,Mrs,Okafor,Ada,153 Bank Nursing,Bank Nurse,No,Bank,ada.okafor@eastbrook.nhs.uk,,',
    '20412345,20412345,Mrs,Okafor,Ada,153 Ward 7 Acute Medicine,Staff Nurse,Yes,Permanent,ada.okafor@eastbrook.nhs.uk',
    '20498765,20498765,Dr,Hughes,Ben,153 Anaesthetics,Consultant Anaesthetist,Yes,Permanent,ben.hughes@eastbrook.nhs.uk,31/03/2027',
    '20411111,20411111,Ms,Evans,Carys,153 Hotel Services,Domestic Assistant,Yes,Permanent',
    '20455555,20455555,Mr,Patel,Dev,153 Pharmacy,Pharmacy Technician,Yes,Fixed Term Temp,dev.patel@eastbrook.nhs.uk,,No',
    ',,,,,,,,,,,',
    ',,,,,,,,,,,',
  ].join('\r\n');

  it('reads rows whose trailing separators Excel dropped, and leaves out the empty rows at the end', async () => {
    const result = await importJson('auto', write('esr.csv', `${csv}\r\n`));
    expect(result).toMatchObject({ code: 0, kind: 'people', errors: 0, rowsRead: 5, added: 3, mergedRows: 1, staffWithoutAddress: 1 });
    expect(result.headerRow).toBe(3);
    expect(result.notices[0]).toBe(
      'esr.csv: the column names were found on row 3, so the 1 row above (titles or report details) was skipped.',
    );
    expect(storedPeople().map((p) => [p.email, p.department, p.leaving_date, p.gets_nhsmail])).toEqual([
      ['ada.okafor@eastbrook.nhs.uk', '153 Ward 7 Acute Medicine', null, 1],
      ['ben.hughes@eastbrook.nhs.uk', '153 Anaesthetics', '2027-03-31', 1],
      ['dev.patel@eastbrook.nhs.uk', '153 Pharmacy', null, 0],
    ]);
  });

  it('numbers rows as Excel does, counting the empty line under the title', async () => {
    const bad = csv.replace('Consultant Anaesthetist,Yes', 'Consultant Anaesthetist,Perhaps');
    const refused = await sandbox.run('import', 'people', write('esr.csv', bad));
    expect(refused.stdout).toContain('row 6, Primary Assignment "Perhaps" is not yes or no');
    const kept = await importJson('people', 'esr.csv', '--skip-invalid');
    expect(kept).toMatchObject({ committed: true, added: 2, rejected: 1 });
    expect(readFileSync(join(sandbox.dir, 'esr.rejected.csv'), 'utf8')).toContain('Hughes,Ben');
  });
});

describe('who one person is, across rows', () => {
  const header = 'Employee Number,Last Name,First Name,Organisation,Position Title,Primary Assignment,Email Address';

  it.each([
    [
      'two employee numbers on one address',
      ['20400001,Shaw,Tom,153 IT,Analyst,Yes,it.team@eastbrook.nhs.uk', '20400002,Shaw,Tia,153 IT,Analyst,Yes,it.team@eastbrook.nhs.uk'],
      'row 3, Email Address "it.team@eastbrook.nhs.uk" is also the address of employee number "20400001" on row 2: two people cannot share one address',
    ],
    [
      'one employee number with two addresses',
      ['20400001,Shaw,Tom,153 IT,Analyst,Yes,tom.shaw@eastbrook.nhs.uk', '20400001,Shaw,Tom,153 IT,Analyst,No,t.shaw@eastbrook.nhs.uk'],
      'row 3, Employee Number "20400001" is also on row 2 with another address ("tom.shaw@eastbrook.nhs.uk"): one person cannot have two addresses',
    ],
  ])('refuses %s, importing nothing', async (_label, rows, problem) => {
    const refused = await sandbox.run('import', 'people', write('staff.csv', [header, ...rows].join('\n')));
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain(problem);
    expect(storedPeople()).toEqual([]);
  });

  it('gives an assignment row without an address the address of its person, so no one is counted twice', async () => {
    const rows = ['20400001,Shaw,Tom,153 Bank,Bank Analyst,No,', '20400001,Shaw,Tom,153 IT,Analyst,Yes,tom.shaw@eastbrook.nhs.uk'];
    const result = await importJson('people', write('staff.csv', [header, ...rows].join('\n')));
    expect(result).toMatchObject({ added: 1, mergedRows: 1, staffWithoutAddress: 0 });
    expect(storedPeople()[0]).toMatchObject({ department: '153 IT', employee_number: '20400001' });
  });

  it('takes the employee number from the assignment number when there is no employee number column', async () => {
    const rows = [
      'Assignment Number,Last Name,First Name,Email Address',
      '20400001-2,Shaw,Tom,',
      '20400001,Shaw,Tom,tom.shaw@eastbrook.nhs.uk',
    ];
    const result = await importJson('people', write('staff.csv', rows.join('\n')));
    expect(result).toMatchObject({ added: 1, mergedRows: 1, staffWithoutAddress: 0 });
    expect(storedPeople()[0]?.employee_number).toBe('20400001');
  });

  it('still refuses a repeated address in a list with no employee or assignment numbers', async () => {
    const refused = await sandbox.run('import', 'people', write('staff.csv', 'Email,First Name\na@trust.nhs.uk,A\nA@trust.nhs.uk,B\n'));
    expect(refused.stdout).toContain('is a duplicate person: also on row 2');
  });
});

describe('staff with no email address', () => {
  it('are never an error, are keyed by name when there is no employee number, and --replace starts their list afresh', async () => {
    const first = 'Email,First Name,Last Name,Department\n,Ann,Lee,Estates\n,Bob,Ray,Porters\nc@trust.nhs.uk,Cat,Day,IT\n';
    expect(await importJson('people', write('staff.csv', first))).toMatchObject({ code: 0, added: 1, staffWithoutAddress: 2 });
    expect(storedWithoutAddress().map((s) => s.staff_key)).toEqual(['Ann Lee', 'Bob Ray']);

    const second = 'Email,First Name,Last Name,Department\n,Ann,Lee,Estates North\n,Dee,Fox,Porters\nc@trust.nhs.uk,Cat,Day,IT\n';
    await importJson('people', write('staff2.csv', second));
    expect(storedWithoutAddress().map((s) => [s.staff_key, s.department])).toEqual([
      ['Ann Lee', 'Estates North'],
      ['Bob Ray', 'Porters'],
      ['Dee Fox', 'Porters'],
    ]);

    expect(await importJson('people', 'staff2.csv', '--replace')).toMatchObject({ code: 0, staffWithoutAddress: 2 });
    expect(storedWithoutAddress().map((s) => s.staff_key)).toEqual(['Ann Lee', 'Dee Fox']);
  });

  it('leave the no-address list once a later list gives them an address', async () => {
    const header = 'Employee Number,First Name,Last Name,Email Address';
    await importJson('people', write('staff.csv', `${header}\n20400001,Ann,Lee,\n`));
    expect(storedWithoutAddress().map((s) => s.staff_key)).toEqual(['20400001']);
    await importJson('people', write('staff2.csv', `${header}\n20400001,Ann,Lee,ann.lee@trust.nhs.uk\n`));
    expect(storedWithoutAddress()).toEqual([]);
    await importJson('people', write('staff3.csv', `${header}\n20400001,Ann,Lee,\n`));
    expect(storedWithoutAddress()).toEqual([]);
    expect(storedPeople().map((p) => p.email)).toEqual(['ann.lee@trust.nhs.uk']);
  });

  it('must still say who they are', async () => {
    const refused = await sandbox.run('import', 'people', write('staff.csv', 'Email,Department\n,Estates\na@trust.nhs.uk,IT\n'));
    expect(refused.stdout).toContain('row 2, Email "" is empty, and the row has no employee number or name either');
  });
});

describe('columns of HR lists', () => {
  it.each([
    ['Title (Mr, Mrs, Dr) is never a job role', 'Email,First Name,Title\na@trust.nhs.uk,Ann,Dr\n', { job_role: null }],
    [
      'Position Title is the job role',
      'Email,First Name,Title,Position Title\na@trust.nhs.uk,Ann,Dr,Consultant\n',
      { job_role: 'Consultant' },
    ],
    ['Organisation is the department', 'Email,First Name,Organisation\na@trust.nhs.uk,Ann,153 Estates\n', { department: '153 Estates' }],
    [
      'Termination Date is the leaving date, as Oracle writes it',
      'Email,First Name,Termination Date\na@trust.nhs.uk,Ann,31-MAR-2027\n',
      { leaving_date: '2027-03-31' },
    ],
    ['NHSmail Account = No means no NHSmail account', 'Email,First Name,NHSmail Account\na@trust.nhs.uk,Ann,No\n', { gets_nhsmail: 0 }],
    ['an empty NHSmail Account keeps the default', 'Email,First Name,NHSmail Account\na@trust.nhs.uk,Ann,\n', { gets_nhsmail: 1 }],
    [
      'an NHSmail address column sits beside the local one',
      'Email,First Name,NHSmail Address\na@trust.nhs.uk,Ann,ann.lee5@nhs.net\n',
      { nhsmail_email: 'ann.lee5@nhs.net' },
    ],
  ])('%s', async (_label, content, expected) => {
    expect((await importJson('people', write('staff.csv', content))).code).toBe(0);
    const [person] = query<Record<string, unknown>>('SELECT job_role, department, leaving_date, gets_nhsmail, nhsmail_email FROM people');
    expect(person).toMatchObject(expected);
  });
});
