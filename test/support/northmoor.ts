import { join } from 'node:path';

/** Northmoor's exports (test/fixtures/waves-trust), shaped as Exchange writes them, with answers worked out by hand. */
export const NORTHMOOR = join(import.meta.dirname, '..', 'fixtures', 'waves-trust');

/** Its files in the order docs/directory-and-audiences.md gives for importing them. */
export const NORTHMOOR_FILES = [
  'Mailboxes',
  'GroupMembers',
  'MailboxStatistics',
  'MailboxPermissions',
  'RecipientPermissions',
  'CalendarPermissions',
  'SendOnBehalf',
  'StaffInPost',
];

/** Imports every file with `run` (a CLI in a sandbox), each report written beside the workspace, not the fixture. */
export async function importNorthmoor(
  run: (...args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>,
  reportsIn: string,
): Promise<void> {
  for (const name of NORTHMOOR_FILES) {
    const result = await run('import', 'auto', join(NORTHMOOR, `${name}.csv`), '--report', join(reportsIn, `${name}.report.csv`));
    if (result.code !== 0) throw new Error(`importing ${name}.csv: ${result.stdout}${result.stderr}`);
  }
}
