import { describe, expect, it } from 'vitest';
import { NATIONS } from '../shared/organisation.js';
import { isWeekend } from './local-date.js';
import { BANK_HOLIDAY_YEARS, UK_BANK_HOLIDAYS } from './uk-bank-holidays.js';
import { addWorkingDays, workingCalendar, workingDayOnOrAfter, workingDayOnOrBefore } from './working-days.js';

const datesOf = (nation: (typeof NATIONS)[number], year: number) =>
  UK_BANK_HOLIDAYS[nation].map(([date]) => date).filter((date) => date.startsWith(`${year}-`));

describe('UK bank holidays', () => {
  it.each([
    [
      'england-and-wales',
      2025,
      ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
    ],
    [
      'england-and-wales',
      2026,
      ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
    ],
    [
      'england-and-wales',
      2027,
      ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
    ],
    [
      'scotland',
      2025,
      ['2025-01-01', '2025-01-02', '2025-04-18', '2025-05-05', '2025-05-26', '2025-08-04', '2025-12-01', '2025-12-25', '2025-12-26'],
    ],
    [
      'scotland',
      2026,
      ['2026-01-01', '2026-01-02', '2026-04-03', '2026-05-04', '2026-05-25', '2026-08-03', '2026-11-30', '2026-12-25', '2026-12-28'],
    ],
    [
      'northern-ireland',
      2025,
      [
        '2025-01-01',
        '2025-03-17',
        '2025-04-18',
        '2025-04-21',
        '2025-05-05',
        '2025-05-26',
        '2025-07-14',
        '2025-08-25',
        '2025-12-25',
        '2025-12-26',
      ],
    ],
    [
      'northern-ireland',
      2026,
      [
        '2026-01-01',
        '2026-03-17',
        '2026-04-03',
        '2026-04-06',
        '2026-05-04',
        '2026-05-25',
        '2026-07-13',
        '2026-08-31',
        '2026-12-25',
        '2026-12-28',
      ],
    ],
  ] as const)('match the published %s dates for %i', (nation, year, expected) => {
    expect(datesOf(nation, year)).toEqual(expected);
  });

  it('fall on weekdays only and cover every year from 2025 to 2030 for every nation', () => {
    const perYear = { 'england-and-wales': 8, scotland: 9, 'northern-ireland': 10 };
    for (const nation of NATIONS) {
      for (let year = BANK_HOLIDAY_YEARS.first; year <= BANK_HOLIDAY_YEARS.last; year++) {
        const dates = datesOf(nation, year);
        expect(dates, `${nation} ${year}`).toHaveLength(perYear[nation]);
        expect(dates.filter(isWeekend), `${nation} ${year}`).toEqual([]);
        expect(new Set(dates).size).toBe(dates.length);
      }
    }
  });
});

describe('working days', () => {
  const england = workingCalendar('england-and-wales');
  const scotland = workingCalendar('scotland');

  it.each([
    ['a bank holiday Monday moves to Tuesday', england, '2026-04-06', '2026-04-07'],
    ['a Monday-and-Tuesday holiday pair moves to Wednesday', england, '2027-12-27', '2027-12-29'],
    ['a Saturday moves to Monday', england, '2026-11-28', '2026-11-30'],
    ['a working day stays put', england, '2026-11-24', '2026-11-24'],
    ['Easter Monday is a working day in Scotland', scotland, '2026-04-06', '2026-04-06'],
    ["St Andrew's Day is a holiday in Scotland only", scotland, '2026-11-30', '2026-12-01'],
  ])('%s', (_label, calendar, date, expected) => {
    expect(workingDayOnOrAfter(calendar, date)).toBe(expected);
  });

  it('steps back over a Good Friday and the weekend before it', () => {
    expect(workingDayOnOrBefore(england, '2026-04-05')).toBe('2026-04-02');
  });

  it('counts working days across a Monday-and-Tuesday holiday pair', () => {
    expect(addWorkingDays(england, '2027-12-26', 1)).toBe('2027-12-29');
    expect(addWorkingDays(england, '2027-12-24', 2)).toBe('2027-12-30');
    expect(addWorkingDays(england, '2027-12-29', -1)).toBe('2027-12-24');
  });

  it('treats a local closure day as a non-working day', () => {
    const withClosure = workingCalendar('england-and-wales', [{ date: '2026-12-29', name: 'Trust closure' }]);
    expect(withClosure.closureReason('2026-12-29')).toBe('Trust closure');
    expect(workingDayOnOrAfter(withClosure, '2026-12-28')).toBe('2026-12-30');
  });

  it('differs between nations on the first Monday of August', () => {
    expect(england.isWorkingDay('2026-08-03')).toBe(true);
    expect(scotland.isWorkingDay('2026-08-03')).toBe(false);
    expect(england.isWorkingDay('2026-08-31')).toBe(false);
    expect(scotland.isWorkingDay('2026-08-31')).toBe(true);
    expect(workingCalendar('northern-ireland').isWorkingDay('2026-07-13')).toBe(false);
  });
});
