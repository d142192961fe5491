import { describe, expect, it } from 'vitest';
import type { LocalDate } from '../calendar/local-date.js';
import { workingCalendar } from '../calendar/working-days.js';
import { type Wave, waveNamed } from '../waves/wave.js';
import { everyoneQuotaDeadline, personQuotaDeadline, quotaDeadlineRule, waveQuotaDeadline } from './quota-deadline.js';

const ENGLAND = workingCalendar('england-and-wales');
const wave = (id: number, start: LocalDate): Wave => ({ id, name: `Wave ${id}`, start, end: start });
const PER_WAVE = quotaDeadlineRule({});

describe("each wave's clean-up deadline", () => {
  it.each([
    ['5 working days before a Saturday wave: the Monday', '2027-03-20', {}, [], '2027-03-15'],
    ['Easter: Good Friday and Easter Monday are not counted', '2027-04-03', {}, [], '2027-03-25'],
    ['a closure day is not counted', '2027-03-20', {}, [{ date: '2027-03-17' as LocalDate, name: 'Staff conference' }], '2027-03-12'],
    ['a setting of 2 working days', '2027-03-20', { 'quota-deadline-days-before-wave': '2' }, [], '2027-03-18'],
    ['a fixed date before the wave wins', '2027-03-20', { 'quota-deadline': '2027-03-05' }, [], '2027-03-05'],
    ['a fixed date the day before the wave starts still wins', '2027-03-06', { 'quota-deadline': '2027-03-05' }, [], '2027-03-05'],
    [
      'a fixed date on the day the wave starts does not: its own deadline',
      '2027-03-05',
      { 'quota-deadline': '2027-03-05' },
      [],
      '2027-02-26',
    ],
  ] as const)('%s', (_label, start, settings, closures, expected) => {
    const calendar = workingCalendar('england-and-wales', [...closures]);
    expect(waveQuotaDeadline(quotaDeadlineRule(settings), wave(1, start), calendar)).toBe(expected);
  });

  it("gives a person their own wave's deadline, whatever the case of its name, and nothing for a wave the plan does not know", () => {
    const waves = [wave(1, '2027-02-27'), wave(3, '2027-03-20')];
    expect(personQuotaDeadline(PER_WAVE, waveNamed(waves, 'wave 3'), ENGLAND)).toBe('Monday 15 March 2027');
    expect(personQuotaDeadline(PER_WAVE, waveNamed(waves, 'Wave 9'), ENGLAND)).toBeUndefined();
    expect(personQuotaDeadline(PER_WAVE, waveNamed(waves, null), ENGLAND)).toBeUndefined();
  });
});

describe('the clean-up deadline in an email to everyone', () => {
  const FOUR = [wave(1, '2027-02-27'), wave(2, '2027-03-06'), wave(3, '2027-03-20'), wave(4, '2027-03-27')];

  it('names each wave and its deadline when there are a few', () => {
    expect(everyoneQuotaDeadline(PER_WAVE, FOUR, ENGLAND)).toBe(
      'Monday 22 February 2027 for Wave 1, Monday 1 March 2027 for Wave 2, Monday 15 March 2027 for Wave 3 and Friday 19 March 2027 for Wave 4',
    );
  });

  it('names the first and the rule for the rest when there are many', () => {
    const six = [...FOUR, wave(5, '2027-04-10'), wave(6, '2027-04-17')];
    expect(everyoneQuotaDeadline(PER_WAVE, six, ENGLAND)).toBe(
      'Monday 22 February 2027 for Wave 1, and 5 working days before the start of each later wave',
    );
  });

  it('gives one date when a fixed date comes before every wave', () => {
    expect(everyoneQuotaDeadline(quotaDeadlineRule({ 'quota-deadline': '2027-02-12' }), FOUR, ENGLAND)).toBe('Friday 12 February 2027');
  });

  it('names each wave when a fixed date comes after the first wave starts', () => {
    const rule = quotaDeadlineRule({ 'quota-deadline': '2027-03-10' });
    expect(everyoneQuotaDeadline(rule, FOUR, ENGLAND)).toBe(
      'Monday 22 February 2027 for Wave 1, Monday 1 March 2027 for Wave 2, Wednesday 10 March 2027 for Wave 3 and Wednesday 10 March 2027 for Wave 4',
    );
  });

  it('gives the fixed date, or nothing, while there are no waves', () => {
    expect(everyoneQuotaDeadline(quotaDeadlineRule({ 'quota-deadline': '2027-02-12' }), [], ENGLAND)).toBe('Friday 12 February 2027');
    expect(everyoneQuotaDeadline(PER_WAVE, [], ENGLAND)).toBeUndefined();
  });
});
