import type { SqlValue } from '../store/store.js';
import { nameLostLetters } from './lost-letters.js';
import { employeeNumberOfAssignment, nameAsWritten, parseYesNoOr } from './staff-fields.js';
import type { StagedRowsResult } from './staging-rows.js';

/** The staging columns of a staff-list row, in order (see `STAGING_COLUMNS.people`). */
export const STAFF_STAGING_COLUMNS = [
  'email',
  'first_name',
  'last_name',
  'display_name',
  'department',
  'job_role',
  'is_helpdesk',
  'is_application_owner',
  'is_dl_owner',
  'uses_email_programme',
  'wave_name',
  'employee_number',
  'leaving_date',
  'nhsmail_email',
  'gets_nhsmail',
  'first_name_lost_letters',
  'last_name_lost_letters',
  'display_name_lost_letters',
  // Only for merging several assignments of one person; not stored on the person.
  'is_primary',
  'staff_key',
] as const;

/** What is stored on a person with an address: the staging columns but the merge helpers. */
export const STORED_PERSON_COLUMNS: readonly string[] = STAFF_STAGING_COLUMNS.filter(
  (column) => column !== 'email' && column !== 'is_primary' && column !== 'staff_key',
);

const text = (value: unknown): SqlValue => (value === undefined || value === null ? null : String(value));
const flag = (value: unknown): number => (value === true ? 1 : 0);
const lost = (value: unknown): number => (nameLostLetters(value as string | null | undefined) ? 1 : 0);

function primaryFlag(raw: unknown): ReturnType<typeof parseYesNoOr> {
  const word = String(raw ?? '')
    .trim()
    .toLowerCase();
  if (word === 'primary') return { ok: true, value: true };
  if (word === 'secondary') return { ok: true, value: false };
  return parseYesNoOr(word, false);
}

/** A parsed staff-list record as one staging row, or why it cannot be one. */
export function staffStagingRow(r: Record<string, unknown>, columnOf: (field: string) => string): StagedRowsResult {
  const getsNhsmail = parseYesNoOr(String(r.getsNhsmail ?? ''), true);
  if (!getsNhsmail.ok) return rejected(columnOf('getsNhsmail'), r.getsNhsmail, getsNhsmail.reason);
  const primary = primaryFlag(r.primaryAssignment);
  if (!primary.ok) return rejected(columnOf('primaryAssignment'), r.primaryAssignment, primary.reason);
  const employeeNumber =
    (r.employeeNumber as string | null | undefined) ?? (r.assignmentNumber ? employeeNumberOfAssignment(String(r.assignmentNumber)) : null);
  const email = (r.email as string | null | undefined) ?? null;
  // Staff with no address are kept by employee number, else by this.
  const staffKey = email ? null : nameAsWritten(r);
  if (!email && !employeeNumber && !staffKey)
    return rejected(
      columnOf('email'),
      '',
      'is empty, and the row has no employee number or name either, so commsplan cannot tell who it is',
    );
  const row: SqlValue[] = [
    email,
    text(r.firstName),
    text(r.lastName),
    text(r.displayName),
    text(r.department),
    text(r.jobRole),
    flag(r.helpdesk),
    flag(r.applicationOwner),
    flag(r.dlOwner),
    flag(r.emailProgramme),
    text(r.wave),
    employeeNumber,
    text(r.leavingDate),
    text(r.nhsmailEmail),
    getsNhsmail.value ? 1 : 0,
    lost(r.firstName),
    lost(r.lastName),
    lost(r.displayName),
    primary.value ? 1 : 0,
    staffKey,
  ];
  return { rows: [row], warnings: [] };
}

function rejected(column: string, value: unknown, reason: string): StagedRowsResult {
  return { rows: [], warnings: [], error: { column, value: String(value ?? ''), reason } };
}
