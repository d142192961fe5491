import { describe, expect, it } from 'vitest';
import {
  escapeControlCharacters,
  escapeJsonControlCharacters,
  hasControlCharacters,
  hasControlCharactersBesideLineBreaks,
  withoutControlCharacters,
} from './control-characters.js';

describe('control characters in values people type', () => {
  it.each([
    ['plain text', 'Pat Jones', 'Pat Jones', 'Pat Jones'],
    ['an escape sequence', 'a\u001b[2Jb', 'a[2Jb', 'a\\u001b[2Jb'],
    ['a bell', 'ring\u0007', 'ring', 'ring\\u0007'],
    ['line breaks', 'one\r\ntwo\nthree', 'one two three', 'one\\r\\ntwo\\nthree'],
    ['a tab', 'a\tb', 'a b', 'a\\tb'],
    ['a C1 control sequence introducer', 'x\u009b31my', 'x31my', 'x\\u009b31my'],
    ['a next-line character', 'a\u0085b', 'a b', 'a\\u0085b'],
    ['a Unicode line separator', 'a\u2028b', 'a b', 'a\\u2028b'],
    ['DEL and NUL', 'a\u007f\u0000b', 'ab', 'a\\u007f\\u0000b'],
    ['a right-to-left override and isolate', 'admin@t.nhs.uk\u202e\u2066x', 'admin@t.nhs.ukx', 'admin@t.nhs.uk\\u202e\\u2066x'],
    ['an Arabic letter mark', 'a\u061cb', 'ab', 'a\\u061cb'],
    ['left-to-right and right-to-left marks', 'a\u200eb\u200fc', 'abc', 'a\\u200eb\\u200fc'],
    ['embeddings and overrides U+202A to U+202E', '\u202a\u202b\u202c\u202d\u202ex', 'x', '\\u202a\\u202b\\u202c\\u202d\\u202ex'],
    ['isolates U+2066 to U+2069', '\u2066\u2067\u2068\u2069x', 'x', '\\u2066\\u2067\\u2068\\u2069x'],
    ['Arabic and Hebrew letters, which are not controls', 'مرحبا שלום', 'مرحبا שלום', 'مرحبا שלום'],
    ['letters beyond ASCII', 'Siobhán Ó Súilleabháin €', 'Siobhán Ó Súilleabháin €', 'Siobhán Ó Súilleabháin €'],
  ])('%s: removed for storing, escaped for printing', (_label, raw, stored, printed) => {
    expect(withoutControlCharacters(raw)).toBe(stored);
    expect(escapeControlCharacters(raw)).toBe(printed);
    expect(hasControlCharacters(raw)).toBe(raw !== stored);
    expect(hasControlCharacters(stored)).toBe(false);
  });
});

describe('control characters in multi-line text (a template body)', () => {
  it.each([
    ['line feeds and tabs', 'Dear {first-name},\n\n\t- item', false],
    ['an escape sequence', 'Hello\u001b[2J', true],
    ['a bell', 'ring\u0007', true],
    ['a carriage return left alone', 'a\rb', true],
    ['a right-to-left override', 'a\u202eb', true],
    ['a Unicode line separator', 'a\u2028b', true],
  ])('%s: refused %s', (_label, text, refused) => {
    expect(hasControlCharactersBesideLineBreaks(text)).toBe(refused);
  });
});

describe('JSON printed by the CLI', () => {
  it('escapes the bidi controls JSON.stringify leaves raw', () => {
    expect(escapeJsonControlCharacters(JSON.stringify('a\u202eb\u2066'))).toBe('"a\\u202eb\\u2066"');
  });
});
