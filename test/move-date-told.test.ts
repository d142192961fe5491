import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * People are told their date early (issue 19, item 4): three weeks before each wave, its people
 * get their weekend and, when someone they share a calendar or mailbox with moves on another
 * weekend, who, when, what they share and what that means. Ann (Wave 1) has Bob (Wave 2) as her
 * calendar delegate and opens a shared mailbox put in Wave 2 with `waves assign`; Cat shares only
 * with Dee, in her own wave.
 */

const at = (local: string) => `${local}@northmoor-valley.example`;
/** The demo made on 24 November 2026: Wave 1 starts on Saturday 20 February 2027, Wave 2 on 27 February. */
const WAVE_1_MOVE_DATE = '2027-02-01T12:00:00Z';
const BOB = 'Baker, Bob <PA>';

const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { ok, sql, file } = demoCli(place);

const csv = (rows: string[][]) => `${rows.map((row) => row.map((cell) => `"${cell}"`).join(',')).join('\r\n')}\r\n`;

interface Mail {
  text: string;
  html: string;
}
const sent = new Map<string, Mail>();

async function readSentMail(): Promise<void> {
  const folder = join(place.dir, 'sent-mail');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(join(folder, name)));
    const to = mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '';
    sent.set(to.toLowerCase(), { text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '' });
  }
}

async function preview(person: string) {
  return JSON.parse((await ok('preview', 'move-date', '--person', person, '--json')).stdout) as {
    text: string;
    html: string;
    missing: string[];
  };
}

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-move-date-'));
  await ok('demo', '--dir', 'demo', '--plan-only');
  const mailboxes = file(
    'Mailboxes.csv',
    csv([
      ['PrimarySmtpAddress', 'DisplayName', 'RecipientTypeDetails'],
      [at('ann.lee'), 'Lee, Ann', 'UserMailbox'],
      [at('bob.baker'), BOB, 'UserMailbox'],
      [at('cat.cole'), 'Cat Cole', 'UserMailbox'],
      [at('dee.day'), 'Dee Day', 'UserMailbox'],
      [at('radiology'), 'Radiology Bookings', 'SharedMailbox'],
    ]),
  );
  const staff = file(
    'Staff.csv',
    csv([
      ['Email', 'First Name', 'Last Name', 'Wave'],
      [at('ann.lee'), 'Ann', 'Lee', 'Wave 1'],
      [at('bob.baker'), 'Bob', 'Baker', 'Wave 2'],
      [at('cat.cole'), 'Cat', 'Cole', 'Wave 1'],
      [at('dee.day'), 'Dee', 'Day', 'Wave 1'],
    ]),
  );
  const rights = file(
    'MailboxPermissions.csv',
    csv([
      ['Identity', 'User', 'AccessRights'],
      [at('radiology'), at('ann.lee'), 'FullAccess'],
      [at('dee.day'), at('cat.cole'), 'FullAccess'],
    ]),
  );
  const folders = file(
    'CalendarPermissions.csv',
    csv([
      ['Identity', 'FolderName', 'User', 'AccessRights', 'SharingPermissionFlags'],
      [`${at('ann.lee')}:\\Calendar`, 'Calendar', at('bob.baker'), 'Editor', 'Delegate'],
      [`${at('cat.cole')}:\\Calendar`, 'Calendar', at('dee.day'), 'Editor', 'Delegate'],
    ]),
  );
  await ok('import', 'mailboxes', mailboxes);
  await ok('import', 'people', staff);
  await ok('import', 'permissions', rights);
  await ok('import', 'permissions', folders);
  await ok('waves', 'assign', at('radiology'), '--wave', 'Wave 2');
  await ok('sender', 'add', 'project', '--folder', 'sent-mail', '--from', at('nhsmail.project'), '--per-minute', '1000');
  await ok('settings', 'set', 'data-max-age-days', '365');
  await ok('approve', 'move-date', '--wave', 'Wave 1', '--by', 'Priya Shah');
  place.clock = new Date(WAVE_1_MOVE_DATE);
  await ok('send', '--due', '--now', WAVE_1_MOVE_DATE);
  await readSentMail();
}, 120_000);
afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

