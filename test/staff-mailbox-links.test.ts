import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliResult, cliSandbox } from './support/cli-harness.js';

/**
 * Staff-list rows with no work address (ESR leaves the address blank for many) belong to the
 * mailbox their employee number or name fits; people with a mailbox who are not on the staff
 * list (contractors, agency, bank staff) are people too. Files are written as Exchange 2016's
 * PowerShell 5.1 and ESR (via Excel) write them.
 */
const MAILBOX_HEADER = '"PrimarySmtpAddress","DisplayName","RecipientTypeDetails","AccountDisabled","CustomAttribute1"';
const mailbox = (email: string, name: string, disabled = 'False', attribute = '') =>
  `"${email}","${name}","UserMailbox","${disabled}","${attribute}"`;
const ESR_HEADER = 'Employee Number,Last Name,First Name,Email Address,Organisation,Wave,Helpdesk';
const esr = (number: string, last: string, first: string, email = '', department = 'Pharmacy', wave = 'Wave 1', helpdesk = 'No') =>
  `${number},${last},${first},${email},${department},${wave},${helpdesk}`;

describe('staff with no work address and people not on the staff list', () => {
  let sandbox: ReturnType<typeof cliSandbox>;
  const write = (name: string, lines: string[]) => {
    writeFileSync(join(sandbox.dir, name), `${lines.join('\r\n')}\r\n`);
    return name;
  };
  const importFile = async (kind: string, name: string, lines: string[]): Promise<CliResult> => {
    const result = await sandbox.run('import', kind, write(name, lines));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    return result;
  };
  const json = async (...args: string[]) => {
    const result = await sandbox.run(...args, '--json');
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };
  const members = async (audience: string) =>
    ((await json('audience', 'show', audience)).people as { email: string }[]).map((person) => person.email);
  const listed = async (...options: string[]) => (await json('people', ...options)).people as { email: string | null; name: string }[];

  beforeEach(async () => {
    sandbox = cliSandbox();
    await sandbox.run('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  });
  afterEach(() => sandbox.cleanup());

  it('gives a blank-address staff row to the one mailbox its name fits, with its wave, flags and department', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('lukasz.nowak@eastbrook.nhs.uk', 'Łukasz Nowak'),
      mailbox('priya.shah@eastbrook.nhs.uk', 'Shah, Priya'),
      mailbox('agency.nurse@eastbrook.nhs.uk', 'Kim Agency'),
    ]);
    const result = await importFile('people', 'esr.csv', [
      ESR_HEADER,
      // Excel's Windows-1252 save turned Ł into ?.
      esr('20001', 'Nowak', '?ukasz', '', 'Estates', 'Wave 2'),
      esr('20002', 'Shah', 'Priya', '', 'IT', 'Wave 1', 'Yes'),
      esr('20003', 'Khan', 'Amir'),
    ]);
    expect(result.stdout).toContain(
      '3 staff-list rows have no work email address: 2 matched to a mailbox (0 by employee number, 2 by name). 1 could not be (0 fit more than one mailbox or share one, 1 fit none)',
    );
    expect(await members('all-staff')).toEqual([
      'agency.nurse@eastbrook.nhs.uk',
      'lukasz.nowak@eastbrook.nhs.uk',
      'priya.shah@eastbrook.nhs.uk',
    ]);
    expect(await members('wave:Wave 2')).toEqual(['lukasz.nowak@eastbrook.nhs.uk']);
    expect(await members('helpdesk')).toEqual(['priya.shah@eastbrook.nhs.uk']);
    const { apart } = await json('audiences');
    expect(apart).toMatchObject({ staffWithoutAddress: 1, notOnStaffList: 1, notCurrent: { 'not-on-staff-list': 0 } });
    expect(await listed('--not-on-staff-list')).toMatchObject([{ email: 'agency.nurse@eastbrook.nhs.uk', name: 'Kim Agency' }]);
    expect(await listed('--no-address')).toMatchObject([{ email: null, name: 'Amir Khan', employeeNumber: '20003' }]);
    const everyone = await listed();
    expect(everyone.find((person) => person.email === 'priya.shah@eastbrook.nhs.uk')).toMatchObject({
      employeeNumber: '20002',
      why: 'staff-list row with no work address, matched to this mailbox by name',
    });
    expect((await json('people', 'unmatched')).rows).toEqual([
      { employeeNumber: '20003', name: 'Amir Khan', reason: 'no-match', candidates: [], by: 'name' },
    ]);
  });

  it('lists two rows that fit one mailbox and links neither; lists a row whose only fit is disabled', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('john.smith@eastbrook.nhs.uk', 'John Smith'),
      mailbox('old.jones@eastbrook.nhs.uk', 'Sam Jones', 'True'),
    ]);
    await importFile('people', 'esr.csv', [ESR_HEADER, esr('1', 'Smith', 'John'), esr('2', 'Smith', 'John'), esr('3', 'Jones', 'Sam')]);
    expect((await json('people', 'unmatched')).rows).toEqual([
      { employeeNumber: '1', name: 'John Smith', reason: 'ambiguous', candidates: ['john.smith@eastbrook.nhs.uk'], by: 'name' },
      { employeeNumber: '2', name: 'John Smith', reason: 'ambiguous', candidates: ['john.smith@eastbrook.nhs.uk'], by: 'name' },
      { employeeNumber: '3', name: 'Sam Jones', reason: 'not-current', candidates: ['old.jones@eastbrook.nhs.uk'], by: 'name' },
    ]);
    // John Smith's mailbox is still a person, not on the staff list; the disabled one is in no audience.
    expect(await members('all-staff')).toEqual(['john.smith@eastbrook.nhs.uk']);
    expect((await json('audiences')).apart.staffWithoutAddress).toBe(3);
    const text = (await sandbox.run('people', 'unmatched')).stdout;
    expect(text).toContain('3 staff-list rows with no work email address have no mailbox found for them');
    expect(text).toContain('its name fits a mailbox that another row fits too');
    expect(text).toContain('the only mailbox its name fits is disabled');
  });

  it('matches by the employee number in the column the employee-number-attribute setting names, and lists a number on two mailboxes', async () => {
    expect((await sandbox.run('settings', 'set', 'employee-number-attribute', 'CustomAttribute1')).code).toBe(0);
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      // Display names that fit no staff-list name: only the number can tell.
      mailbox('ops.manager@eastbrook.nhs.uk', 'Operations Manager', 'False', '00030001'),
      mailbox('a.one@eastbrook.nhs.uk', 'A One', 'False', '30002'),
      mailbox('a.two@eastbrook.nhs.uk', 'A Two', 'False', '30002'),
    ]);
    const result = await importFile('people', 'esr.csv', [ESR_HEADER, esr('30001', 'Green', 'Alex'), esr('30002', 'Blue', 'Bea')]);
    expect(result.stdout).toContain('1 matched to a mailbox (1 by employee number, 0 by name)');
    expect(await members('wave:Wave 1')).toEqual(['ops.manager@eastbrook.nhs.uk']);
    expect((await json('people', 'unmatched')).rows).toEqual([
      {
        employeeNumber: '30002',
        name: 'Bea Blue',
        reason: 'ambiguous',
        candidates: ['a.one@eastbrook.nhs.uk', 'a.two@eastbrook.nhs.uk'],
        by: 'employee-number',
      },
    ]);
  });

  it('links a staff list whose every address is blank, imported before the mailboxes, and says so at each step', async () => {
    const staff = await importFile('people', 'esr.csv', [ESR_HEADER, esr('1', 'Jones', 'Sam'), esr('2', 'Brown', 'Zoë')]);
    expect(staff.stdout).toContain('cannot be emailed until the mailbox list is imported');
    expect(await members('all-staff')).toEqual([]);
    const mailboxes = await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones'),
      mailbox('zoe.brown@eastbrook.nhs.uk', 'Brown, Zoe'),
    ]);
    expect(mailboxes.stdout).toContain(
      '2 staff-list rows have no work email address: 2 matched to a mailbox (0 by employee number, 2 by name).',
    );
    expect(await members('wave:Wave 1')).toEqual(['sam.jones@eastbrook.nhs.uk', 'zoe.brown@eastbrook.nhs.uk']);
    expect((await json('audiences')).apart).toMatchObject({ staffWithoutAddress: 0, notOnStaffList: 0 });
  });

  it('gives a row with a personal address to the mailbox its name fits, and emails the work address', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [MAILBOX_HEADER, mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones')]);
    await importFile('people', 'esr.csv', [ESR_HEADER, esr('1', 'Jones', 'Sam', 'SAM.JONES73@GMAIL.COM', 'Theatres', 'Wave 3')]);
    expect(await members('wave:Wave 3')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    expect(await listed('--outside-domains')).toEqual([]);
    expect(await listed()).toMatchObject([{ email: 'sam.jones@eastbrook.nhs.uk', staffEmail: 'sam.jones73@gmail.com' }]);
  });

  it('gives contractors a wave from a small file of their own, leaving the staff list as it was', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones'),
      mailbox('kim.agency@eastbrook.nhs.uk', 'Kim Agency'),
    ]);
    await importFile('people', 'esr.csv', [ESR_HEADER, esr('1', 'Jones', 'Sam', 'sam.jones@eastbrook.nhs.uk', 'Theatres', 'Wave 1')]);
    expect(await members('wave:Wave 2')).toEqual([]);
    await importFile('people', 'contractors.csv', ['Email,Wave', 'kim.agency@eastbrook.nhs.uk,Wave 2']);
    expect(await members('wave:Wave 1')).toEqual(['sam.jones@eastbrook.nhs.uk']);
    expect(await members('wave:Wave 2')).toEqual(['kim.agency@eastbrook.nhs.uk']);
  });

  it('lists the mailboxes that are not people', async () => {
    await importFile('mailboxes', 'mailboxes.csv', [
      MAILBOX_HEADER,
      mailbox('sam.jones@eastbrook.nhs.uk', 'Sam Jones'),
      '"rota@eastbrook.nhs.uk","Ward Rota","SharedMailbox","False",""',
    ]);
    expect(await listed('--mailboxes-not-people')).toMatchObject([
      { email: 'rota@eastbrook.nhs.uk', name: 'Ward Rota', why: 'shared mailbox: not a person, in no audience' },
    ]);
  });

  it('refuses two lists at once', async () => {
    const result = await sandbox.run('people', '--no-address', '--not-current');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Choose one list at a time: --no-address or --not-current.');
  });
});
