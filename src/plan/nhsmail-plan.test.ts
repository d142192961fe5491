import { describe, expect, it } from 'vitest';
import { RUN_LENGTH, readFingerprint, runHash, wordRuns } from '../../bench/seed-fingerprint.js';
import { addDays, dayOfWeek, type LocalDate } from '../calendar/local-date.js';
import { workingCalendar } from '../calendar/working-days.js';
import { failedMoveFields, failedMoveRoute } from '../messages/failed-move-route.js';
import { unknownAmong } from '../messages/known-placeholders.js';
import { ownWaveFields, PLAN_FIELDS, planFields, SETTING_FIELDS, settingFields, waveDates } from '../messages/message-fields.js';
import { PLACEHOLDER, placeholdersIn } from '../messages/placeholders.js';
import { programmeOutcomeFields } from '../messages/programme-outcome-fields.js';
import { quotaDeadlineRule, waveQuotaDeadline } from '../messages/quota-deadline.js';
import { fieldValues, renderTemplate } from '../messages/render-template.js';
import type { Wave } from '../waves/wave.js';
import { NHSMAIL_PLAN } from './builtin-plans.js';
import type { Activity, PlanDefinition } from './plan-model.js';

type Template = PlanDefinition['templates'][number];

import { buildTimeline } from './timeline.js';

/** Every piece of our own wording the plan ships. */
function ourWords(): string {
  return [
    ...NHSMAIL_PLAN.templates.flatMap((t) => [t.subject, t.body]),
    ...NHSMAIL_PLAN.keyMessages.flatMap((m) => [m.heading, m.body]),
    ...NHSMAIL_PLAN.activities.flatMap((a) => [a.title, ...a.actions]),
    ...NHSMAIL_PLAN.phases.map((p) => p.summary),
    ...NHSMAIL_PLAN.introduction.flatMap((s) => [s.heading, s.body]),
  ].join('\n');
}

const templateText = (id: string) => {
  const template = NHSMAIL_PLAN.templates.find((t) => t.id === id);
  if (!template) throw new Error(`no template ${id}`);
  return `${template.subject}\n${template.body}`;
};
const activity = (id: string) => NHSMAIL_PLAN.activities.find((a) => a.id === id);

/** The template with its optional content `((name??...))` taken out: what every recipient reads. */
const withoutOptionalContent = (text: string) => text.replace(PLACEHOLDER, (whole, _name, shown) => (shown === undefined ? whole : ''));

const planned: Activity[] = NHSMAIL_PLAN.activities.map((definition) => ({
  ...definition,
  owner: undefined,
  status: 'planned',
  catchUp: true,
}));
const timelineFor = (
  waves: Wave[],
  closures: { date: LocalDate; name: string }[] = [],
  nation: 'england-and-wales' | 'scotland' = 'england-and-wales',
) =>
  buildTimeline({
    programmeStart: '2026-09-07',
    activities: planned,
    waves,
    calendar: workingCalendar(nation, closures),
    sendTime: '09:00',
  });

