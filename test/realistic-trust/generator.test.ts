import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswers } from './expected-audiences.js';
import { comparableName } from './names.js';
import { byteQuantifiedSize, exportCsv } from './powershell-csv.js';
import { buildTrust, MIGRATION_STATUSES, type Person } from './trust-model.js';
import { ACCESS_TRAPS } from './trust-resources.js';
import { STAFF_LIST_COLUMNS, writeExports } from './write-exports.js';

const trust = buildTrust();
const expected = expectedAnswers(trust);
const person = (id: number) => trust.people[id - 1] as Person;
const audience = (name: string) => expected.audiences.get(name) ?? [];

describe('the realistic trust model', () => {
  it('is the same trust every time for the same seed, and built in under 3 seconds', () => {
    const started = Date.now();
    const again = buildTrust();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(JSON.stringify(again)).toBe(JSON.stringify(trust));
  });

  it('has about 3,000 people, 8% with two ESR assignments, a few with three, and a quarter with NHSmail', () => {
    const staff = trust.people.filter((each) => each.staffList);
    const withAssignments = (count: number) => staff.filter((each) => each.staffList?.assignments.length === count).length;
    expect(trust.people.length).toBeGreaterThan(2900);
    expect(withAssignments(2) / staff.length).toBeGreaterThan(0.06);
    expect(withAssignments(2) / staff.length).toBeLessThan(0.1);
    expect(withAssignments(3)).toBeGreaterThan(5);
    const nhsmailShare = audience('nhsmail-users').length / audience('all-staff').length;
    expect(nhsmailShare).toBeGreaterThan(0.2);
    expect(nhsmailShare).toBeLessThan(0.3);
    expect(audience('over-quota').length).toBeGreaterThan(150);
  });

  it('uses every migration status Exchange documents', () => {
    const used = new Set(trust.people.map((each) => each.migrationStatus));
    expect(MIGRATION_STATUSES.filter((status) => !used.has(status))).toEqual([]);
  });

  it('links an account by name only when no other person not yet linked shares the name', () => {
    const namesakesNotMapped = new Map<string, number[]>();
    for (const each of trust.people.filter((candidate) => candidate.nhsmail?.link !== 'address-map')) {
      const name = comparableName(each.firstName, each.lastName);
      namesakesNotMapped.set(name, [...(namesakesNotMapped.get(name) ?? []), each.id]);
    }
    for (const owner of trust.people.filter((each) => each.nhsmail?.link === 'name')) {
      expect(namesakesNotMapped.get(comparableName(owner.firstName, owner.lastName))).toEqual([owner.id]);
    }
  });

  it.each([
    [1, 'exactly 4 GB', 'nearing-quota'],
    [2, 'one byte over 4 GB', 'over-quota'],
    [3, '3 GB local and 1 GB on NHSmail', 'nearing-quota'],
    [4, 'the first byte at 90%', 'nearing-quota'],
    [10, 'the last byte below 90%', undefined],
    [5, '3.7 GB with 0.8 GB of deleted items', 'nearing-quota'],
    [6, '9 GB under an enhanced 50 GB quota', undefined],
    [7, '46.5 GB under an enhanced 50 GB quota', 'nearing-quota'],
    [8, '6 GB, already migrated', undefined],
    [9, '5 GB, not getting NHSmail', undefined],
  ])('puts person %i (%s) in %s', (id, _what, audienceName) => {
    const address = person(id).mailbox?.address.toLowerCase() ?? '';
    const inOver = audience('over-quota').includes(address);
    const inNearing = audience('nearing-quota').includes(address);
    expect({ inOver, inNearing }).toEqual({ inOver: audienceName === 'over-quota', inNearing: audienceName === 'nearing-quota' });
  });

  it('gives none of the access traps a place among shared-mailbox users', () => {
    const trapped = Object.values(ACCESS_TRAPS).map((id) => person(id).mailbox?.address);
    expect(audience('shared-mailbox-users').filter((address) => trapped.includes(address))).toEqual([]);
    expect(audience('all-staff')).toEqual(expect.arrayContaining(trapped));
  });

  it('finds the one ambiguous NHSmail account between the two people called Rhiannon Pryce-Whitfield', () => {
    expect(expected.unmatched.filter((account) => account.reason === 'ambiguous')).toEqual([
      {
        email: person(11).nhsmail?.address,
        reason: 'ambiguous',
        candidates: ['rhiannon.pryce-whitfield2@northmoor.nhs.uk', 'rhiannon.pryce-whitfield@northmoor.nhs.uk'],
      },
    ]);
    expect(audience('nhsmail-users')).toContain(person(22).mailbox?.address);
  });
});

