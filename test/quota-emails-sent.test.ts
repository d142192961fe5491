import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLongDate, type LocalDate } from '../src/calendar/local-date.js';
import { addWorkingDays, workingCalendar } from '../src/calendar/working-days.js';
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

beforeAll(async () => {
  place.dir = mkdtempSync(join(tmpdir(), 'commsplan-quota-emails-'));
  await ok('demo', '--dir', 'demo');
  const [over] = sql<{ email: string }>(
    'SELECT email FROM directory_persons WHERE local_size > 4.5 * 1073741824 AND wave IS NOT NULL ORDER BY email LIMIT 1',
  );
  withAccount = over?.email ?? '';
  await ok('import', 'nhsmail-accounts', file('nhsmail.csv', `Email,Current Size,Allocated Quota\n${withAccount},0.65 GB,4 GB\n`));
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
    'over-quota': 'Action needed: your mailbox is too large to move to NHSmail',
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
      expect(message.text, message.person).toContain(`by ${expectedDeadline(message.wave)}.`);
    }
    expect(waves.size).toBeGreaterThan(1);
  });

  it('tells people with no NHSmail account nothing about one, and the one person with an account both parts and their sum', () => {
    const messages = sent.get('over-quota') ?? [];
    for (const message of messages.filter((m) => m.person !== withAccount)) {
      expect(message.fields['nhsmail size'], message.person).toBe('');
      expect(message.text).not.toContain('NHSmail account, including');
      expect(message.text).not.toMatch(/\bKB\b|together/);
    }
    const theirs = messages.find((m) => m.person === withAccount);
    expect(theirs?.text).toMatch(/tasks: 0\.65 GB\n- the two together: [\d.]+ GB\n- your quota: 4 GB/);
  });

  it('shows figures a reader can check: the total less the amount to remove is the 90% line, 3.6 GB', () => {
    for (const message of [...(sent.get('over-quota') ?? []), ...(sent.get('nearing-quota') ?? [])]) {
      const total = Number(message.fields['combined size']?.replace(' GB', ''));
      const remove = Number(message.fields['amount to remove']?.replace(' GB', ''));
      expect(message.fields['nearing quota size']).toBe('3.6 GB');
      expect(Math.round((total - remove) * 100), message.person).toBeLessThanOrEqual(360);
      expect(message.text).toContain(`down to 3.6 GB or less (90% of your quota)`);
    }
  });
});
