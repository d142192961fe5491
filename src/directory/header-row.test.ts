import { describe, expect, it } from 'vitest';
import { findHeaderRow, fitToHeader } from './header-row.js';

describe('finding the header row', () => {
  it.each<[string, string[][], number | undefined]>([
    [
      'the first row, in an export with nothing above',
      [
        ['PrimarySmtpAddress', 'DisplayName'],
        ['a@x.nhs.uk', 'A'],
      ],
      0,
    ],
    [
      'below a report title, a run line and a blank row',
      [['ESR Staff List - run 03/11/2026'], ['Organisation: 153 Eastbrook'], [], ['Employee Number', 'Last Name', 'Email Address']],
      3,
    ],
    ['below a title that names one known column only', [['Email'], ['Email', 'First Name']], 1],
    [
      'below report parameters that happen to name two known columns',
      [['Organisation', '153 Eastbrook', 'Status', 'Active'], [], ['Employee Number', 'Last Name', 'Organisation', 'Email Address']],
      2,
    ],
    [
      'the first of two rows naming as many known columns',
      [
        ['Email', 'First Name'],
        ['Email', 'First Name'],
      ],
      0,
    ],
    ['the first filled row, when no row names known columns', [[''], ['Colour', 'Flavour'], ['red', 'lime']], 1],
    ['nowhere, when every row is blank', [[], ['', ' ']], undefined],
  ])('is %s', (_label, rows, expected) => {
    expect(findHeaderRow(rows)).toBe(expected);
  });

  it('is searched for in the first 30 rows only', () => {
    const titles = Array.from({ length: 30 }, (_, i) => [`Parameter ${i}`]);
    expect(findHeaderRow([...titles, ['Email', 'First Name']])).toBe(0);
  });
});

describe('fitting a row to the header', () => {
  it.each<[string, string[], number, boolean, string[]]>([
    ['pads a row whose trailing cells were not written', ['a', 'b'], 4, true, ['a', 'b', '', '']],
    ['keeps a short row short where every column is always written', ['a', 'b'], 4, false, ['a', 'b']],
    ['drops empty cells beyond the last column', ['a', 'b', '', ' '], 2, true, ['a', 'b']],
    ['keeps values beyond the last column, for the width check to report', ['a', 'b', 'c'], 2, true, ['a', 'b', 'c']],
    ['leaves a row of the right width alone', ['a', ''], 2, true, ['a', '']],
  ])('%s', (_label, cells, width, pad, expected) => {
    expect(fitToHeader(cells, width, pad)).toEqual(expected);
  });
});
