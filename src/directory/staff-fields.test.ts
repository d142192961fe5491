import { describe, expect, it } from 'vitest';
import { employeeNumberOfAssignment, nameAsWritten, parseCalendarDate, parseYesNoOr } from './staff-fields.js';

describe('reading a leaving date', () => {
  it.each<[string, 'en-GB' | 'en-US', string | null]>([
    ['', 'en-GB', null],
    ['31/03/2027', 'en-GB', '2027-03-31'],
    ['3/31/2027', 'en-US', '2027-03-31'],
    ['31/03/2027 00:00:00', 'en-GB', '2027-03-31'],
    ['2027-03-31', 'en-GB', '2027-03-31'],
    ['2027-03-31 00:00:00', 'en-GB', '2027-03-31'],
    ['31-MAR-2027', 'en-GB', '2027-03-31'],
    ['31-Mar-27', 'en-GB', '2027-03-31'],
    ['31 March 2027', 'en-GB', '2027-03-31'],
    // A date is a day, not an instant: British Summer Time never moves it to the 30th.
    ['01/07/2027', 'en-GB', '2027-07-01'],
  ])('reads "%s" (%s) as %s', (raw, order, expected) => {
    expect(parseCalendarDate(raw, order)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string]>([
    ['31/02/2027', 'is not a real date'],
    ['03/31/2027', 'the file may use en-US dates'],
    ['31-Foo-2027', 'is not a real date'],
    ['next spring', 'is not a date such as 31/03/2027'],
  ])('refuses "%s"', (raw, reason) => {
    const parsed = parseCalendarDate(raw, 'en-GB');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});

describe('the other staff-list values', () => {
  it.each<[string, boolean, boolean | undefined]>([
    ['', true, true],
    ['', false, false],
    ['No', true, false],
    ['Y', false, true],
    ['Maybe', true, undefined],
  ])('reads the yes/no cell "%s" with default %s as %s', (raw, whenEmpty, expected) => {
    const parsed = parseYesNoOr(raw, whenEmpty);
    expect(parsed.ok ? parsed.value : undefined).toBe(expected);
  });

  it.each([
    ['20412345', '20412345'],
    ['20412345-2', '20412345'],
    [' 20412345-12 ', '20412345'],
  ])('takes the employee number of assignment %s as %s', (assignment, employee) => {
    expect(employeeNumberOfAssignment(assignment)).toBe(employee);
  });

  it.each([
    [{ displayName: 'Okafor, Mrs. Ada', firstName: 'Ada', lastName: 'Okafor' }, 'Okafor, Mrs. Ada'],
    [{ firstName: 'Ada', lastName: 'Okafor' }, 'Ada Okafor'],
    [{ lastName: 'Okafor' }, 'Okafor'],
    [{}, null],
  ])('writes the name of %o as %s', (person, expected) => {
    expect(nameAsWritten(person)).toBe(expected);
  });
});
