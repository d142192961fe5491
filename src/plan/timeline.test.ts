import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../calendar/working-days.js';
import type { Wave } from '../waves/wave.js';
import { NHSMAIL_PLAN } from './builtin-plans.js';
import type { Activity } from './plan-model.js';
import { buildTimeline } from './timeline.js';
import { describeTiming, type TimingRule } from './timing-rule.js';

const activities: Activity[] = NHSMAIL_PLAN.activities.map((definition) => ({
  ...definition,
  owner: undefined,
  status: 'planned',
  catchUp: true,
}));

function timeline(waves: Wave[], nation: 'england-and-wales' | 'scotland' = 'england-and-wales', start = '2026-12-07') {
  return buildTimeline({ programmeStart: start, activities, waves, calendar: workingCalendar(nation), sendTime: '09:00' });
}

const dateOf = (occurrences: ReturnType<typeof timeline>, activityId: string, wave?: string) =>
  occurrences.find((o) => o.activityId === activityId && o.wave?.name === wave)?.date;

describe('the timeline', () => {
  it('dates programme-relative activities by month, moving off weekends and holidays', () => {
    const occurrences = timeline([]);
    expect(dateOf(occurrences, 'announcement')).toBe('2026-12-07');
    expect(dateOf(occurrences, 'posters-and-banners')).toBe('2026-12-14');
    expect(dateOf(occurrences, 'detailed-actions')).toBe('2027-01-07');
    expect(dateOf(occurrences, 'month-3-all-staff')).toBe('2027-02-08');
  });

  it('gives wave-relative activities one occurrence per wave and none without waves', () => {
    expect(timeline([]).filter((o) => o.wave)).toEqual([]);
    const waves = [
      { id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' },
      { id: 2, name: 'Wave 2', start: '2027-02-27', end: '2027-02-28' },
    ];
    const occurrences = timeline(waves);
    expect(occurrences.filter((o) => o.activityId === 'wave-reminder').map((o) => [o.wave?.name, o.date])).toEqual([
      ['Wave 1', '2027-02-17'],
      ['Wave 2', '2027-02-24'],
    ]);
    expect(occurrences.find((o) => o.activityId === 'wave-reminder')?.audiences).toEqual(['wave:Wave 1']);
    expect(dateOf(occurrences, 'completion')).toBe('2027-03-05');
  });

  it('sends the welcome on the Wednesday after a wave that ends before a Monday-and-Tuesday holiday pair', () => {
    const occurrences = timeline(
      [{ id: 1, name: 'Christmas wave', start: '2027-12-25', end: '2027-12-26' }],
      'england-and-wales',
      '2027-09-06',
    );
    expect(dateOf(occurrences, 'welcome', 'Christmas wave')).toBe('2027-12-29');
    // Christmas Eve is a working day, so three working days before the Saturday is Wednesday 22nd.
    expect(dateOf(occurrences, 'wave-reminder', 'Christmas wave')).toBe('2027-12-22');
  });

  it('skips Easter Monday in England but not in Scotland', () => {
    const waves = [{ id: 1, name: 'Easter', start: '2026-04-04', end: '2026-04-05' }];
    expect(dateOf(timeline(waves, 'england-and-wales', '2026-01-05'), 'welcome', 'Easter')).toBe('2026-04-07');
    expect(dateOf(timeline(waves, 'scotland', '2026-01-05'), 'welcome', 'Easter')).toBe('2026-04-06');
  });

  it('keeps 09:00 London time across the clock-change weekend', () => {
    const occurrences = timeline(
      [{ id: 1, name: 'Clock change', start: '2027-03-27', end: '2027-03-28' }],
      'england-and-wales',
      '2027-01-04',
    );
    const reminder = occurrences.find((o) => o.activityId === 'wave-reminder');
    const welcome = occurrences.find((o) => o.activityId === 'welcome');
    // Good Friday 26 March is a holiday, so the reminder goes three working days back, on Tuesday.
    expect([reminder?.date, reminder?.sendAt]).toEqual(['2027-03-23', '2027-03-23T09:00:00.000Z']);
    // Easter Monday 29 March 2027 is a holiday, so the welcome waits for Tuesday, now in summer time.
    expect([welcome?.date, welcome?.sendAt]).toEqual(['2027-03-30', '2027-03-30T08:00:00.000Z']);
  });

  it('dates "week 6" five weeks after the programme start', () => {
    const weekSix: Activity = { ...(activities[0] as Activity), id: 'week-six', timing: { kind: 'programme', week: 6 } };
    const [occurrence] = buildTimeline({
      programmeStart: '2026-12-07',
      activities: [weekSix],
      waves: [],
      calendar: workingCalendar('england-and-wales'),
      sendTime: '09:00',
    });
    expect(occurrence?.date).toBe('2027-01-11');
  });

  it('lists occurrences in date order, then phase order', () => {
    const occurrences = timeline([{ id: 1, name: 'Wave 1', start: '2027-02-20', end: '2027-02-21' }]);
    const keys = occurrences.map((o) => o.date);
    expect(keys).toEqual([...keys].sort());
  });
});

describe('timing rules in words', () => {
  it.each<[TimingRule, string]>([
    [{ kind: 'programme', month: 2 }, 'Month 2'],
    [{ kind: 'programme', week: 6 }, 'Week 6'],
    [{ kind: 'programme', month: 2, week: 3 }, 'Month 2, week 3'],
    [{ kind: 'wave', anchor: 'start', days: -7, count: 'calendar' }, '7 days before each wave starts'],
    [{ kind: 'wave', anchor: 'start', days: -3, count: 'working' }, '3 working days before each wave starts'],
    [{ kind: 'wave', anchor: 'end', days: 1, count: 'working' }, 'First working day after each wave ends'],
    [{ kind: 'after-all-waves', days: 5, count: 'working' }, '5 working days after the last wave ends'],
    [{ kind: 'date', date: '2027-03-01' }, 'Monday 1 March 2027'],
  ])('%j reads "%s"', (rule, words) => {
    expect(describeTiming(rule)).toBe(words);
  });
});
