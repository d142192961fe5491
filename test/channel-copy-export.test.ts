import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSandbox } from './support/cli-harness.js';

/** `commsplan export --format intranet|newsletter|briefing --out DIR` (issue 18, channel copy). */
let sandbox: ReturnType<typeof cliSandbox>;
const ok = async (...args: string[]) => {
  const result = await sandbox.run(...args);
  expect(result.code, `${args.join(' ')}\n${result.stdout}${result.stderr}`).toBe(0);
  return result;
};
const read = (...path: string[]) => readFileSync(join(sandbox.dir, ...path), 'utf8');

beforeEach(async () => {
  sandbox = cliSandbox();
  await ok('init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07');
  await ok('waves', 'add', '--start', '2027-03-13');
  await ok('waves', 'add', '--start', '2027-03-20');
  const settings: [string, string][] = [
    ['how-migrations-are-organised', 'your department, one weekend at a time'],
    ['migration-duration', 'five weeks'],
    ['security-policy-url', 'https://intranet.eastbrook.nhs.uk/policies/security'],
    ['quota-deadline', '2027-02-26'],
    ['local-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail'],
    ['information-pack-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/pack'],
    ['helpdesk-email', 'it.helpdesk@eastbrook.nhs.uk'],
    ['project-team-email', 'nhsmail.project@eastbrook.nhs.uk'],
    ['deleted-items-migrated', 'no'],
    ['mailbox-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/size'],
    ['mobile-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/phones'],
    ['outlook-guidance-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/outlook'],
    ['application-settings-url', 'https://intranet.eastbrook.nhs.uk/nhsmail/apps'],
    ['distribution-list-arrangements', 'The project team makes each list again on NHSmail'],
    ['shared-mailbox-arrangements', 'Each shared mailbox moves with the people who use it'],
  ];
  for (const [key, value] of settings) await ok('settings', 'set', key, value);
});
const setHelpdeskPhone = () => ok('settings', 'set', 'helpdesk-phone', '01632 960123');
afterEach(() => sandbox.cleanup());

describe('export of the channel copy', () => {
  it('writes an intranet page per phase that publishes on the intranet, filled in, with every wave', async () => {
    await setHelpdeskPhone();
    const result = await ok('export', '--format', 'intranet', '--out', 'copy');
    expect(readdirSync(join(sandbox.dir, 'copy')).sort()).toEqual([
      'intranet-actions-required.html',
      'intranet-pre-migration.html',
      'intranet-raising-awareness.html',
    ]);
    expect(result.stderr).toBe('');
    const page = read('copy', 'intranet-pre-migration.html');
    expect(page).toContain('<li>Wave 1: Saturday 13 March 2027 to Sunday 14 March 2027</li>');
    expect(page).toContain('<li>Wave 2: Saturday 20 March 2027 to Sunday 21 March 2027</li>');
    expect(page).toContain('01632 960123');
    expect(page).not.toMatch(/\(\(|\[not set|<script/);
    const actions = read('copy', 'intranet-actions-required.html');
    for (const heading of ['If you read email on a phone or tablet', 'For the IT helpdesk', 'If you look after a system that sends email'])
      expect(actions).toContain(`<h3>${heading}</h3>`);
    expect(actions).not.toMatch(/\(\(|\[not set/);
  });

  it('writes each newsletter article as Markdown and HTML, and says which settings are not filled', async () => {
    const result = await ok('export', '--format', 'newsletter', '--out', 'copy');
    expect(readdirSync(join(sandbox.dir, 'copy')).sort()).toEqual([
      'newsletter-actions-required.html',
      'newsletter-actions-required.md',
      'newsletter-pre-migration.html',
      'newsletter-pre-migration.md',
      'newsletter-raising-awareness.html',
      'newsletter-raising-awareness.md',
    ]);
    expect(read('copy', 'newsletter-raising-awareness.md')).toContain('## Our email is moving to NHSmail');
    expect(result.stderr).toContain('Settings not filled yet, marked [not set: ...] in the copy: helpdesk phone.');
  });

  it("writes the managers' briefing with the staff who have no email address, by department, and a CSV that cannot run formulas", async () => {
    const staff = [
      'Email,First Name,Last Name,Department',
      ',Ann,Lee,Estates',
      ',=HYPERLINK("http://x"),Ray,Porters',
      ',Dee,<b>Fox</b>,Porters',
      'cat.day@eastbrook.nhs.uk,Cat,Day,Estates',
    ];
    writeFileSync(join(sandbox.dir, 'staff.csv'), `${staff.join('\n')}\n`);
    await ok('import', 'people', 'staff.csv');
    await setHelpdeskPhone();
    await ok('export', '--format', 'briefing', '--out', 'copy');
    const html = read('copy', 'manager-briefing.html');
    expect(html).toContain('3 members of staff on the staff list have no email address');
    expect(html).toContain('<h4>Estates (1)</h4>\n<ul><li>Ann Lee</li></ul>');
    expect(html).toContain('<h4>Porters (2)</h4>');
    expect(html).toContain('Dee &#60;b&#62;Fox&#60;/b&#62;');
    expect(html).not.toContain('Cat Day');
    expect(html).toContain('<li>Wave 1: Saturday 13 March 2027 to Sunday 14 March 2027</li>');
    expect(read('copy', 'manager-briefing.md')).toContain('#### Porters (2)');
    expect(html).toContain('is for the comms lead');
    expect(
      readdirSync(join(sandbox.dir, 'copy'))
        .filter((name) => name.startsWith('manager-briefing-'))
        .sort(),
    ).toEqual(['manager-briefing-estates.html', 'manager-briefing-porters.html']);
    const porters = read('copy', 'manager-briefing-porters.html');
    expect(porters).toContain('Briefing for managers: our move to NHSmail (Porters)');
    expect(porters).toContain('Dee &#60;b&#62;Fox&#60;/b&#62;');
    expect(porters).not.toContain('Ann Lee');
    expect(read('copy', 'staff-without-email.csv')).toBe(
      'Department,Name\r\nEstates,Ann Lee\r\nPorters,"\'=HYPERLINK(""http://x"") Ray"\r\nPorters,Dee <b>Fox</b>\r\n',
    );
  });

  it('needs a folder for the copy', async () => {
    const refused = await sandbox.run('export', '--format', 'briefing');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--format briefing writes several files: name a folder for them with --out FOLDER.');
  });
});
