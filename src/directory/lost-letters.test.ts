import { describe, expect, it } from 'vitest';
import {
  fileSaveOf,
  type LostLetterSigns,
  looksLikeLostLetters,
  lostLettersNotice,
  nameLostLetters,
  noLostLetterSigns,
} from './lost-letters.js';

describe('a person’s name that lost a letter', () => {
  it.each([
    ['?ukasz', true],
    ['Bj?rn', true],
    ['Nowak, ?ukasz', true],
    ['Zo? Br?nt?', true],
    ['???', true],
    ['Sam ?', true],
    ["O'Neill", false],
    ['O’Neill', false],
    ['Mary-Anne', false],
    ['Łukasz', false],
    ['Björn', false],
    ['', false],
    [null, false],
  ])('%j lost a letter: %s', (name, lost) => {
    expect(nameLostLetters(name)).toBe(lost);
  });
});

describe('a "?" in a value that may hold a real one (a team, a group, a role)', () => {
  it.each([
    ['Gda?sk Liaison Office', true],
    ['Br?nt?', true],
    ['?mile Zola Ward', true],
    ['???', true],
    ['Who is on call ?', false],
    ['Any questions? Ask IT', false],
    ['On call (Y/N?)', false],
    ['Jones, Sam', false],
    ['Maternité', false],
  ])('%j looks like it lost a letter: %s', (value, lost) => {
    expect(looksLikeLostLetters(value)).toBe(lost);
  });
});

const signs = (names: number, nameLike: number, nonAscii = false): LostLetterSigns => ({
  names: { rows: names, first: names ? { row: 7, column: 'First Name', value: '?ukasz' } : undefined },
  nameLike: { rows: nameLike, first: nameLike ? { row: 4, column: 'Organisation', value: 'Gda?sk Office' } : undefined },
  nonAscii,
});

describe('how the file was saved', () => {
  it.each([
    ['plain ASCII without a byte-order mark', { format: 'csv', encoding: 'utf-8' }, false, 'ascii'],
    ['UTF-8 with letters beyond ASCII', { format: 'csv', encoding: 'utf-8' }, true, 'unicode'],
    ['UTF-8 with a byte-order mark', { format: 'csv', encoding: 'utf-8', byteOrderMark: true }, false, 'unicode'],
    ['Windows-1252', { format: 'csv', encoding: 'windows-1252' }, true, 'windows-1252'],
    ['UTF-16', { format: 'csv', encoding: 'utf-16le', byteOrderMark: true }, false, 'unicode'],
    ['a workbook', { format: 'xlsx' }, false, 'unicode'],
  ])('%s is %s', (_label, table, nonAscii, save) => {
    expect(fileSaveOf(table, signs(0, 0, nonAscii))).toBe(save);
  });
});

describe('the notice for a file whose names lost letters', () => {
  it('names the file, the rows affected, the first of them and Excel’s fix for a Windows-1252 save', () => {
    const notice = lostLettersNotice('staff.csv', signs(1200, 1300), 'windows-1252');
    expect(notice).toContain(
      'staff.csv: 1,300 rows have names with "?" in place of a letter (the first is row 4, Organisation "Gda?sk Office")',
    );
    expect(notice).toContain('Windows-1252');
    expect(notice).toContain('"CSV UTF-8 (Comma delimited)"');
    expect(notice).toContain('commsplan lost-letters');
  });

  it('gives PowerShell’s fix for a plain ASCII file', () => {
    const notice = lostLettersNotice('staff.csv', signs(1, 1), 'ascii');
    expect(notice).toContain('staff.csv: 1 row has a name with "?" in place of a letter');
    expect(notice).toContain('Windows PowerShell 5.1 made without -Encoding');
    expect(notice).toContain('Export-Csv -Encoding UTF8');
  });

  it('counts only people’s names in a file that can hold any letter, where a team’s "?" may be real', () => {
    expect(lostLettersNotice('staff.xlsx', signs(2, 5), 'unicode')).toContain(
      'staff.xlsx: 2 rows have names with "?" in place of a letter (the first is row 7, First Name "?ukasz"). The file itself can hold any letter',
    );
    expect(lostLettersNotice('staff.xlsx', signs(0, 5), 'unicode')).toBeUndefined();
  });

  it('says nothing when no name lost a letter', () => {
    expect(lostLettersNotice('staff.csv', noLostLetterSigns(), 'ascii')).toBeUndefined();
  });
});
