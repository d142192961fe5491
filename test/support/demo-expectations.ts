import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Who the demo's emails must reach, worked out from the export files the demo wrote, by the
 * rules in docs/who-is-in-each-audience.md, without any of commsplan's audience code.
 */

type Row = Record<string, string>;
const GB = 1024 ** 3;
const DAY_MS = 86_400_000;

function readCsv(path: string): Row[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const body = text.startsWith('#TYPE') ? text.slice(text.indexOf('\n') + 1) : text;
  return parse(body, { columns: true, skip_empty_lines: true }) as Row[];
}

/** `dd/mm/yyyy` or `dd/mm/yyyy HH:MM:SS`, as written (UTC). */
function ukTime(text: string): number {
  const [d, m, y, hh = '0', mm = '0', ss = '0'] = text.split(/[/ :]/);
  return Date.UTC(Number(y), Number(m) - 1, Number(d), Number(hh), Number(mm), Number(ss));
}

const bytesOf = (size: string) => Number((/\(([\d,]+) bytes\)/.exec(size)?.[1] ?? '').replace(/,/g, ''));

export interface ExpectedAudiences {
  /** People on the staff list with an address, not left and not disabled, at the time given. */
  current: Set<string>;
  /** Audience name → the addresses in it. */
  audiences: Record<string, Set<string>>;
  /** Shown apart: leavers, disabled accounts and staff with no address. */
  leavers: number;
  disabled: number;
  noAddress: number;
}

export function expectedAudiences(exportsFolder: string, at: Date): ExpectedAudiences {
  const file = (name: string) => readCsv(join(exportsFolder, name));
  const mailboxes = file('Mailboxes.csv');
  const userMailboxes = mailboxes.filter((m) => m.RecipientTypeDetails === 'UserMailbox');
  const disabledAddresses = new Set(userMailboxes.filter((m) => m.AccountDisabled === 'True').map((m) => m.PrimarySmtpAddress));
  const staff = file('StaffList.csv');
  const leftBy = (row: Row) => row['Leaving Date'] !== '' && ukTime(row['Leaving Date'] as string) <= at.getTime();
  const currentRows = staff.filter(
    (row) => row['Email Address'] !== '' && !leftBy(row) && !disabledAddresses.has(row['Email Address'] as string),
  );
  const current = new Set(currentRows.map((row) => row['Email Address'] as string));
  const getsNhsmail = new Set(currentRows.filter((row) => row['NHSmail Account'] !== 'No').map((row) => row['Email Address'] as string));
  const flagged = (column: string) =>
    new Set(currentRows.filter((row) => row[column] === 'Yes').map((row) => row['Email Address'] as string));
  const only = (addresses: Iterable<string>) => new Set([...addresses].filter((a) => getsNhsmail.has(a)));

  const addressByGuid = new Map(userMailboxes.map((m) => [m.ExchangeGuid, m.PrimarySmtpAddress as string]));
  const sizes = new Map(file('MailboxStatistics.csv').map((s) => [addressByGuid.get(s.MailboxGuid), bytesOf(s.TotalItemSize as string)]));
  const quota = 4 * GB;
  const sized = (test: (bytes: number) => boolean) => only([...getsNhsmail].filter((a) => test(sizes.get(a) ?? 0)));

  const syncedSince = at.getTime() - 90 * DAY_MS;
  const mobile = only(
    file('MobileDevices.csv')
      .filter((d) => ukTime(d.LastSuccessSync as string) >= syncedSince)
      .map((d) => d.PrimarySmtpAddress as string),
  );

  const addressBySam = new Map(userMailboxes.map((m) => [`NORTHMOOR\\${m.SamAccountName}`, m.PrimarySmtpAddress as string]));
  const sharedUsers = only(
    file('MailboxPermissions.csv')
      .filter((p) => /FullAccess/.test(p.AccessRights as string) && p.IsInherited === 'False' && p.Deny === 'False')
      .map((p) => addressBySam.get(p.User as string))
      .filter((a): a is string => a !== undefined),
  );
  const owners = only(file('SharedMailboxOwners.csv').map((o) => o.Owner as string));

  return {
    current,
    audiences: {
      'all-staff': current,
      'over-quota': sized((bytes) => bytes > quota),
      'nearing-quota': sized((bytes) => bytes >= 0.9 * quota && bytes <= quota),
      'mobile-users': mobile,
      'email-programme-users': only(flagged('Outlook User')),
      helpdesk: only(flagged('Helpdesk')),
      'application-owners': only(flagged('Application Owner')),
      'dl-owners': only(flagged('DL Owner')),
      'shared-mailbox-users': sharedUsers,
      'shared-mailbox-owners': owners,
    },
    leavers: staff.filter((row) => row['Email Address'] !== '' && leftBy(row)).length,
    disabled: disabledAddresses.size,
    noAddress: staff.filter((row) => row['Email Address'] === '').length,
  };
}

export interface EmlMessage {
  file: string;
  messageId: string;
  to: string;
  subject: string;
  date: string;
  body: string;
}

/** The headers of each `.eml` file in a folder, unfolded, and its body. */
export function readEmlFolder(folder: string): EmlMessage[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.eml'))
    .map((name) => {
      const text = readFileSync(join(folder, name), 'utf8');
      const split = text.indexOf('\r\n\r\n');
      const headers = text.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
      const header = (field: string) => new RegExp(`^${field}: *(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
      return {
        file: name,
        messageId: header('Message-ID'),
        to: header('To'),
        subject: header('Subject'),
        date: header('Date'),
        body: text.slice(split + 4),
      };
    });
}
