import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { excelCsvLine } from '../../src/directory/export-csv.js';
import { importTableFile } from '../../src/directory/import-file.js';
import { openTableFile } from '../../src/directory/read-table-file.js';
import { addSender } from '../../src/senders/manage-senders.js';
import type { TestSite } from './web-harness.js';

/** A staff list as ESR writes it, with the trust's own Wave column (as in approval-and-outbox.test.ts). */
const ESR_HEADER =
  'Employee Number,Assignment Number,Last Name,First Name,Organisation,Position Title,Primary Assignment,Email Address,Projected Leaving Date,Wave';

export interface StaffRow {
  number: string;
  first: string;
  last: string;
  email: string;
  wave: string;
}

/** Imports these people as the staff list, replacing any before. */
export async function importStaff(site: TestSite, rows: readonly StaffRow[]): Promise<void> {
  const path = join(site.dir, 'staff.csv');
  const lines = rows.map((r) =>
    excelCsvLine([r.number, r.number, r.last, r.first, '153 Pharmacy', 'Pharmacist', 'Yes', r.email, '', r.wave]),
  );
  writeFileSync(path, `${ESR_HEADER}\r\n${lines.join('')}`);
  const problems: string[] = [];
  const result = await importTableFile(
    site.store,
    site.organisation,
    await openTableFile(path, 'staff.csv'),
    { kind: 'auto', file: 'staff.csv', skipInvalid: false, replace: true, dateOrder: 'en-GB' },
    { problem: (p) => problems.push(JSON.stringify(p)), rejectedRow: () => undefined },
    new Date('2026-11-24T09:00:00Z'),
  );
  if (!result.committed) throw new Error(`The staff list was not imported: ${problems.join('; ')}`);
}

/** A folder sender writing .eml files into `folder`, made the default. */
export async function addFolderSender(site: TestSite, folder: string): Promise<void> {
  await addSender(
    site.store,
    site.organisation,
    {
      kind: 'folder',
      name: 'project-mailbox',
      folder,
      from: 'nhsmail.project@northmoor-valley.example',
      sendAs: false,
      limits: { perMinute: 600, perDay: 10000, perMessage: 500 },
    },
    { makeDefault: true },
    { now: new Date('2026-11-24T09:00:00Z'), actor: 'test' },
  );
}
