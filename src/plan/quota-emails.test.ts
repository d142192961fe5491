import { describe, expect, it } from 'vitest';
import type { DirectoryPerson } from '../audiences/audiences.store.js';
import { NO_MAILBOX_FACTS } from '../audiences/owner-fields.js';
import { workingCalendar } from '../calendar/working-days.js';
import { type Recipient, recipientFields } from '../messages/recipient-fields.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import type { Wave } from '../waves/wave.js';
import { NHSMAIL_PLAN } from './builtin-plans.js';

const GB = 1024 ** 3;
const LIMITS = { nearingPercent: 90, quotaBytes: 4 * GB, sharedMailboxQuotaBytes: 4 * GB, namesShown: 10 };
const WAVES: Wave[] = [
  { id: 1, name: 'Wave 1', start: '2027-02-27', end: '2027-02-28' },
  { id: 2, name: 'Wave 2', start: '2027-03-06', end: '2027-03-07' },
  { id: 3, name: 'Wave 3', start: '2027-03-20', end: '2027-03-21' },
  { id: 4, name: 'Wave 4', start: '2027-03-27', end: '2027-03-28' },
];
const SETTINGS = { 'org-name': 'Northmoor Valley NHS Trust', 'nearing-quota-percent': '90', 'quota-deadline-days-before-wave': '5' };

const base: DirectoryPerson = {
  email: 'sam.jones@t.nhs.uk',
  local_email: 'sam.jones@t.nhs.uk',
  staff_email: null,
  nhsmail_email: null,
  first_name: 'Sam',
  last_name: 'Jones',
  display_name: null,
  department: null,
  job_role: null,
  wave: 'Wave 3',
  local_size: null,
  nhsmail_size: null,
  combined_size: 0,
  quota: 4 * GB,
  mobile: 0,
  migrated: 0,
  failed: 0,
  migration_status: null,
  shared_mailbox_user: 0,
  outside_domain: 0,
  over_quota: 0,
  nearing_quota: 0,
};

function person(local: number, nhsmail: number | null, wave = 'Wave 3', quota = 4 * GB): Recipient {
  return {
    person: {
      ...base,
      wave,
      local_size: Math.floor(local),
      nhsmail_email: nhsmail === null ? null : 'sam.jones@nhs.net',
      nhsmail_size: nhsmail === null ? null : Math.floor(nhsmail),
      combined_size: Math.floor(local) + Math.floor(nhsmail ?? 0),
      quota,
    },
    limits: LIMITS,
    mailboxes: NO_MAILBOX_FACTS,
  };
}

function render(templateId: string, recipient: Recipient, settings: Record<string, string> = SETTINGS, waveName?: string): string {
  const template = NHSMAIL_PLAN.templates.find((t) => t.id === templateId);
  if (!template) throw new Error(`no template ${templateId}`);
  const context = { settings, programmeStart: '2026-12-14', waves: WAVES, calendar: workingCalendar('england-and-wales') };
  const rendered = renderTemplate(template, fieldValues(recipientFields(context, recipient, waveName)));
  // Only settings this test leaves out may be missing: every figure and date is filled.
  expect(rendered.missing.filter((name) => !/url|helpdesk|sender name/.test(name))).toEqual([]);
  return rendered.text;
}

/** A figure after `label` in the text, in hundredths of its unit. */
function figure(text: string, pattern: RegExp): number | undefined {
  const match = text.match(pattern);
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 100);
}

/** What a reader who checks the sums of the email finds wrong. */
function readersCheck(text: string): string[] {
  const local = figure(text, /mailbox: ([\d.]+) GB/);
  const nhsmail = figure(text, /tasks: ([\d.]+) GB/);
  const together = figure(text, /the two together: ([\d.]+) GB/);
  const remove = figure(text, /remove at least ([\d.]+) GB/);
  const line = figure(text, /down to ([\d.]+) GB or less/);
  const total = together ?? local;
  const wrong: string[] = [];
  if (nhsmail !== undefined && (local ?? 0) + nhsmail !== together) wrong.push('the parts do not add up to the total');
  if (total === undefined || remove === undefined || line === undefined) wrong.push('a figure is missing');
  else if (total - remove > line) wrong.push('removing the amount does not reach the line');
  return wrong;
}