describe('your move date', () => {
  it('goes to each person of Wave 1 on its date, 15 working days before the wave, and is sent to every one of them', () => {
    const rows = sql<{ person_email: string; state: string; not_before: string }>(
      "SELECT person_email, state, not_before FROM outbox WHERE occurrence_key LIKE 'move-date@%' ORDER BY person_email",
    );
    expect(rows.map((row) => [row.person_email, row.state])).toEqual([
      [at('ann.lee'), 'sent'],
      [at('cat.cole'), 'sent'],
      [at('dee.day'), 'sent'],
    ]);
    expect(rows[0]?.not_before.slice(0, 10)).toBe('2027-02-01');
  });

  it('gives each person their weekend', () => {
    const text = sent.get(at('cat.cole'))?.text ?? '';
    expect(text).toContain(
      'moves to NHSmail with Wave 1, over the weekend that starts on Saturday 20 February 2027 and ends on Sunday 21 February 2027',
    );
    expect(text).toContain('From Monday 22 February 2027 you will use NHSmail.');
  });

  it('tells a manager whose delegate moves in another wave who, when, what they share and what to do', () => {
    const text = sent.get(at('ann.lee'))?.text ?? '';
    expect(text).toContain('Colleagues who move on a different weekend');
    expect(text).toContain(
      [
        '- Bob <PA> Baker, who moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: they manage your calendar as your delegate.',
        '- Radiology Bookings, a shared mailbox that moves with Wave 2 on Saturday 27 and Sunday 28 February 2027: you can open it.',
      ].join('\n'),
    );
    expect(text).toContain('you are on two different email systems');
    expect(text).toMatch(/tell the project team at \S+ now/);
  });

  it('escapes a colleague name holding < and > in the HTML', () => {
    const html = sent.get(at('ann.lee'))?.html ?? '';
    expect(html).toMatch(/Bob &(#60|lt);PA&(#62|gt); Baker, who moves with Wave 2/);
    expect(html).not.toContain('<PA>');
  });

  it('says nothing about colleagues to someone whose colleagues all move with them, and still sends', () => {
    const text = sent.get(at('cat.cole'))?.text ?? '';
    expect(text).not.toContain('different weekend');
    expect(text).not.toContain('((');
    const [cat] = sql<{ fields_json: string }>(
      "SELECT fields_json FROM outbox WHERE occurrence_key LIKE 'move-date@%' AND person_email = ?",
      at('cat.cole'),
    );
    expect(JSON.parse(cat?.fields_json ?? '{}')['colleagues in other waves']).toBe('');
  });

  it('previews what is sent, for the person with a colleague apart and for the one without', async () => {
    for (const person of [at('ann.lee'), at('cat.cole')]) {
      const shown = await preview(person);
      expect(shown.missing).toEqual([]);
      expect(shown.text.trim()).toBe(sent.get(person)?.text.trim());
    }
  });

  it('tells the delegate in Wave 2 the same link from their side', async () => {
    const shown = await preview(at('bob.baker'));
    expect(shown.text).toContain(
      '- Ann Lee, who moves with Wave 1 on Saturday 20 and Sunday 21 February 2027: you manage their calendar as their delegate.',
    );
    expect(shown.html).toContain('Dear Bob,');
  });

  it('lists every wave still to come in the month-3 email', async () => {
    const shown = JSON.parse((await ok('preview', 'month-3-all-staff', '--json')).stdout) as { text: string };
    expect(shown.text).toContain(
      [
        '- Wave 1: Saturday 20 and Sunday 21 February 2027',
        '- Wave 2: Saturday 27 and Sunday 28 February 2027',
        '- Wave 3: Saturday 13 and Sunday 14 March 2027',
        '- Wave 4: Saturday 20 and Sunday 21 March 2027',
      ].join('\n'),
    );
  });
});
