import { describe, expect, it } from 'vitest';
import { asciiExportNotice, looksLikeLostLetters } from './ascii-export.js';

describe('names that lost their letters to an ASCII export', () => {
  it.each([
    ['Zo? Br?nt?', true],
    ['Se?n O?Neill', true],
    ['?mile Zola', true],
    ['???', true],
    ['Jones, Sam', false],
    ['Who is on call ?', false],
    ['? ', true],
    ['Brown, Zoë', false],
  ])('%j %s', (value, lost) => {
    expect(looksLikeLostLetters(value)).toBe(lost);
  });

  it('names the file, the rows affected and the fix', () => {
    const notice = asciiExportNotice('staff.csv', { rows: 1200, first: { row: 7, column: 'Surname', value: 'Br?nt?' }, nonAscii: false });
    expect(notice).toContain('staff.csv');
    expect(notice).toContain('1,200 rows');
    expect(notice).toContain('row 7, Surname "Br?nt?"');
    expect(notice).toContain('Export-Csv -Encoding UTF8');
  });

  it('says nothing when any name has a real letter outside ASCII, or none lost one', () => {
    expect(
      asciiExportNotice('staff.csv', { rows: 3, first: { row: 2, column: 'Surname', value: 'Br?nt?' }, nonAscii: true }),
    ).toBeUndefined();
    expect(asciiExportNotice('staff.csv', { rows: 0, nonAscii: false })).toBeUndefined();
  });
});