describe('the built-in NHSmail plan', () => {
  it('has every activity of section 7 of the source template, in order', () => {
    const references = NHSMAIL_PLAN.activities.map((a) => a.reference).filter((r) => r.startsWith('7.'));
    expect(references).toEqual([
      '7.1.1',
      '7.2.1',
      '7.2.2',
      '7.2.3',
      '7.2.4',
      '7.2.5',
      '7.2.6',
      '7.3.1',
      '7.3.2',
      '7.4.1',
      '7.4.2',
      '7.4.3',
    ]);
  });

  it.each([
    ['announcement', ['all-staff'], 'raising-awareness'],
    ['detailed-actions', ['all-staff'], 'actions-required'],
    ['over-quota', ['over-quota'], 'actions-required'],
    ['nearing-quota', ['nearing-quota'], 'actions-required'],
    ['mobile-users', ['mobile-users'], 'actions-required'],
    ['outlook-users', ['email-programme-users'], 'actions-required'],
    ['helpdesk', ['helpdesk'], 'actions-required'],
    ['application-owners', ['application-owners'], 'actions-required'],
    ['dl-owners', ['dl-owners'], 'actions-required'],
    ['shared-mailbox-users', ['shared-mailbox-users'], 'actions-required'],
    ['shared-mailbox-owners', ['shared-mailbox-owners'], 'actions-required'],
    ['month-3-all-staff', ['all-staff'], 'pre-migration'],
    ['move-date', ['wave'], 'pre-migration'],
    ['wave-notice', ['wave'], 'pre-migration'],
    ['wave-reminder', ['wave'], 'pre-migration'],
    ['welcome', ['wave-migrated'], 'post-migration'],
    ['failed-migration', ['wave-failed'], 'post-migration'],
    ['move-not-finished', ['wave-unfinished'], 'post-migration'],
    ['completion', ['all-staff'], 'post-migration'],
  ])('sends %s to %j in phase %s with its own email', (id, audiences, phase) => {
    expect(activity(id)?.audiences).toEqual(audiences);
    expect(activity(id)?.phase).toBe(phase);
    expect(activity(id)?.templateIds).toEqual([id]);
    expect(NHSMAIL_PLAN.templates.some((t) => t.id === id)).toBe(true);
  });

  it('sends every template from exactly one activity', () => {
    const sent = NHSMAIL_PLAN.activities.flatMap((a) => a.templateIds);
    expect([...sent].sort()).toEqual(NHSMAIL_PLAN.templates.map((t) => t.id).sort());
  });

  it('times activities as the source template does, the reminder three working days before each wave', () => {
    const timing = Object.fromEntries(NHSMAIL_PLAN.activities.map((a) => [a.id, a.timing]));
    expect(timing['detailed-actions']).toEqual({ kind: 'programme', month: 2 });
    expect(timing['nearing-quota']).toEqual(timing['over-quota']);
    expect(timing['shared-mailbox-users']).toEqual({ kind: 'programme', month: 2 });
    expect(timing['month-3-all-staff']).toEqual({ kind: 'programme', month: 3 });
    expect(timing['wave-reminder']).toEqual({ kind: 'wave', anchor: 'start', days: -3, count: 'working' });
    expect(timing.welcome).toEqual({ kind: 'wave', anchor: 'end', days: 1, count: 'working' });
    expect(timing.completion?.kind).toBe('after-all-waves');
  });

  it.each<[string, Wave, { date: LocalDate; name: string }[], 'england-and-wales' | 'scotland']>([
    ['an ordinary weekend', { id: 1, name: 'Wave 1', start: '2027-01-16', end: '2027-01-17' }, [], 'england-and-wales'],
    ['Easter 2027 (Good Friday off)', { id: 1, name: 'Easter', start: '2027-03-27', end: '2027-03-28' }, [], 'england-and-wales'],
    ['Christmas 2027', { id: 1, name: 'Christmas', start: '2027-12-25', end: '2027-12-26' }, [], 'england-and-wales'],
    ['the 2027 New Year in Scotland', { id: 1, name: 'New Year', start: '2027-01-02', end: '2027-01-03' }, [], 'scotland'],
    [
      'a week with two closure days',
      { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
      [
        { date: '2027-02-18', name: 'Closed' },
        { date: '2027-02-19', name: 'Closed' },
      ],
      'england-and-wales',
    ],
  ])('reminds the wave in the Monday-to-Friday that ends with it: %s', (_label, wave, closures, nation) => {
    const reminder = timelineFor([wave], closures, nation).find((o) => o.activityId === 'wave-reminder');
    const monday = addDays(wave.start, -5);
    expect(dayOfWeek(wave.start)).toBe(6);
    expect(reminder?.date && reminder.date >= monday && reminder.date < wave.start).toBe(true);
    expect([1, 2, 3, 4, 5]).toContain(dayOfWeek(reminder?.date as LocalDate));
  });

  it('tells each wave its dates and clean-up deadline before the deadline, with the default deadline, closures and bank holidays', () => {
    const rule = quotaDeadlineRule({});
    const calendar = workingCalendar('england-and-wales', [{ date: '2027-03-16', name: 'Closed' }]);
    for (const wave of [
      { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
      { id: 2, name: 'Wave 2', start: '2027-03-27', end: '2027-03-28' },
    ]) {
      const notice = timelineFor([wave], [{ date: '2027-03-16', name: 'Closed' }]).find((o) => o.activityId === 'wave-notice');
      expect(notice?.date && notice.date < waveQuotaDeadline(rule, wave, calendar), wave.name).toBe(true);
    }
    const text = templateText('wave-notice');
    for (const field of ['wave name', 'wave start', 'wave end', 'wave return date', 'quota deadline', 'quota', 'information pack url'])
      expect(placeholdersIn(text)).toContain(field);
  });

  it.each<[string, Wave, LocalDate]>([
    // Counted back from Friday 19 February: three working weeks.
    ['an ordinary weekend', { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' }, '2027-02-01'],
    // Easter Monday (29 March) and Good Friday (26 March) are not counted: Thursday 18 March, not Monday 22.
    ['a weekend after Easter 2027', { id: 1, name: 'After Easter', start: '2027-04-10', end: '2027-04-11' }, '2027-03-18'],
  ])('tells each wave its move date 15 working days before it starts: %s', (_label, wave, expected) => {
    expect(activity('move-date')?.timing).toEqual({ kind: 'wave', anchor: 'start', days: -15, count: 'working' });
    const occurrences = timelineFor([wave]).filter((o) => o.activityId === 'move-date');
    expect(occurrences.map((o) => [o.wave?.name, o.date])).toEqual([[wave.name, expected]]);
  });

  it('gives each wave its move date before its notice, and each person their weekend and the colleagues apart from them', () => {
    const waves: Wave[] = [
      { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
      { id: 2, name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' },
    ];
    const timeline = timelineFor(waves);
    for (const wave of waves) {
      const dateOf = (id: string) => timeline.find((o) => o.activityId === id && o.wave?.id === wave.id)?.date as LocalDate;
      expect(dateOf('move-date') < dateOf('wave-notice')).toBe(true);
    }
    const text = templateText('move-date');
    for (const field of ['wave name', 'wave start', 'wave end', 'colleagues in other waves', 'project team email'])
      expect(placeholdersIn(text)).toContain(field);
    // Nothing about colleagues apart is read by someone whose colleagues all move with them.
    expect(withoutOptionalContent(text)).not.toMatch(/different weekend|colleagues in other waves/);
  });

  it('tells the wave it moves this weekend, to be under quota before the move (its clean-up deadline has passed) and to sign in', () => {
    const reminder = templateText('wave-reminder');
    expect(reminder).toContain('this weekend');
    // Sent 3 working days before the wave, after its deadline (5 working days before, by default): no date to miss.
    expect(placeholdersIn(reminder)).not.toContain('quota deadline');
    expect(reminder).toContain('under your quota of ((quota)) before your move');
    expect(reminder).toContain('your quota of ((quota))');
    expect(reminder).toMatch(/signed in to your new NHSmail account, do it before \(\(wave start\)\)/);
  });

  it.each(['over-quota', 'nearing-quota'])('asks %s people to remove enough to get below the nearing line, by the deadline', (id) => {
    const text = templateText(id);
    for (const field of ['amount to remove', 'nearing quota size', 'quota deadline', 'quota', 'combined size']) {
      expect(placeholdersIn(text), field).toContain(field);
    }
    expect(text).toMatch(/remove at least \*\*\(\(amount to remove\)\)\*\*/);
    expect(text).toMatch(/down to \(\(nearing quota size\)\) or less/);
  });

  it('tells shared mailbox users each mailbox they use with its own owners, and what to do about one over the limit', () => {
    const text = templateText('shared-mailbox-users');
    expect(placeholdersIn(withoutOptionalContent(text))).toContain('shared mailboxes');
    expect(text).toMatch(/ask its owner to give you access again/);
    for (const template of NHSMAIL_PLAN.templates) {
      expect(placeholdersIn(`${template.subject}\n${template.body}`), template.id).not.toContain('shared mailbox owners');
    }
    const lines =
      'Pharmacy (pharmacy@trust.example): owned by Dana Hughes (dana@trust.example).\nRota (rota@trust.example): no owner on our records.';
    const rendered = renderTemplate(
      { id: 'shared-mailbox-users', subject: '', body: text },
      fieldValues({ 'shared mailboxes': lines, 'shared mailboxes over limit': 'Rota' }),
    );
    expect(rendered.text).toContain(
      '- Pharmacy (pharmacy@trust.example): owned by Dana Hughes (dana@trust.example).\n- Rota (rota@trust.example)',
    );
    expect(rendered.text).toContain('Larger than NHSmail allows for a shared mailbox: Rota.');
    expect(rendered.text).toMatch(/ask the mailbox's owner/);
    const none = renderTemplate(
      { id: 'shared-mailbox-users', subject: '', body: text },
      fieldValues({ 'shared mailboxes': lines, 'shared mailboxes over limit': '' }),
    );
    expect(none.text).not.toContain('too large');
  });

  it.each([
    ['dl-owners', 'distribution list arrangements'],
    ['detailed-actions', 'distribution list arrangements'],
    ['shared-mailbox-users', 'shared mailbox arrangements'],
    ['shared-mailbox-owners', 'shared mailbox arrangements'],
    ['detailed-actions', 'shared mailbox arrangements'],
    ['completion', 'not moving arrangements'],
  ])('leaves the decision in %s to the setting ((%s))', (id, setting) => {
    expect(placeholdersIn(templateText(id))).toContain(setting);
  });

  it.each([
    ['dl-owners', /keep them reachable/i],
    ['shared-mailbox-owners', /same wave/i],
    ['failed-migration', /new date|still arrives/i],
  ])('makes no promise the organisation has not decided in %s', (id, promise) => {
    expect(templateText(id)).not.toMatch(promise);
  });

  it('welcomes only the people each wave moved, and writes only to those whose move in that wave failed', () => {
    const waves: Wave[] = [
      { id: 1, name: 'Wave 1', start: '2027-01-16', end: '2027-01-17' },
      { id: 2, name: 'Wave 2', start: '2027-01-23', end: '2027-01-24' },
    ];
    const audiences = (activityId: string) =>
      timelineFor(waves)
        .filter((o) => o.activityId === activityId)
        .map((o) => o.audiences);
    expect(audiences('welcome')).toEqual([['migrated:Wave 1'], ['migrated:Wave 2']]);
    expect(audiences('failed-migration')).toEqual([['failed:Wave 1'], ['failed:Wave 2']]);
  });

  it('tells people whose move failed to keep checking NHSmail', () => {
    expect(templateText('failed-migration')).toMatch(/Keep checking your NHSmail inbox/);
  });

  describe('after a failed move, says what happens next for each person (issue 18)', () => {
    const waves: Wave[] = [
      { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
      { id: 2, name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' },
      { id: 3, name: 'Wave 3', start: '2027-03-13', end: '2027-03-14' },
    ];
    const calendar = workingCalendar('england-and-wales');
    const failedEmail = (person: { wave: string; result_wave: string }, twice: boolean, today: LocalDate) => {
      const values = {
        'first name': 'Sam',
        'wave name': person.result_wave,
        'org name': 'Northmoor Valley NHS Trust',
        'helpdesk phone': '0113 496 0123',
        'helpdesk email': 'it.helpdesk@northmoor-valley.example',
        'mailbox guidance url': 'https://intranet.example/clean-up',
        'sender name': 'The project team',
        ...failedMoveFields(failedMoveRoute(person, twice, waves, today), calendar),
      };
      return renderTemplate({ id: 'failed-migration', subject: '', body: templateText('failed-migration') }, fieldValues(values));
    };

    it('names the wave a carried-over person now moves in, with its dates', () => {
      const email = failedEmail({ wave: 'Wave 3', result_wave: 'Wave 1' }, false, '2027-02-22');
      expect(email.missing).toEqual([]);
      expect(email.text).toContain('We will try again with Wave 3: Saturday 13 March 2027 to Sunday 14 March 2027.');
      expect(email.text).toContain('from Monday 15 March 2027 you will use NHSmail');
      expect(email.text).not.toMatch(/next wave|helpdesk will get in touch/i);
    });

    it.each([
      ['whose move failed twice', { wave: 'Wave 2', result_wave: 'Wave 2' }, true, '2027-03-01'],
      ['whose move failed in the last wave', { wave: 'Wave 3', result_wave: 'Wave 3' }, false, '2027-03-15'],
    ])('sends someone %s to the helpdesk, saying what it does and how to reach it', (_who, person, twice, today) => {
      const email = failedEmail(person, twice, today);
      expect(email.missing).toEqual([]);
      expect(email.text).toContain('We will not try to move your mailbox again in a wave.');
      expect(email.text).toContain('IT helpdesk will get in touch with you to move it with you');
      expect(email.text).toContain('call them on 0113 496 0123 or email it.helpdesk@northmoor-valley.example');
      expect(email.text).not.toMatch(/try again with|next wave/i);
    });

    it('says when it is the second time the move did not work, and only then', () => {
      const twice = failedEmail({ wave: 'Wave 2', result_wave: 'Wave 2' }, true, '2027-03-01');
      expect(twice.missing).toEqual([]);
      expect(twice.text).toContain('the move did not work. This is the second time your move has not worked.');
      const once = failedEmail({ wave: 'Wave 3', result_wave: 'Wave 1' }, false, '2027-02-22');
      const lastWave = failedEmail({ wave: 'Wave 3', result_wave: 'Wave 3' }, false, '2027-03-15');
      for (const email of [once, lastWave]) expect(email.text).not.toContain('second time');
    });

    it('cannot be made for someone not carried over while a wave is still to come', () => {
      expect(failedMoveRoute({ wave: 'Wave 1', result_wave: 'Wave 1' }, false, waves, '2027-02-22')).toEqual({ kind: 'undecided' });
      expect(failedEmail({ wave: 'Wave 1', result_wave: 'Wave 1' }, false, '2027-02-22').missing).toContain('moves in a later wave');
    });
  });

  it('tells people whose move has not finished to keep using their old mailbox, watch both inboxes, and what comes next', () => {
    const text = templateText('move-not-finished');
    expect(text).toMatch(/Keep using your \(\(org name\)\) mailbox/);
    expect(text).toMatch(/Check your NHSmail inbox as well/);
    expect(text).toMatch(/email welcoming you to NHSmail/);
    expect(text).toContain('call the IT helpdesk on ((helpdesk phone))');
  });

  it('promises the not-finished only what the programme does: the welcome, or the helpdesk if it does not come', () => {
    const text = templateText('move-not-finished');
    expect(text).not.toMatch(/we will write to tell you/i);
    expect(text).toContain('If that email has not come by the end of this week, contact the IT helpdesk');
  });

  describe('tells each person their own wave and clean-up deadline in emails not tied to a wave (issue 18)', () => {
    const wave: Wave = { id: 2, name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' };
    const common = {
      ...settingFields({ 'org-name': 'Eastbrook', 'nhsmail-quota-gb': '4' }),
      ...planFields('2026-09-07', [wave]),
      'quota deadline': 'Monday 22 February 2027',
      'first name': 'Sam',
    };
    const render = (id: string, own: Record<string, string>) =>
      renderTemplate(NHSMAIL_PLAN.templates.find((t) => t.id === id) as Template, fieldValues({ ...common, ...own }));

    it("reads a wave's days as a sentence does", () => {
      expect(waveDates(wave)).toBe('Saturday 27 and Sunday 28 February 2027');
      expect(waveDates({ start: '2027-02-27', end: '2027-02-27' })).toBe('Saturday 27 February 2027');
      expect(waveDates({ start: '2027-02-27', end: '2027-03-01' })).toBe('Saturday 27 February to Monday 1 March 2027');
      expect(waveDates({ start: '2027-12-31', end: '2028-01-01' })).toBe('Friday 31 December 2027 and Saturday 1 January 2028');
    });

    it.each(['detailed-actions', 'month-3-all-staff', 'over-quota', 'nearing-quota'])(
      '%s names the wave and its dates, filled inside the optional text',
      (id) => {
        const email = render(id, ownWaveFields(wave));
        expect(email.text).toContain('You move with Wave 2, on Saturday 27 and Sunday 28 February 2027.');
        expect(email.text).not.toContain('((your wave');
        expect(email.text).toContain('by the end of Monday 22 February 2027');
      },
    );

    it.each(['detailed-actions', 'month-3-all-staff', 'over-quota', 'nearing-quota'])(
      '%s keeps the general text for someone with no wave, or the all-staff list',
      (id) => {
        const email = render(id, ownWaveFields(undefined));
        expect(email.text).not.toContain('You move with');
        expect(email.missing).not.toContain('your wave');
        expect(email.missing).not.toContain('your wave dates');
      },
    );
  });

  describe('the over-quota email, for someone with an NHSmail account (issue 18)', () => {
    const overQuota = NHSMAIL_PLAN.templates.find((t) => t.id === 'over-quota') as Template;
    const render = (fields: Record<string, string>) =>
      renderTemplate(
        overQuota,
        fieldValues({
          ...settingFields({ 'org-name': 'Eastbrook' }),
          'amount to remove': '3.6 GB',
          'quota deadline': 'Monday 22 February 2027',
          ...fields,
        }),
      );

    it('has a subject that fits whichever part is too large', () => {
      expect(overQuota.subject).toBe('Action needed: your mail is too large to move to NHSmail');
    });

    it('says the space can come from either or both, and when the NHSmail account alone is over the quota', () => {
      const big = render({ 'nhsmail size': '4.2 GB', 'nhsmail over quota': 'yes' });
      expect(big.text).toContain('You can remove it from your Eastbrook mailbox, your NHSmail account or both.');
      expect(big.text).toContain('Your NHSmail account on its own is already over your quota');
      const small = render({ 'nhsmail size': '1 GB', 'nhsmail over quota': 'no' });
      expect(small.text).toContain('your NHSmail account or both');
      expect(small.text).not.toContain('on its own');
      const none = render({ 'nhsmail size': '', 'nhsmail over quota': '' });
      expect(none.text).not.toMatch(/NHSmail account or both|on its own/);
      expect(none.missing).not.toContain('nhsmail over quota');
    });
  });

  it('briefs the helpdesk on local administrators, and to have people reset their own password first', () => {
    const text = templateText('helpdesk');
    expect(text).toMatch(/local administrators can unlock an NHSmail account, reset a password and update someone's details/);
    expect(text).toMatch(/reset their own password on the portal, so ask people to try that first/);
  });

  it('gives the clean-up deadline and both security guides in the month-3 email', () => {
    const text = templateText('month-3-all-staff');
    expect(text).toMatch(/must together fit your quota by the end of \*\*\(\(quota deadline\)\)\*\*/);
    expect(text).toMatch(
      /NHSmail security guidance, in the help pages at https:\/\/portal\.nhs\.net, and our own security policy: \(\(security policy url\)\)/,
    );
  });

  describe('the completion email states what is true', () => {
    const completion = (counts: { moved: number; unmoved: number }) =>
      renderTemplate(
        { id: 'completion', subject: '', body: templateText('completion') },
        fieldValues({
          ...programmeOutcomeFields(counts),
          'org name': 'Northmoor Valley NHS Trust',
          'last wave date': 'Sunday 21 March 2027',
          'not moving arrangements': 'Their mailbox keeps working for now',
          'helpdesk phone': '0113 496 0123',
          'helpdesk email': 'it.helpdesk@northmoor-valley.example',
          'local guidance url': 'https://intranet.example',
          'sender name': 'The project team',
        }),
      );

    it('says how many moved, and how many did not and what happens to them, after the board accepted a remainder', () => {
      const email = completion({ moved: 2_306, unmoved: 61 });
      expect(email.missing).toEqual([]);
      expect(email.text).toContain('our move to NHSmail has finished: 2,306 people now use NHSmail');
      expect(email.text).toContain('61 people with a Northmoor Valley NHS Trust mailbox did not move');
      expect(email.text).toContain('Their mailbox keeps working for now.');
      expect(email.text).not.toMatch(/all of|everyone/i);
    });

    it('leaves the remainder out when everyone moved', () => {
      const email = completion({ moved: 2_367, unmoved: 0 });
      expect(email.text).toContain('2,367 people now use NHSmail');
      expect(email.text).not.toContain('did not move');
    });
  });

  it('keeps retention storage apart from the quota, and gives each person their own quota', () => {
    const welcome = templateText('welcome');
    expect(welcome).toContain('Your mailbox can hold ((quota))');
    expect(welcome).toMatch(/kept for 180 days in retention storage, which is separate from your mailbox/);
    for (const template of NHSMAIL_PLAN.templates) {
      const fixedQuota = `${template.subject}\n${template.body}`.match(/4 GB(?! as standard)/g);
      expect(fixedQuota, template.id).toBeNull();
    }
  });

  it('describes video conferencing as the source plan does: an extra service, unlike instant messaging', () => {
    const lines = ourWords()
      .split('\n')
      .filter((line) => /video/i.test(line) && !/music and video files/i.test(line));
    const conferencing = lines.filter((line) => /conferencing/i.test(line));
    expect(conferencing.length).toBeGreaterThan(0);
    for (const line of conferencing) expect(line).toMatch(/extra service/);
    expect(lines.filter((line) => /video calls/i.test(line))).toEqual([]);
  });

  it('tells staff in an email what changes for them: new address, new sign-in, blocked file types', () => {
    const email = templateText('detailed-actions');
    expect(email).toContain('## What changes for you');
    expect(email).toContain('@nhs.net');
    expect(email).toContain('new username and password');
    expect(email).toMatch(/music and video files, cannot be sent or received/);
  });

  it('lists every wave in the phase 3 email, in date order', () => {
    expect(placeholdersIn(templateText('month-3-all-staff'))).toContain('wave timeline');
    const waves: Wave[] = [
      { id: 2, name: 'Community teams', start: '2027-01-23', end: '2027-01-24' },
      { id: 1, name: 'Wave 1', start: '2027-01-16', end: '2027-01-17' },
      { id: 3, name: 'One day', start: '2027-02-06', end: '2027-02-06' },
    ];
    expect(planFields('2026-09-07', waves)['wave list']).toBe(
      'Wave 1, Saturday 16 January 2027 to Sunday 17 January 2027; Community teams, Saturday 23 January 2027 to Sunday 24 January 2027; One day, Saturday 6 February 2027',
    );
    const email = renderTemplate(
      NHSMAIL_PLAN.templates.find((t) => t.id === 'month-3-all-staff') as Template,
      fieldValues(planFields('2026-09-07', waves)),
    );
    expect(email.text).toContain(
      'These are the waves still to come, from first to last:\n\n- Wave 1: Saturday 16 and Sunday 17 January 2027\n- Community teams: Saturday 23 and Sunday 24 January 2027\n- One day: Saturday 6 February 2027\n',
    );
  });

  it('gives the waves still to come in the timeline on the day an email goes: a wave over by then is left out, one under way stays', () => {
    const waves: Wave[] = [
      { id: 1, name: 'Wave 1', start: '2027-01-16', end: '2027-01-17' },
      { id: 2, name: 'Wave 2', start: '2027-01-23', end: '2027-01-24' },
    ];
    expect(planFields('2026-09-07', waves, '2027-01-17')['wave timeline']).toBe(
      'Wave 1: Saturday 16 and Sunday 17 January 2027\nWave 2: Saturday 23 and Sunday 24 January 2027',
    );
    expect(planFields('2026-09-07', waves, '2027-01-18')['wave timeline']).toBe('Wave 2: Saturday 23 and Sunday 24 January 2027');
    expect(planFields('2026-09-07', waves, '2027-01-25')['wave timeline']).toBe('');
    const month3 = NHSMAIL_PLAN.templates.find((t) => t.id === 'month-3-all-staff') as Template;
    expect(renderTemplate(month3, fieldValues(planFields('2026-09-07', waves, '2027-01-25'))).missing).toContain('wave timeline');
  });

  it('tells everyone in the announcement whom to ask: the project team and the IT helpdesk', () => {
    const names = placeholdersIn(templateText('announcement'));
    for (const contact of ['project team email', 'helpdesk phone', 'helpdesk email']) expect(names).toContain(contact);
  });

  it('gives the wave timeline in the month-2 email once the waves are known, and leaves it out until then', () => {
    const template = NHSMAIL_PLAN.templates.find((t) => t.id === 'detailed-actions') as Template;
    const waves: Wave[] = [{ id: 1, name: 'Wave 1', start: '2027-01-16', end: '2027-01-17' }];
    const known = renderTemplate(template, fieldValues(planFields('2026-09-07', waves)));
    expect(known.text).toMatch(/When each wave moves\n-+\n\n- Wave 1: Saturday 16 and Sunday 17 January 2027\n/);
    const none = renderTemplate(template, fieldValues(planFields('2026-09-07', [])));
    expect(none.text).not.toContain('When each wave moves');
    expect(none.missing).not.toContain('wave timeline');
  });

  it('points to NHSmail e-learning in the training section of the portal', () => {
    expect(templateText('detailed-actions')).toMatch(/e-learning in the training section of its portal: https:\/\/portal\.nhs\.net/);
  });

  it('warns in the reminder that an attachment opened on a private computer leaves a copy, and offers the light version', () => {
    const reminder = templateText('wave-reminder');
    expect(reminder).toMatch(/leaves a copy in the computer's temporary files/);
    expect(reminder).toMatch(/Save it to a folder of your choice first/);
    expect(reminder).toMatch(/slow, or you need high contrast, tick the box for the light version/);
  });

  it('welcomes people with the new users guide, People Finder without signing in on the NHS network, and Outlook as the organisation sets it up', () => {
    const welcome = NHSMAIL_PLAN.templates.find((t) => t.id === 'welcome') as Template;
    expect(welcome.body).toContain('The guide for new users, in the help pages at https://portal.nhs.net:');
    expect(welcome.body).toMatch(/People Finder\. On the NHS network \(HSCN\) you do not need to sign in/);
    const outlook = (answer: string) =>
      renderTemplate(welcome, fieldValues(settingFields({ 'org-name': 'Eastbrook', 'outlook-set-up-centrally': answer }))).text;
    expect(outlook('yes')).toContain('Eastbrook IT is connecting Outlook to NHSmail for everyone');
    expect(outlook('yes')).not.toContain('set up a new profile');
    expect(outlook('no')).toContain('To use Outlook, set up a new profile');
  });

  it('has key messages for all four phases', () => {
    expect(new Set(NHSMAIL_PLAN.keyMessages.map((m) => m.phase))).toEqual(new Set(NHSMAIL_PLAN.phases.map((p) => p.id)));
  });

  it('opens with the purpose, scope, background, objectives and target audiences, as the source plan does', () => {
    expect(NHSMAIL_PLAN.introduction.map((section) => section.heading)).toEqual([
      'Purpose',
      'Scope',
      'Background',
      'Objectives',
      'Target audiences',
    ]);
  });

  it('uses only placeholders that settings, the plan, the wave or the person can fill', () => {
    for (const template of NHSMAIL_PLAN.templates) {
      expect(unknownAmong(placeholdersIn(`${template.subject}\n${template.body}`), true), template.id).toEqual([]);
    }
  });

  it('fills key messages and the opening sections from settings and plan dates alone', () => {
    const known = new Set<string>([...SETTING_FIELDS, ...PLAN_FIELDS]);
    for (const { heading, body } of [...NHSMAIL_PLAN.keyMessages, ...NHSMAIL_PLAN.introduction]) {
      expect(
        placeholdersIn(`${heading}\n${body}`).filter((name) => !known.has(name)),
        heading,
      ).toEqual([]);
    }
  });

  it('carries over the facts: 4 GB standard quota, 180-day retention, national helpdesk, portal and time-outs', () => {
    const welcome = templateText('welcome');
    for (const fact of ['180 days', '0333 200 1133', 'helpdesk@nhs.net', 'https://portal.nhs.net']) expect(welcome).toContain(fact);
    const gains = NHSMAIL_PLAN.keyMessages.find((m) => m.heading === 'What the organisation gains')?.body ?? '';
    expect(gains).toContain('4 GB as standard');
    // The source plan: 4 GB as standard, raised to 25 GB at the organisation's cost.
    expect(gains).toMatch(/pay to raise it to 25 GB/);
    const background = NHSMAIL_PLAN.introduction.find((section) => section.id === 'background')?.body ?? '';
    expect(background).toContain('for NHS staff in England and Scotland');
    expect(ourWords()).not.toMatch(/50 ?GB/);
    const reminder = templateText('wave-reminder');
    expect(reminder).toContain('eight hours');
    expect(reminder).toContain('30 minutes');
  });

  it('shares no run of eight words with the source template, by its committed fingerprint', () => {
    const seed = readFingerprint();
    expect(seed.runLength).toBe(RUN_LENGTH);
    expect(seed.hashes.length).toBeGreaterThan(4000);
    const seedHashes = new Set(seed.hashes);
    const copied = [...wordRuns(ourWords())].filter((run) => seedHashes.has(runHash(run)));
    expect(copied).toEqual([]);
  });
});
