import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate, type LocalDate } from '../src/calendar/local-date.js';
import { addWorkingDays, workingCalendar } from '../src/calendar/working-days.js';
import { waveDates } from '../src/messages/message-fields.js';
import { type DemoPlace, demoCli } from './support/demo-cli.js';

/**
 * The over-quota and nearing-quota emails the demo sends, as queued and as read: each person's
 * clean-up deadline is their own wave's, and the NHSmail lines are there only for people who have
 * an NHSmail account.
 */

/** The demo made on 24 November 2026: the month-2 emails go on 7 January 2027. */
const AFTER_MONTH_2 = '2027-01-08T12:00:00Z';
const place: DemoPlace = { dir: '', clock: new Date('2026-11-24T10:00:00Z') };
const { ok, sql, file } = demoCli(place);

interface Sent {
  person: string;
  wave: string | null;
  fields: Record<string, string>;
  text: string;
}
const sent = new Map<string, Sent[]>();
let withAccount = '';
/** Someone whose NHSmail account alone (4.2 GB) is over the quota, with a local mailbox smaller than what they must remove. */
let bigAccount = '';
/** The month-2 email as the all-staff list gets it: its stored fields and its text. */
let toList: { fields: Record<string, string>; text: string } | undefined;

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-quota-emails-'));
  await ok('demo', '--dir', 'demo');
  const [over] = sql<{ email: string }>(
    'SELECT email FROM directory_persons WHERE local_size > 4.5 * 1073741824 AND wave IS NOT NULL ORDER BY email LIMIT 1',
  );
  withAccount = over?.email ?? '';
  const [small] = sql<{ email: string }>(
    'SELECT email FROM directory_persons WHERE local_size BETWEEN 2.5 * 1073741824 AND 3.5 * 1073741824 AND wave IS NOT NULL ORDER BY email LIMIT 1',
  );
  bigAccount = small?.email ?? '';
  await ok(
    'import',
    'nhsmail-accounts',
    file('nhsmail.csv', `Email,Current Size,Allocated Quota\n${withAccount},0.65 GB,4 GB\n${bigAccount},4.2 GB,4 GB\n`),
  );
  // Someone over their quota with no wave on the staff list, who keeps the text for everyone.
  const [noWave] = sql<{ email: string }>(
    `SELECT email FROM directory_persons WHERE local_size > 4.5 * 1073741824 AND wave IS NOT NULL AND email NOT IN (?, ?)
     ORDER BY email DESC LIMIT 1`,
    withAccount,
    bigAccount,
  );
  sql('UPDATE people SET wave_name = NULL WHERE email = ?', noWave?.email);
  sql('UPDATE directory_persons SET wave = NULL WHERE email = ?', noWave?.email);
  // The demo plans its waves, which stores each person's wave; theirs goes too.
  sql('DELETE FROM wave_assignments WHERE mailbox_email = ?', noWave?.email);
  // Every message in one pass at a fixed clock.
  sql('UPDATE senders SET per_minute = 100000');
  place.clock = new Date(AFTER_MONTH_2);
  await ok('send', '--due', '--anyway', '--now', AFTER_MONTH_2);
  const texts = new Map<string, string>();
  const folder = join(place.dir, 'demo', 'mail');
  for (const name of readdirSync(folder).filter((n) => n.endsWith('.eml'))) {
    const mail = await simpleParser(readFileSync(join(folder, name)));
    const to = mail.to && !Array.isArray(mail.to) ? (mail.to.value[0]?.address ?? '') : '';
    texts.set(`${mail.subject}|${to.toLowerCase()}`, mail.text ?? '');
  }
  const rows = sql<{ occurrence_key: string; person_email: string; fields_json: string; wave: string | null }>(
    `SELECT o.occurrence_key, o.person_email, o.fields_json, d.wave FROM outbox o
     JOIN directory_persons d ON d.email = o.person_email WHERE o.occurrence_key IN ('over-quota', 'nearing-quota')`,
  );
  const subjects: Record<string, string> = {
    'over-quota': 'Action needed: your mail is too large to move to NHSmail',
    'nearing-quota': 'Your mailbox is close to its NHSmail quota',
  };
  for (const row of rows) {
    const list = sent.get(row.occurrence_key) ?? [];
    list.push({
      person: row.person_email,
      wave: row.wave,
      fields: JSON.parse(row.fields_json),
      text: texts.get(`${subjects[row.occurrence_key]}|${row.person_email}`) ?? '',
    });
    sent.set(row.occurrence_key, list);
  }
  const [list] = sql<{ recipient: string; fields_json: string }>(
    "SELECT recipient, fields_json FROM outbox WHERE occurrence_key = 'detailed-actions'",
  );
  toList = list && {
    fields: JSON.parse(list.fields_json),
    text: texts.get(`Moving to NHSmail: what you need to do|${list.recipient}`) ?? '',
  };
}, 120_000);
afterAll(() => rmSync(place.dir, { recursive: true, force: true }));

