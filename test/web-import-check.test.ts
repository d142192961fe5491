import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '../src/directory/import-kinds.js';
import { startTestSite, type TestSite, type WebClient } from './support/web-harness.js';

/**
 * The check before an import and the import itself, on the same file: the check's "would add,
 * change, leave unchanged" must be what the import then reports, for every kind of export.
 */
let site: TestSite;
let editor: WebClient;
beforeAll(async () => {
  site = await startTestSite();
  editor = await site.client('editor');
});
afterAll(async () => site?.close());

async function uploadFile(name: string, kind: ImportKind, content: string): Promise<string> {
  await editor.get('/imports');
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', new Blob([content], { type: 'text/csv' }), name);
  const response = await fetch(new URL(`/imports?_csrf=${encodeURIComponent(editor.lastCsrfToken)}`, site.url), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: editor.cookieHeader() },
    body: form,
  });
  expect(response.status).toBe(303);
  return response.headers.get('location') ?? '';
}

async function until(path: string, done: (html: string) => boolean): Promise<string> {
  for (let tries = 0; tries < 300; tries++) {
    const { html } = await editor.get(path);
    if (done(html)) return html;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never got there`);
}

const number = (text: string) => Number(text.replace(/,/g, ''));

/** Checks a file, imports it, and returns both counts as the pages give them. */
async function checkThenImport(name: string, kind: ImportKind, content: string) {
  const address = await uploadFile(name, kind, content);
  const checked = await until(address, (html) => html.includes('data-testid="check-summary"') || html.includes('nhsuk-error-summary'));
  const check = /would add ([\d,]+), change ([\d,]+) and leave ([\d,]+) unchanged/.exec(checked);
  if (!check) throw new Error(`no check summary for ${name}: ${checked.slice(0, 2000)}`);
  const goodOnly = checked.includes('rows have problems');
  await editor.post(`${address}/import`, { rows: goodOnly ? 'good' : 'all' });
  const imported = await until(address, (html) => /Imported [\d,]+ rows:/.test(html) || html.includes('Nothing was imported'));
  const outcome = /Imported [\d,]+ rows: ([\d,]+) added, ([\d,]+) changed, ([\d,]+) unchanged/.exec(imported);
  if (!outcome) throw new Error(`no import summary for ${name}`);
  return {
    check: { added: number(check[1] ?? ''), changed: number(check[2] ?? ''), unchanged: number(check[3] ?? '') },
    imported: { added: number(outcome[1] ?? ''), changed: number(outcome[2] ?? ''), unchanged: number(outcome[3] ?? '') },
  };
}

const q = (values: (string | number)[]) => values.map((v) => `"${v}"`).join(',');
const csv = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

interface Mailbox {
  email: string;
  display_name: string;
}

const DOMAIN = 'northmoor-valley.example';
const mailbox = (first: string, last: string): Mailbox => ({
  email: `${first}.${last}@${DOMAIN}`.toLowerCase(),
  display_name: `${first} ${last}`,
});
const SHARED = `pharmacy@${DOMAIN}`;

/** Files of every kind, in the order an administrator imports them: later files change what earlier ones stored. */
function filesOfEveryKind(): [string, ImportKind, string][] {
  const [a, b, c, d] = [mailbox('Ann', 'Lee'), mailbox('Bob', 'Hart'), mailbox('Cara', 'Ng'), mailbox('Dev', 'Shah')];
  const local = (m: Mailbox) => m.email.split('@')[0] as string;
  const getMailbox = (quota: string, extra: string[]) =>
    csv([
      '#TYPE Selected.Microsoft.Exchange.Data.Directory.Management.Mailbox',
      q(['Name', 'DisplayName', 'PrimarySmtpAddress', 'Alias', 'RecipientTypeDetails', 'ProhibitSendQuota', 'UseDatabaseQuotaDefaults']),
      ...[a, b, c, d].map((m) => q([m.display_name, m.display_name, m.email, local(m), 'UserMailbox', quota, 'False'])),
      q(['Pharmacy', 'Pharmacy', SHARED, 'pharmacy', 'SharedMailbox', 'Unlimited', 'True']),
      ...extra,
    ]);
  return [
    ['Mailboxes.csv', 'mailboxes', getMailbox('2 GB (2,147,483,648 bytes)', [])],
    [
      'Mailboxes-later.csv',
      'mailboxes',
      getMailbox('4 GB (4,294,967,296 bytes)', [
        q(['New Starter', 'New Starter', `new.starter@${DOMAIN}`, 'nstarter', 'UserMailbox', 'Unlimited', 'True']),
      ]),
    ],
    [
      'MailboxStatistics.csv',
      'mailbox-stats',
      csv([
        '#TYPE Selected.Microsoft.Exchange.Management.MapiTasks.Presentation.MailboxStatistics',
        q(['DisplayName', 'PrimarySmtpAddress', 'TotalItemSize', 'ItemCount', 'LastLogonTime']),
        ...[a, b, c].map((m, i) =>
          q([m.display_name, m.email, `${i + 1}.5 GB (${(i + 1.5) * 1073741824} bytes)`, 1000 + i, '20/11/2026 08:00:00']),
        ),
      ]),
    ],
    [
      'MobileDevices.csv',
      'mobile-devices',
      csv([
        q(['PrimarySmtpAddress', 'DeviceId', 'DeviceType', 'LastSuccessSync']),
        q([a.email, 'CHECKDEV1', 'iPhone', '20/11/2026 08:00:00']),
        q([b.email, 'CHECKDEV2', 'Android', '21/11/2026 08:00:00']),
      ]),
    ],
    [
      'MailboxPermissions.csv',
      'permissions',
      csv([
        '#TYPE Microsoft.Exchange.Management.RecipientTasks.MailboxAcePresentationObject',
        q(['Identity', 'User', 'AccessRights', 'IsInherited', 'Deny']),
        q([SHARED, c.email, '{FullAccess, ReadPermission}', 'False', 'False']),
        q([SHARED, d.email, '{FullAccess}', 'False', 'False']),
        q([SHARED, 'NT AUTHORITY\\SELF', '{FullAccess}', 'False', 'False']),
      ]),
    ],
    [
      'GroupMembers.csv',
      'group-members',
      csv([q(['GroupName', 'MemberEmail']), q(['Ward 7 Nurses', a.email]), q(['Ward 7 Nurses', c.email])]),
    ],
    [
      'StaffList.csv',
      'people',
      csv(['Email,First Name,Last Name,Department', `${a.email},Ann,Changed,Theatres`, `new.starter@${DOMAIN},New,Starter,Pharmacy`]),
    ],
    [
      'NHSmailAccounts.csv',
      'nhsmail-accounts',
      csv(['Email Address,Mailbox Size (MB),Quota (MB)', `${local(a)}@nhs.net,1024,4096`, `${local(b)}@nhs.net,3900,4096`]),
    ],
    [
      'MigrationUsers.csv',
      'migration-status',
      csv([
        '#TYPE Selected.Microsoft.Exchange.Migration.MigrationUser',
        q(['Identifier', 'MailboxEmailAddress', 'BatchId', 'Status', 'StatusSummary']),
        q([a.email, a.email, 'Wave 1', 'Completed', 'Completed']),
        q([c.email, c.email, 'Wave 1', 'Failed', 'Failed']),
      ]),
    ],
    ['AddressMap.csv', 'address-map', csv(['Local Email,NHSmail Address', `${c.email},${local(c)}@nhs.net`])],
    ['Owners.csv', 'shared-mailbox-owners', csv(['Shared Mailbox,Owner', `${SHARED},${d.email}`])],
  ];
}

describe('the check before an import', () => {
  it('counts, for every kind of export, exactly what the import of the same file then does', async () => {
    const files = filesOfEveryKind();
    const counts: Record<string, unknown> = {};
    for (const [name, kind, content] of files) {
      const { check, imported } = await checkThenImport(name, kind, content);
      counts[name] = { check, imported };
      expect({ kind, counts: check }).toEqual({ kind, counts: imported });
    }
    // Each file did something, so that agreeing is not agreeing on nothing.
    for (const [name, kind] of files) {
      const { imported } = counts[name] as { imported: { added: number; changed: number; unchanged: number } };
      expect({ kind, total: imported.added + imported.changed + imported.unchanged }).not.toEqual({ kind, total: 0 });
    }
  });
});
