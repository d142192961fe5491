import { describe, expect, it } from 'vitest';
import { decodeWindows1252, detectEncoding } from './text-encoding.js';
import { parseDateTime, parseSize, parseYesNo } from './value-parsers.js';

describe('sizes as Exchange writes them', () => {
  it.each([
    ['3.217 GB (3,454,230,118 bytes)', 3_454_230_118],
    ['0 B (0 bytes)', 0],
    ['6672B', 6672],
    ['6672 B', 6672],
    ['512 MB', 512 * 1024 ** 2],
    ['1.5 GB', 1.5 * 1024 ** 3],
    ['12 KB', 12 * 1024],
    ['1,234,567', 1_234_567],
    ['2 gb', 2 * 1024 ** 3],
    ['Unlimited', null],
  ])('reads %j', (raw, bytes) => {
    expect(parseSize(raw)).toEqual({ ok: true, value: bytes });
  });

  it.each(['about 3 GB', '3 GiB', 'GB 3', '-5 MB', '3.2.1 GB', 'n/a'])('refuses %j, saying which forms it takes', (raw) => {
    const parsed = parseSize(raw);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain('"512 MB"');
  });
});

describe('dates in en-GB and en-US form', () => {
  it.each([
    ['31/01/2026 14:05:00', 'en-GB', '2026-01-31T14:05:00.000Z'],
    ['03/04/2026', 'en-GB', '2026-04-02T23:00:00.000Z'],
    ['03/04/2026', 'en-US', '2026-03-04T00:00:00.000Z'],
    ['1/31/2026 2:05:00 PM', 'en-US', '2026-01-31T14:05:00.000Z'],
    ['1/31/2026 12:05:00 AM', 'en-US', '2026-01-31T00:05:00.000Z'],
    ['2026-01-31T14:05:00', 'en-GB', '2026-01-31T14:05:00.000Z'],
    // Exports write the server's local time: in summer, London is an hour ahead of UTC.
    ['15/07/2026 14:05:00', 'en-GB', '2026-07-15T13:05:00.000Z'],
    ['2026-07-15T14:05:00', 'en-GB', '2026-07-15T13:05:00.000Z'],
    ['2026-07-15T14:05:00Z', 'en-GB', '2026-07-15T14:05:00.000Z'],
    ['2026-07-15T14:05:00+02:00', 'en-GB', '2026-07-15T12:05:00.000Z'],
    ['2026-01-15T09:00:00-0500', 'en-GB', '2026-01-15T14:00:00.000Z'],
  ] as const)('reads %j as %s', (raw, order, iso) => {
    const parsed = parseDateTime(raw, order);
    expect(parsed.ok && parsed.value.toISOString()).toBe(iso);
  });

  it('says when a date only makes sense the other way round', () => {
    const parsed = parseDateTime('01/31/2026', 'en-GB');
    expect(parsed.ok ? '' : parsed.reason).toContain('may use en-US dates');
    expect(parseDateTime('31/02/2026', 'en-GB').ok).toBe(false);
  });
});

describe('yes and no', () => {
  it.each([
    ['True', true],
    ['yes', true],
    ['Y', true],
    ['1', true],
    ['False', false],
    ['no', false],
    ['', false],
  ])('reads %j', (raw, value) => {
    expect(parseYesNo(raw)).toEqual({ ok: true, value });
  });

  it('refuses anything else', () => {
    expect(parseYesNo('maybe').ok).toBe(false);
  });
});

describe('text encodings', () => {
  it.each([
    [[0xef, 0xbb, 0xbf, 0x41], 'utf-8', 3],
    [[0xff, 0xfe, 0x41, 0x00], 'utf-16le', 2],
    [[0xfe, 0xff, 0x00, 0x41], 'utf-16be', 2],
    [[0x41, 0x00, 0x42, 0x00], 'utf-16le', 0],
    [[0x41, 0x42, 0xc3, 0xa9], 'utf-8', 0],
    [[0x41, 0x42, 0xe9, 0x20], 'windows-1252', 0],
  ])('reads %j as %s', (bytes, encoding, bomLength) => {
    expect(detectEncoding(Uint8Array.from(bytes))).toEqual({ encoding, bomLength });
  });

  it('decodes the Windows-1252 characters that differ from Latin-1', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x93, 0x94, 0x92, 0xe9]))).toBe('€“”’é');
  });
});
