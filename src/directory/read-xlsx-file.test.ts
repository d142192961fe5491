import { describe, expect, it } from 'vitest';
import { cellText } from './read-xlsx-file.js';

describe('reading an XLSX cell as text', () => {
  it.each<[string, unknown, string]>([
    ['a date cell as the day alone', new Date(Date.UTC(2027, 2, 31)), '2027-03-31'],
    // Excel keeps the wall-clock time with no zone: no offset is added, so it is read as UK time.
    ['a date and time cell as written, with no offset', new Date(Date.UTC(2026, 6, 1, 14, 5, 9)), '2026-07-01 14:05:09'],
    ['a formula as its cached result', { formula: 'PROPER("PATEL")', result: 'Patel' }, 'Patel'],
    ['a formula whose result is a date', { formula: 'TODAY()', result: new Date(Date.UTC(2026, 10, 3)) }, '2026-11-03'],
    ['rich text as its plain text', { richText: [{ text: 'Ward ' }, { text: '7' }] }, 'Ward 7'],
    ['a number without a date format as the number', 20412345, '20412345'],
    ['an error as empty', { error: '#N/A' }, ''],
    ['an empty cell as empty', undefined, ''],
  ])('reads %s', (_label, value, expected) => {
    expect(cellText(value)).toBe(expected);
  });
});