describe('the quota emails, as each person reads them', () => {
  it.each([
    [
      'over-quota',
      'with an NHSmail account, the 3.85 GB case',
      person(3.2 * GB, 0.65 * GB),
      ['3.2 GB', '0.65 GB', 'the two together: 3.85 GB', '0.25 GB', '3.6 GB'],
    ],
    ['over-quota', 'with no NHSmail account', person(5.57 * GB, null), ['mailbox: 5.57 GB', 'your quota: 4 GB', '1.97 GB', '3.6 GB']],
    ['over-quota', 'with an empty NHSmail account', person(4.5 * GB, 0), ['tasks: 0 GB', 'the two together: 4.5 GB', '0.9 GB']],
    ['nearing-quota', 'with an NHSmail account', person(3 * GB, 0.7 * GB), ['the two together: 3.7 GB', '0.1 GB', '3.6 GB']],
    ['nearing-quota', 'with no NHSmail account', person(3.8 * GB, null), ['mailbox: 3.8 GB', '0.2 GB']],
    ['over-quota', 'with a 25 GB quota', person(24 * GB, 2 * GB, 'Wave 3', 25 * GB), ['your quota: 25 GB', '22.5 GB', '3.5 GB']],
  ])('%s %s: the figures add up and the NHSmail lines appear only with an account', (templateId, _label, recipient, shown) => {
    const text = render(templateId, recipient);
    for (const part of shown) expect(text).toContain(part);
    expect(readersCheck(text)).toEqual([]);
    const hasAccount = recipient.person.nhsmail_email !== null;
    expect(text.includes('your NHSmail account, including calendar, contacts and tasks')).toBe(hasAccount);
    expect(text.includes('together')).toBe(hasAccount);
    expect(text).not.toMatch(/\bKB\b/);
  });

  it("gives the clean-up deadline of the person's own wave: 5 working days before it starts", () => {
    expect(render('over-quota', person(5 * GB, null, 'Wave 3'))).toContain('by the end of Monday 15 March 2027');
    // Good Friday (26 March 2027) is not a working day.
    expect(render('nearing-quota', person(3.8 * GB, null, 'Wave 4'))).toContain('by the end of Friday 19 March 2027');
    expect(render('over-quota', person(5 * GB, null, 'Wave 3'))).toMatch(/You move with Wave 3, on Saturday 20 and Sunday 21 March 2027\./);
  });

  it('gives someone with no wave every wave’s deadline', () => {
    expect(render('over-quota', person(5 * GB, null, ''))).not.toContain('You move with');
    expect(render('over-quota', person(5 * GB, null, ''))).toContain(
      'by the end of Monday 22 February 2027 for Wave 1, Monday 1 March 2027 for Wave 2, Monday 15 March 2027 for Wave 3 and Friday 19 March 2027 for Wave 4.',
    );
  });

  it('tells all staff the deadline of each wave, or the one fixed date when it comes before every wave', () => {
    const everyone = (settings: Record<string, string>) => {
      const template = NHSMAIL_PLAN.templates.find((t) => t.id === 'detailed-actions');
      if (!template) throw new Error('no detailed-actions');
      const context = { settings, programmeStart: '2026-12-14', waves: WAVES, calendar: workingCalendar('england-and-wales') };
      return renderTemplate(template, fieldValues(recipientFields(context))).text;
    };
    expect(everyone(SETTINGS)).toContain('by the end of Monday 22 February 2027 for Wave 1, Monday 1 March 2027 for Wave 2,');
    expect(everyone({ ...SETTINGS, 'quota-deadline': '2027-02-12' })).toContain('by the end of Friday 12 February 2027.');
  });

  it.each(['Wave 3', 'Wave 4'])('never gives %s, reminded in the week it moves, a clean-up date that has passed', (waveName) => {
    const text = render('wave-reminder', person(3 * GB, null, waveName), { ...SETTINGS, 'quota-deadline': '2027-03-05' }, waveName);
    expect(text).not.toContain('5 March 2027');
    expect(text).toContain('under your quota of 4 GB before your move');
  });
});
