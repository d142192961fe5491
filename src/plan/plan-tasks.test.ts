import { describe, expect, it } from 'vitest';
import { workingCalendar } from '../calendar/working-days.js';
import type { Nation } from '../shared/organisation.js';
import { NHSMAIL_PLAN } from './builtin-plans.js';
import type { Activity } from './plan-model.js';
import { plannedTasks, taskState } from './plan-tasks.js';
import { buildTimeline } from './timeline.js';

const OWNERS: Record<string, string> = {
  announcement: 'Priya Shah <Priya.Shah@eastbrook.nhs.uk>',
  'detailed-actions': 'Communications team',
};
const activities: Activity[] = NHSMAIL_PLAN.activities.map((definition) => ({
  ...definition,
  owner: OWNERS[definition.id],
  status: 'planned',
  catchUp: true,
}));

function tasks(nation: Nation, noticeDays: number, extra: Activity[] = []) {
  const calendar = workingCalendar(nation);
  const timeline = buildTimeline({
    programmeStart: '2026-12-07',
    activities: [...activities, ...extra],
    waves: [{ id: 1, name: 'Wave 1', start: '2027-03-13', end: '2027-03-14' }],
    calendar,
    sendTime: '09:00',
  });
  return plannedTasks(timeline, calendar, { noticeDays, sendTime: '09:00' });
}

const find = (list: ReturnType<typeof tasks>, key: string) => list.find((task) => task.key === key);

describe('tasks from the plan', () => {
  it('are the occurrences with a channel a person publishes through, and only those channels', () => {
    const list = tasks('england-and-wales', 3);
    expect(list.map((task) => task.key)).not.toContain('wave-reminder@1');
    expect(list).toHaveLength(13);
    expect(find(list, 'announcement')).toMatchObject({
      channels: ['Migration intranet page', 'Intranet front page', 'Staff newsletter'],
      ownerName: 'Priya Shah',
      ownerAddress: 'priya.shah@eastbrook.nhs.uk',
    });
    expect(find(list, 'detailed-actions')).toMatchObject({ ownerName: 'Communications team', ownerAddress: undefined });
    expect(find(list, 'nearing-quota')).toMatchObject({ owner: undefined, ownerAddress: undefined });
  });

  // Month 2 is Thursday 7 January 2027. Back from it: Wed 6, Tue 5, then Monday 4 January, which
  // is a working day in England and Wales but the 2 January substitute holiday in Scotland; then
  // the weekend, New Year's Day (Friday 1 January), Thursday 31 December, Wednesday 30 December.
  it.each([
    ['england-and-wales', 3, '2027-01-04'],
    ['scotland', 3, '2026-12-31'],
    ['england-and-wales', 5, '2026-12-30'],
    ['scotland', 5, '2026-12-29'],
    ['england-and-wales', 0, '2027-01-07'],
  ] as const)('in %s, %i working days ahead of 7 January 2027, tell the owner on %s', (nation, days, expected) => {
    const task = find(tasks(nation, days), 'over-quota');
    expect(task?.date).toBe('2027-01-07');
    expect(task?.noticeDate).toBe(expected);
    expect(task?.noticeAt).toBe(`${expected}T09:00:00.000Z`);
    expect(task?.reminderAt).toBe('2027-01-07T09:00:00.000Z');
  });

  it('tell and remind at the send time in London, in summer time as well', () => {
    const briefing: Activity = {
      ...(activities[1] as Activity),
      id: 'team-briefing',
      timing: { kind: 'date', date: '2027-06-14' },
      channels: ['briefing'],
    };
    const task = find(tasks('england-and-wales', 3, [briefing]), 'team-briefing');
    expect([task?.noticeDate, task?.noticeAt, task?.reminderAt]).toEqual([
      '2027-06-09',
      '2027-06-09T08:00:00.000Z',
      '2027-06-14T08:00:00.000Z',
    ]);
  });

  it('give an activity tied to waves one task per wave, named after the wave', () => {
    const walkRound: Activity = {
      ...(activities[1] as Activity),
      id: 'walk-round',
      title: 'Walk round the wards the day before each wave',
      timing: { kind: 'wave', anchor: 'start', days: -1, count: 'working' },
      channels: ['briefing', 'targeted-email'],
    };
    // Wave 1 starts on Saturday 13 March 2027: one working day before is Friday 12 March.
    expect(find(tasks('england-and-wales', 3, [walkRound]), 'walk-round@1')).toMatchObject({
      title: 'Walk round the wards the day before each wave (Wave 1)',
      wave: { id: 1, name: 'Wave 1' },
      channels: ['Team briefing'],
      date: '2027-03-12',
      noticeDate: '2027-03-09',
    });
  });

  it.each([
    ['planned', undefined, '2027-01-06', 'open'],
    ['planned', undefined, '2027-01-07', 'open'],
    ['ready', undefined, '2027-01-08', 'late'],
    ['planned', 'done', '2027-01-08', 'done'],
    ['done', undefined, '2027-01-08', 'done'],
    ['skipped', undefined, '2027-01-06', 'skipped'],
  ] as const)('an activity %s, task closed %s, on %s, is %s', (activityStatus, closed, today, expected) => {
    expect(taskState({ date: '2027-01-07', activityStatus }, closed, today)).toBe(expected);
  });
});
