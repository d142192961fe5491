import { describe, expect, it } from 'vitest';
import { escapeControlCharacters, hasControlCharacters, withoutControlCharacters } from './control-characters.js';

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
    ['letters beyond ASCII', 'Siobhán Ó Súilleabháin €', 'Siobhán Ó Súilleabháin €', 'Siobhán Ó Súilleabháin €'],
  ])('%s: removed for storing, escaped for printing', (_label, raw, stored, printed) => {
    expect(withoutControlCharacters(raw)).toBe(stored);
    expect(escapeControlCharacters(raw)).toBe(printed);
    expect(hasControlCharacters(raw)).toBe(raw !== stored);
    expect(hasControlCharacters(stored)).toBe(false);
  });
});
