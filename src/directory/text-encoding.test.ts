import { describe, expect, it } from 'vitest';
import { decodeWindows1252, detectEncoding, streamingDecoder } from './text-encoding.js';

/** What Windows-1252 puts at 0x80 to 0x9F, from the WHATWG Encoding Standard's index; five bytes map to themselves. */
const HIGH_CONTROL_RANGE = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

const everyHighByte = Uint8Array.from({ length: 32 }, (_, i) => 0x80 + i);

describe('Windows-1252 through TextDecoder', () => {
  it('decodes every byte from 0x80 to 0x9F as Windows-1252, not Latin-1, in one go', () => {
    expect(decodeWindows1252(everyHighByte)).toBe(HIGH_CONTROL_RANGE);
  });

  it('decodes them the same when the file arrives in pieces, the last one flushed', () => {
    const decode = streamingDecoder('windows-1252');
    const text = decode(everyHighByte.subarray(0, 7)) + decode(everyHighByte.subarray(7, 20)) + decode(everyHighByte.subarray(20), true);
    expect(text).toBe(HIGH_CONTROL_RANGE);
  });

  it('decodes a first piece that is also the last, as the header sniffing does', () => {
    expect(streamingDecoder('windows-1252')(Uint8Array.from([0x4f, 0x92, 0x4e, 0x65, 0x69, 0x6c, 0x20, 0x80]), true)).toBe('O’Neil €');
  });

  it('keeps the Latin-1 half of the table as it is', () => {
    expect(decodeWindows1252(Uint8Array.from([0xe9, 0xeb, 0xff, 0xa3]))).toBe('éëÿ£');
  });
});

/** A staff list: an ASCII header, then rows in the encoding named, as bytes. */
const staffList = (rows: string) => Buffer.concat([Buffer.from('Email,First Name,Surname,Department\r\n'), Buffer.from(rows, 'hex')]);
const WINDOWS_1252_ROWS = Buffer.from(
  'mary.o@trust.nhs.uk,Siobh\xe1n,\xd3 S\xfailleabh\xe1in,Pharmacy \x80\r\n' +
    'hans@trust.nhs.uk,J\xfcrgen,M\xfcller-Wei\xdf,\x93Estates\x94 Gr\xfc\xdfe\r\n' +
    'zoe@trust.nhs.uk,Zo\xeb,O\x92Neil,Maternit\xe9\r\n',
  'latin1',
).toString('hex');

describe('recognising the encoding of an export', () => {
  it.each([
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë,张伟\r\n')]), 'utf-8', 3],
    ['UTF-8 without one', Buffer.from('Email,Name\r\nzoe@trust.nhs.uk,Zoë 张伟\r\n'), 'utf-8', 0],
    ['UTF-16 with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('张伟,王芳\r\n', 'utf16le')]), 'utf-16le', 2],
    ['Windows-1252 names, accents, quotes and a euro sign', staffList(WINDOWS_1252_ROWS), 'windows-1252', 0],
  ])('reads %s', (_label, bytes, encoding, bomLength) => {
    expect(detectEncoding(bytes)).toEqual({ encoding, bomLength });
  });

  it.each([
    [
      'GB18030 (Simplified Chinese)',
      '7a68616e672e7765694074727573742e6e68732e756b2cceb02cd5c52cd2a9b7bf0d0a77616e672e66616e674074727573742e6e68732e756b2cb7bc2ccdf52cbba4c0edb2bf0d0a',
    ],
    ['Shift-JIS (Japanese)', '79616d6164614074727573742e6e68732e756b2c91be98592c8e5293632c96f28ddc95940d0a'],
    [
      'Windows-1251 (Cyrillic)',
      '692e6976616e6f764074727573742e6e68732e756b2cc8e2e0ed2cc8e2e0edeee20d0a692e6976616e6f764074727573742e6e68732e756b2cc8e2e0ed2cc8e2e0edeee20d0a',
    ],
  ])('does not recognise %s, rather than read it as Windows-1252', (_label, rows) => {
    expect(detectEncoding(staffList(rows))).toBeUndefined();
  });
});
