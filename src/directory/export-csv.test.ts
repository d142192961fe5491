import { describe, expect, it } from 'vitest';
import { encodeExport, excelCsv, excelCsvLine, powerShellCsv, ukDateTime } from './export-csv.js';
import { decodeWindows1252 } from './text-encoding.js';

describe('administrators’ exports as their tools write them', () => {
  it('writes Export-Csv’s #TYPE line, every value quoted, True and False, nothing for $null and CRLF after every line', () => {
    const text = powerShellCsv({
      typeName: 'Selected.Mailbox',
      columns: ['Name', 'Disabled', 'Size'],
      rows: [['Lee, "Ann"', false, null]],
    });
    expect(text).toBe('#TYPE Selected.Mailbox\r\n"Name","Disabled","Size"\r\n"Lee, ""Ann""","False",\r\n');
    expect(powerShellCsv({ columns: ['A'], rows: [] })).toBe('"A"\r\n');
  });

  it('quotes an Excel value only where it needs it, pads every row to the widest and writes dates as the cell shows them', () => {
    expect(excelCsv([['Name', 'Left', 'Note'], ['Lee, Ann', new Date('2026-01-31T00:00:00Z')], []])).toBe(
      'Name,Left,Note\r\n"Lee, Ann",31/01/2026,\r\n,,\r\n',
    );
    expect(excelCsvLine(['a;b', 'c,d'], ';')).toBe('"a;b";c,d\r\n');
  });

  it.each([
    ['ascii', 'Zoë Łukasz', Buffer.from('Zo? ?ukasz', 'latin1')],
    ['utf-8', 'Zoë', Buffer.from('Zoë', 'utf8')],
    ['utf-8-bom', 'Zoë', Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Zoë', 'utf8')])],
    ['utf-16le-bom', 'Zoë', Buffer.from([0xff, 0xfe, ...Buffer.from('Zoë', 'utf16le')])],
    [
      'windows-1252',
      'Zoë O’Neill Łukasz 😀',
      Buffer.from([...Buffer.from('Zo\xeb O', 'latin1'), 0x92, ...Buffer.from('Neill ?ukasz ?', 'latin1')]),
    ],
  ] as const)('encodes %s as Windows writes it', (encoding, text, bytes) => {
    expect(encodeExport(text, encoding).toString('hex')).toBe(bytes.toString('hex'));
  });

  it('writes in Windows-1252 what reads back the same, but for the letters the code page lacks', () => {
    expect(decodeWindows1252(encodeExport('€ ‘quoted’ – Šárka Ő', 'windows-1252'))).toBe('€ ‘quoted’ – Šárka ?');
  });

  it('writes a time as a machine set to English (United Kingdom) does', () => {
    expect(ukDateTime(new Date('2026-11-23T18:05:09Z'))).toBe('23/11/2026 18:05:09');
  });
});
