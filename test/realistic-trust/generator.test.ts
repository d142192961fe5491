import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { powerShellExportFile } from '../../src/directory/export-csv.js';
import { migrationUsersCsv } from './exchange-exports.js';
import { expectedAnswers, resolveDeviceOwners } from './expected-audiences.js';
import { cleanNameSources } from './expected-names.js';
import { comparableName } from './names.js';
import { byteQuantifiedSize } from './powershell-csv.js';
import { isPersonalAddress } from './staff-links.js';
import { DESIGNED } from './trust-designed.js';
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
    const linkedByName = trust.people.filter((each) => each.nhsmail?.link === 'name');
    expect(linkedByName.length).toBeGreaterThan(0);
    for (const owner of linkedByName) {
      expect(namesakesNotMapped.get(comparableName(owner.firstName, owner.lastName))).toEqual([owner.id]);
    }
  });

  it('leaves 4-5% of ESR rows without an address, a few personal, some in capitals, and gives 1.5% mailboxes but no ESR row', () => {
    const staff = trust.people.filter((each) => each.staffList);
    const share = (test: (each: Person) => boolean) => staff.filter(test).length / staff.length;
    expect(share((each) => each.staffList?.email === undefined)).toBeGreaterThan(0.04);
    expect(share((each) => each.staffList?.email === undefined)).toBeLessThan(0.05);
    expect(share((each) => isPersonalAddress(each.staffList?.email))).toBeGreaterThan(0.003);
    expect(share((each) => each.staffList?.email === each.staffList?.email?.toUpperCase())).toBeGreaterThan(0.01);
    const working = trust.people.filter((each) => !each.staffList && each.mailbox && !each.mailbox.disabled).length;
    expect(working / trust.people.length).toBeGreaterThan(0.012);
    expect(working / trust.people.length).toBeLessThan(0.018);
  });

  it('links the designed rows without an address as the rules say, and every other link joins a person to their own mailbox', () => {
    const outcome = (id: number) =>
      expected.links.linked.get(id) ?? expected.links.unlinked.find((row) => row.rowPersonId === id)?.reason ?? 'not a row to link';
    expect([31, 32, 33, ...DESIGNED.lostLetters].map(outcome)).toEqual(['ambiguous', 'ambiguous', 'not-current', 34, 35, 36, 37]);
    expect([...expected.links.linked].filter(([row, mailbox]) => row !== mailbox)).toEqual([]);
  });

  it('loses letters for some people in every source and for others only in some', () => {
    const lost = [...expected.current.values()].filter((each) => /[ŁłŚśŃń]/.test(each.holder.firstName + each.holder.lastName));
    const clean = lost.filter((each) => cleanNameSources(trust, each, each.nhsmailLinked === true).length > 0);
    expect(clean.length).toBeGreaterThan(20);
    expect(lost.length - clean.length).toBeGreaterThan(50);
    expect(clean.map((each) => each.holder.id)).toContain(DESIGNED.cleanOnlyInGroupExport);
  });

  it('gives device identities that share a display name, resolved by the AD name or the GUID except where two OUs share it', () => {
    const { owners, ambiguous } = resolveDeviceOwners(trust);
    const gwilyms = [39, 40, 2951].map((id) => person(id).devices.length);
    expect(gwilyms).toEqual([1, 1, 1]);
    expect(ambiguous.some((identity) => identity.includes('/Staff/Gwilym Pritchard/'))).toBe(true);
    expect([...owners.values()]).toEqual(expect.arrayContaining([40, 2951]));
    const displayNames = new Map<string, number>();
    for (const each of trust.people)
      if (each.mailbox) displayNames.set(each.mailbox.displayName, (displayNames.get(each.mailbox.displayName) ?? 0) + 1);
    const shared = trust.people.filter((each) => each.mailbox && (displayNames.get(each.mailbox.displayName) ?? 0) > 1);
    expect(shared.flatMap((each) => each.devices).length).toBeGreaterThan(250);
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
      '"Bart?omiej Singh","Bart?omiej Singh","bartlomiej.singh@northmoor.nhs.uk","bartlomiej.singh","UserMailbox","bartlomiej.singh",' +
        '"d12ec7b0-c2c2-4e9b-a608-2be0d2eac053","False","Unlimited","True","bartlomiej.singh@northmoor.nhs.uk",' +
        '"/o=Northmoor/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=d12ec7b0-bartlomiej.singh"',
    );
    const statistics = readFileSync(join(dir, 'MailboxStatistics.csv'), 'latin1').split('\r\n');
    expect(statistics[2]).toBe(
      '"Bart?omiej Singh","4 GB (4,294,967,296 bytes)","0 B (0 bytes)","86454","23/11/2026 08:01:07","d12ec7b0-c2c2-4e9b-a608-2be0d2eac053"',
    );
    const devices = readFileSync(join(dir, 'MobileDevices.csv'), 'latin1').split('\r\n');
    expect(devices[1]).toBe(
      '"Identity","DeviceType","DeviceModel","DeviceOS","DeviceID","FirstSyncTime","LastSuccessSync","LastSyncAttemptTime","Status"',
    );
    expect(devices[2]).toMatch(/^"northmoor\.local\/Northmoor\/Staff\/Leo Griffiths\/ExchangeActiveSyncDevices\/Outlook\?8A49/);
  });

  it('writes nothing at all for a $null value, "" for an empty string, a BOM for -Encoding UTF8 and CRLF after the last line', () => {
    const bytes = powerShellExportFile({ columns: ['A', 'B', 'C'], rows: [[null, '', 'Zoë']] }, 'utf-8-bom');
    expect(bytes.toString('hex')).toBe(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"A","B","C"\r\n,"","Zoë"\r\n')]).toString('hex'),
    );
    expect(powerShellExportFile({ columns: ['Name'], rows: [['Łukasz Nowak']] }, 'ascii').toString('latin1')).toBe(
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

  it('saves the ESR staff list as Excel saves CSV in Windows-1252: title rows, a row per assignment, Ł as ?, ø and ñ kept', () => {
    const bytes = readFileSync(join(dir, 'StaffInPost.csv'));
    const lines = bytes.toString('latin1').split('\r\n');
    expect(lines[0]).toBe(`Northmoor Hospitals NHS Foundation Trust: staff in post${','.repeat(15)}`);
    expect(lines[2]).toBe(','.repeat(15));
    expect(lines[3]).toBe(STAFF_LIST_COLUMNS.join(','));
    expect(lines[4]).toBe(
      '20000037,20000037,Mrs,Bart?omiej,Singh,310 Estates and Facilities,HR Advisor,Yes,bartlomiej.singh@northmoor.nhs.uk,,Wave 4,Yes,,,,',
    );
    const row = (id: number) => lines.find((line) => line.startsWith(`${person(id).staffList?.employeeNumber},`));
    expect(row(34)).toMatch(/^\d+,\d+,\w+,\?ukasz,Przyby\?,/);
    expect(Buffer.from(row(35) ?? '', 'latin1').toString('latin1')).toContain('S\u00f8ren,Ib\u00e1\u00f1ez,');
    expect(row(36)).toContain(",Zo\u00eb,O'Shaughnessy,");
    expect(lines.at(-2)).toBe(','.repeat(15));
    expect(lines.at(-1)).toBe('');
  });

  it('writes Get-MigrationUser with Identifier and MailboxEmailAddress and no Identity in the second shape', () => {
    const text = migrationUsersCsv(trust, 'identifier').toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFF"Identifier","MailboxEmailAddress","BatchId","Status","StatusSummary","LastSyncTime","ErrorSummary"',
    );
  });
});
