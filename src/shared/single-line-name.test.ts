import { describe, expect, it } from 'vitest';
import { NAME_MAX_LENGTH, requireSingleLineName } from './single-line-name.js';

const RULE = { label: 'The wave name', field: 'name' };

describe('names people type: one line, within a length', () => {
  it.each([
    ['Wave 1', 'Wave 1'],
    ['  Pharmacy and Estates  ', 'Pharmacy and Estates'],
    ['Siobhán Ó Súilleabháin', 'Siobhán Ó Súilleabháin'],
    ['x'.repeat(NAME_MAX_LENGTH), 'x'.repeat(NAME_MAX_LENGTH)],
    ['', ''],
  ])('accepts %j as %j', (name, expected) => {
    expect(requireSingleLineName(name, RULE)).toBe(expected);
  });

  it.each([
    ['Wave\nOne', 'The wave name "Wave\\nOne" has a line break: a name must be one line.'],
    ['Wave\r\nOne', 'The wave name "Wave\\r\\nOne" has a line break'],
    ['Wave\u2028One', 'has a line break'],
    ['Wave \u001b[31mred', 'The wave name "Wave \\u001b[31mred" holds a control character'],
    ['Wave\u0007', 'holds a control character'],
    ['Wave\tOne', 'holds a control character'],
    ['RTL\u202eevil', 'The wave name "RTL\\u202eevil" holds a control character'],
    ['Wave\u2066One\u2069', 'holds a control character'],
    ['Wave\u200fOne', 'holds a control character'],
    ['Wave\u061cOne', 'holds a control character'],
    ['x'.repeat(NAME_MAX_LENGTH + 1), `is ${NAME_MAX_LENGTH + 1} characters long: a name can be at most ${NAME_MAX_LENGTH}.`],
  ])('refuses %j, saying %s', (name, words) => {
    expect(() => requireSingleLineName(name, RULE)).toThrowError(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining(words) }),
    );
  });

  it('uses the limit and error code it is given', () => {
    expect(() => requireSingleLineName('abcdef', { ...RULE, max: 5, code: 'invalid-wave' })).toThrowError(
      expect.objectContaining({ code: 'invalid-wave', message: expect.stringContaining('at most 5') }),
    );
  });
});