describe('the exports of the realistic trust', () => {
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'realistic-trust-'));
    await writeExports(trust, dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a mailbox line byte for byte as Windows PowerShell 5.1 Export-Csv does, accents as question marks', () => {
    const lines = readFileSync(join(dir, 'Mailboxes.csv'), 'latin1').split('\r\n');
    expect(lines[0]).toBe('#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.ReducedRecipient');
    expect(lines[2]).toBe(
      '"Bart?omiej Singh","bartlomiej.singh@northmoor.nhs.uk","bartlomiej.singh","UserMailbox","bartlomiej.singh",' +
        '"26baf08b-e16e-4f7e-a695-0c7ed033fe6c","False","Unlimited","True","bartlomiej.singh@northmoor.nhs.uk",' +
        '"/o=Northmoor/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=26baf08b-bartlomiej.singh"',
    );
    const statistics = readFileSync(join(dir, 'MailboxStatistics.csv'), 'latin1').split('\r\n');
    expect(statistics[2]).toBe(
      '"Bart?omiej Singh","4 GB (4,294,967,296 bytes)","0 B (0 bytes)","69660","23/11/2026 08:01:07","26baf08b-e16e-4f7e-a695-0c7ed033fe6c"',
    );
  });

  it('writes nothing at all for a $null value, "" for an empty string, a BOM for -Encoding UTF8 and CRLF after the last line', () => {
    const bytes = exportCsv({ columns: ['A', 'B', 'C'], rows: [[null, '', 'Zoë']], encoding: 'utf8-bom' });
    expect(bytes.toString('hex')).toBe(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"A","B","C"\r\n,"","Zoë"\r\n')]).toString('hex'),
    );
    expect(exportCsv({ columns: ['Name'], rows: [['Łukasz Nowak']], encoding: 'ascii' }).toString('latin1')).toBe(
      '"Name"\r\n"?ukasz Nowak"\r\n',
    );
  });

  it.each([
    [0, '0 B (0 bytes)'],
    [6832, '6.672 KB (6,832 bytes)'],
    [3_454_230_118, '3.217 GB (3,454,230,118 bytes)'],
    [4 * 1024 ** 3, '4 GB (4,294,967,296 bytes)'],
  ])('writes %i bytes as %s', (bytes, text) => {
    expect(byteQuantifiedSize(bytes)).toBe(text);
  });

  it('saves the ESR staff list with title rows, one row per assignment, and no cells for empty values', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'StaffInPost.xlsx'));
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.getRow(1).getCell(1).value).toBe('Northmoor Hospitals NHS Foundation Trust: staff in post');
    expect(sheet.getRow(3).cellCount).toBe(0);
    expect((sheet.getRow(4).values as unknown[]).slice(1)).toEqual([...STAFF_LIST_COLUMNS]);
    const renee = [] as unknown[][];
    sheet.eachRow((row) => {
      if (row.getCell(1).value === 20008288) renee.push((row.values as unknown[]).slice(1));
    });
    const common = ['Mrs', 'Renée', 'Rogers'];
    expect(renee).toEqual([
      [
        20008288,
        '20008288',
        ...common,
        '134 Trauma and Orthopaedics',
        'Radiographer - Diagnostic',
        'Yes',
        'renee.rogers@northmoor.nhs.uk',
        undefined,
        'Wave 4',
        'Yes',
      ],
      [
        20008288,
        '20008288-2',
        ...common,
        '118 Respiratory Medicine',
        'Staff Nurse',
        'No',
        'renee.rogers@northmoor.nhs.uk',
        undefined,
        'Wave 4',
        'Yes',
      ],
    ]);
    const last = sheet.getRow(sheet.rowCount);
    expect(last.getCell(1).value).toBeNull();
  });
});