/** 5 working days before the wave starts, as the demo's calendar counts them. */
function expectedDeadline(waveName: string): string {
  const [wave] = sql<{ start_date: LocalDate }>('SELECT start_date FROM waves WHERE name = ?', waveName);
  return formatLongDate(addWorkingDays(workingCalendar('england-and-wales'), wave?.start_date as LocalDate, -5));
}

describe('the quota emails the demo sends', () => {
  it.each(['over-quota', 'nearing-quota'])('%s gives each person the clean-up deadline of their own wave', (key) => {
    const messages = sent.get(key) ?? [];
    expect(messages.length).toBeGreaterThan(5);
    const waves = new Set<string>();
    for (const message of messages) {
      if (!message.wave) continue;
      waves.add(message.wave);
      expect(message.fields['quota deadline'], message.person).toBe(expectedDeadline(message.wave));
      expect(message.text, message.person).toContain(`by the end of ${expectedDeadline(message.wave)}.`);
    }
    expect(waves.size).toBeGreaterThan(1);
  });

  it.each(['over-quota', 'nearing-quota'])('%s tells each person with a wave which it is and its dates, and no one else', (key) => {
    const messages = sent.get(key) ?? [];
    // The demo has one person with no wave among the over-quota (set above), none among the nearing.
    expect(messages.some((m) => !m.wave)).toBe(key === 'over-quota');
    for (const message of messages) {
      if (!message.wave) {
        expect(message.fields['your wave'], message.person).toBe('');
        expect(message.text, message.person).not.toContain('You move with');
        continue;
      }
      const [wave] = sql<{ start_date: LocalDate; end_date: LocalDate }>(
        'SELECT start_date, end_date FROM waves WHERE name = ?',
        message.wave,
      );
      const dates = waveDates({ start: wave?.start_date as LocalDate, end: wave?.end_date as LocalDate });
      expect(message.text, message.person).toContain(`You move with ${message.wave}, on ${dates}.`);
    }
  });

  it('keeps the general text in the month-2 email to the all-staff list', () => {
    expect(toList?.fields['your wave']).toBe('');
    expect(toList?.text).toContain('Make your mailbox smaller');
    expect(toList?.text).not.toContain('You move with');
  });

  it('tells someone whose NHSmail account alone is over the quota so, and that either part can shrink', () => {
    const theirs = (sent.get('over-quota') ?? []).find((m) => m.person === bigAccount);
    expect(theirs?.text).toContain('your NHSmail account, including calendar, contacts and tasks: 4.2 GB');
    expect(theirs?.text).toContain('You can remove it from your');
    expect(theirs?.text).toContain('Your NHSmail account on its own is already over your quota');
    const other = (sent.get('over-quota') ?? []).find((m) => m.person === withAccount);
    expect(other?.text).toContain('mailbox, your NHSmail account or both.');
    expect(other?.text).not.toContain('on its own');
  });

  it('tells people with no NHSmail account nothing about one, and the one person with an account both parts and their sum', () => {
    const messages = sent.get('over-quota') ?? [];
    for (const message of messages.filter((m) => m.person !== withAccount && m.person !== bigAccount)) {
      expect(message.fields['nhsmail size'], message.person).toBe('');
      expect(message.text).not.toContain('NHSmail account, including');
      expect(message.text).not.toMatch(/\bKB\b|together/);
    }
    const theirs = messages.find((m) => m.person === withAccount);
    expect(theirs?.text).toMatch(/tasks: 0\.65 GB\n- the two together: [\d.]+ GB\n- your quota: 4 GB/);
  });

  it('shows figures a reader can check: the total less the amount to remove is the 90% line, 3.6 GB', () => {
    const quotaMessages = [...(sent.get('over-quota') ?? []), ...(sent.get('nearing-quota') ?? [])];
    expect(quotaMessages.length).toBeGreaterThan(0);
    for (const message of quotaMessages) {
      const total = Number(message.fields['combined size']?.replace(' GB', ''));
      const remove = Number(message.fields['amount to remove']?.replace(' GB', ''));
      expect(message.fields['nearing quota size']).toBe('3.6 GB');
      expect(Math.round((total - remove) * 100), message.person).toBeLessThanOrEqual(360);
      expect(message.text).toContain(`down to 3.6 GB or less (90% of your quota)`);
    }
  });
});
