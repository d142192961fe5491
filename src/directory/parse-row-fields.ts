import { checkEmailAddress } from '../shared/email-address.js';
import { GROUP_MAILBOX_TYPES } from './group-members-kind.js';
import type { FieldType, KindSpec } from './import-kinds.js';
import { KNOWN_MIGRATION_STATUSES, migrationOutcome } from './migration-statuses.js';
import { nhsmailAccountState } from './nhsmail-account-statuses.js';
import { parseSizeInColumn } from './size-columns.js';
import { parseCalendarDate } from './staff-fields.js';
import { type DateOrder, type Parsed, parseCount, parseDateTime, parseYesNo } from './value-parsers.js';

export interface CellProblem {
  column: string;
  value: string;
  reason: string;
}

export interface FieldContext {
  dateOrder: DateOrder;
}

const MAILBOX_TYPES: Record<string, string> = {
  usermailbox: 'user',
  linkedmailbox: 'user',
  remoteusermailbox: 'user',
  sharedmailbox: 'shared',
  remotesharedmailbox: 'shared',
  roommailbox: 'room',
  equipmentmailbox: 'equipment',
  discoverymailbox: 'system',
  arbitrationmailbox: 'system',
  ...GROUP_MAILBOX_TYPES,
};

function parseEmail(raw: string): Parsed<string> {
  const checked = checkEmailAddress(raw);
  return checked.ok ? { ok: true, value: checked.email } : { ok: false, reason: `is not a valid email address: it ${checked.reason}` };
}

/** Several addresses in one cell, separated by semicolons (commas and new lines also accepted). */
function parseEmailList(raw: string): Parsed<string[]> {
  const emails: string[] = [];
  for (const part of raw.split(/[;,\n]/).map((p) => p.trim())) {
    if (part === '') continue;
    const parsed = parseEmail(part);
    if (!parsed.ok) return { ok: false, reason: `holds "${part}", which ${parsed.reason}` };
    if (!emails.includes(parsed.value)) emails.push(parsed.value);
  }
  return emails.length ? { ok: true, value: emails } : { ok: false, reason: 'is empty but required' };
}

function parseField(type: FieldType, raw: string, context: FieldContext, column: string): Parsed<unknown> {
  const text = raw.trim();
  switch (type) {
    case 'email':
      // Only an optional column gets here empty: a required one is reported before parsing.
      return text === '' ? { ok: true, value: null } : parseEmail(raw);
    case 'optional-email':
      return text === '' ? { ok: true, value: null } : parseEmail(raw);
    case 'email-list':
      return parseEmailList(raw);
    case 'identity':
    case 'text':
      if (text.length > 512) return { ok: false, reason: 'is longer than 512 characters' };
      return { ok: true, value: text === '' ? null : text };
    case 'size':
      return text === '' ? { ok: true, value: null } : parseSizeInColumn(text, column);
    case 'count':
      return text === '' ? { ok: true, value: null } : parseCount(text);
    case 'yes-no':
      return parseYesNo(text);
    case 'date':
      return parseCalendarDate(text, context.dateOrder);
    case 'datetime':
      if (text === '' || /^never$/i.test(text)) return { ok: true, value: null };
      return mapParsed(parseDateTime(text, context.dateOrder), (date) => date.toISOString());
    case 'mailbox-type':
      return { ok: true, value: MAILBOX_TYPES[text.toLowerCase()] ?? (text === '' ? 'user' : 'other') };
    case 'migration-status': {
      const outcome = migrationOutcome(text);
      return outcome
        ? { ok: true, value: { outcome, raw: text } }
        : { ok: false, reason: `is not a migration status commsplan knows. Known statuses, by tool: ${KNOWN_MIGRATION_STATUSES}` };
    }
    case 'nhsmail-account-status':
      // An unknown account status is reported as a warning when staged: the size and quota still count.
      return { ok: true, value: text === '' ? null : { state: nhsmailAccountState(text), raw: text } };
  }
}

function mapParsed<T, U>(parsed: Parsed<T>, map: (value: T) => U): Parsed<U> {
  return parsed.ok ? { ok: true, value: map(parsed.value) } : parsed;
}

/** Reads one row's cells into a record, or lists every cell that is wrong. */
export function parseRowFields(
  spec: KindSpec,
  columns: Map<string, number>,
  headers: readonly string[],
  cells: readonly string[],
  context: FieldContext,
): { record: Record<string, unknown>; problems: CellProblem[] } {
  const record: Record<string, unknown> = {};
  const problems: CellProblem[] = [];
  for (const field of spec.fields) {
    const position = columns.get(field.field);
    if (position === undefined) continue;
    const raw = cells[position] ?? '';
    const column = headers[position] ?? field.field;
    if (field.required && !field.emptyAllowed && raw.trim() === '') {
      problems.push({ column, value: raw, reason: 'is empty but required' });
      continue;
    }
    const parsed = parseField(field.type, raw, context, column);
    if (parsed.ok) record[field.field] = parsed.value;
    else problems.push({ column, value: raw, reason: parsed.reason });
  }
  return { record, problems };
}
