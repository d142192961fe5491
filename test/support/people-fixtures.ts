import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { excelCsvLine, powerShellCsvLine } from '../../src/directory/export-csv.js';
import { importTableFile } from '../../src/directory/import-file.js';
import { openTableFile } from '../../src/directory/read-table-file.js';
import { FIXED_NOW } from './cli-harness.js';
import type { TestSite } from './web-harness.js';

/**
 * A mailbox list and a staff list with someone in each list of `commsplan people`, written as
 * Exchange 2016's PowerShell 5.1 (every value quoted) and ESR via Excel (quoted only when needed) write them.
 */
const DOMAIN = 'northmoor-valley.example';
export const at = (local: string) => `${local}@${DOMAIN}`;
/** A contractor's display name that a spreadsheet would run as a formula. */
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","Lee")';

export const MAILBOXES = [
  ['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails', 'AccountDisabled'],
  [at('ann.lee'), 'Ann Lee', 'UserMailbox', 'False'],
  [at('priya.shah'), 'Shah, Priya', 'UserMailbox', 'False'],
  [at('lukasz.nowak'), 'Łukasz Nowak', 'UserMailbox', 'False'],
  [at('dan.old'), 'Dan Old', 'UserMailbox', 'False'],
  [at('nina.ross'), 'Nina Ross', 'UserMailbox', 'False'],
  // Contractors: mailboxes, no staff-list row.
  [at('kim.agency'), 'Kim Agency', 'UserMailbox', 'False'],
  [at('locum.lee'), FORMULA_NAME, 'UserMailbox', 'False'],
  [at('sam.jones'), 'Sam Jones', 'UserMailbox', 'True'],
  [at('ward7.rota'), 'Ward 7 Rota', 'SharedMailbox', 'False'],
];

export const STAFF = [
  ['Employee Number', 'Last Name', 'First Name', 'Email Address', 'Organisation', 'Projected Leaving Date', 'NHSmailAccount'],
  ['1001', 'Lee', 'Ann', at('ann.lee'), 'Pharmacy', '', 'Yes'],
  // ESR leaves the address blank: Priya's row fits her mailbox by name, Amir's fits none.
  ['1002', 'Shah', 'Priya', '', 'IT', '', 'Yes'],
  ['1003', 'Khan', 'Amir', '', 'Estates', '', 'Yes'],
  // Saved from Excel as Windows-1252, which has no Ł: the row still fits Łukasz's mailbox by name.
  ['1004', 'Nowak', '?ukasz', '', 'Estates', '', 'Yes'],
  ['1005', 'Old', 'Dan', at('dan.old'), 'Estates', '31/01/2026', 'Yes'],
  ['1006', 'Ross', 'Nina', at('nina.ross'), 'Pharmacy', '', 'No'],
  // A personal address that no mailbox's name fits.
  ['1007', 'Bloggs', 'Jo', 'jo.bloggs@gmail.com', 'Pharmacy', '', 'Yes'],
];

/** Three of them use the Ward 7 rota's shared mailbox and a contractor has full access to Ann's: links a plan of the waves can break. */
export const WARD_ROTA_RIGHTS = [
  ['Mailbox', 'User', 'AccessRights'],
  [at('ward7.rota'), at('ann.lee'), 'FullAccess'],
  [at('ward7.rota'), at('priya.shah'), 'FullAccess'],
  [at('ward7.rota'), at('lukasz.nowak'), 'FullAccess'],
  [at('ann.lee'), at('kim.agency'), 'FullAccess'],
];

/** Imports rows as a file of that name, replacing what that kind of file brought before. */
export async function importRows(site: TestSite, name: string, rows: readonly string[][], from: 'powershell' | 'excel'): Promise<void> {
  const path = join(site.dir, name);
  writeFileSync(path, rows.map((row) => (from === 'powershell' ? powerShellCsvLine(row) : excelCsvLine(row))).join(''));
  const problems: string[] = [];
  const result = await importTableFile(
    site.store,
    site.organisation,
    await openTableFile(path, name),
    { kind: 'auto', file: name, skipInvalid: false, replace: true, dateOrder: 'en-GB' },
    { problem: (p) => problems.push(JSON.stringify(p)), rejectedRow: () => undefined },
    FIXED_NOW,
  );
  if (!result.committed) throw new Error(`${name} was not imported: ${problems.join('; ')}`);
}

/** The mailbox list, then the staff list. */
export async function importPeopleFixture(site: TestSite): Promise<void> {
  await importRows(site, 'mailboxes.csv', MAILBOXES, 'powershell');
  await importRows(site, 'esr.csv', STAFF, 'excel');
}
