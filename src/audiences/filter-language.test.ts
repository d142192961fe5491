import { describe, expect, it } from 'vitest';
import { parseFilter } from './filter-language.js';

/** The bounds the messages name: brackets and nots nested 32 deep, 200 conditions. */
const FILTER_LIMITS = { nesting: 32, conditions: 200 };

const brackets = (depth: number, inner = 'mobile') => `${'('.repeat(depth)}${inner}${')'.repeat(depth)}`;
const nots = (depth: number) => `${'not '.repeat(depth)}mobile`;
const ors = (conditions: number) => Array<string>(conditions).fill('mobile').join(' or ');

describe('the audience filter language', () => {
  it('reads the example from the plan', () => {
    const node = parseFilter('department = "Pharmacy" and mobile');
    expect(node).toMatchObject({ kind: 'and', left: { kind: 'compare', operator: '=', value: 'Pharmacy' }, right: { kind: 'flag' } });
  });

  it('binds "and" tighter than "or" and honours brackets and "not"', () => {
    expect(parseFilter('helpdesk or mobile and nhsmail')).toMatchObject({ kind: 'or', right: { kind: 'and' } });
    expect(parseFilter('(helpdesk or mobile) and not nhsmail')).toMatchObject({
      kind: 'and',
      left: { kind: 'or' },
      right: { kind: 'not' },
    });
  });

  it('reads sizes with units', () => {
    expect(parseFilter('combined_size > 3.5 GB')).toMatchObject({ value: 3.5 * 1024 ** 3 });
    expect(parseFilter('local-size <= 512 MB')).toMatchObject({ operator: '<=', value: 512 * 1024 ** 2 });
  });

  it.each([
    ['', 'empty'],
    ['department = Pharmacy', 'quoted text'],
    ['shoe_size > 9', '"shoe_size" is not a field'],
    ['mobile = "yes"', 'write "mobile" or "not mobile"'],
    ['department', 'needs a comparison'],
    ['department > "A"', 'use =, !=, contains or starts_with'],
    ['combined_size contains 3', 'is a size'],
    ['(mobile or helpdesk', 'ends too soon'],
    ['mobile helpdesk', 'join conditions'],
    ["department = 'x'; drop table people", 'is not allowed here'],
  ])('refuses %j, saying %s', (source, words) => {
    expect(() => parseFilter(source)).toThrowError(
      expect.objectContaining({ code: 'invalid-input', message: expect.stringContaining(words) }),
    );
  });

  it.each([
    ['20,000 brackets', brackets(20_000), 'at most 10000 characters'],
    ['20,000 nots', nots(20_000), 'at most 10000 characters'],
    ['33 brackets', brackets(FILTER_LIMITS.nesting + 1), 'nested more than 32 deep'],
    ['33 nots', nots(FILTER_LIMITS.nesting + 1), 'nested more than 32 deep'],
    ['brackets and nots, 34 in all', brackets(17, nots(17)), 'nested more than 32 deep'],
    ['201 conditions', ors(FILTER_LIMITS.conditions + 1), 'at most 200 conditions'],
  ])('refuses a filter of %s, saying so in a short message', (_label, source, words) => {
    let thrown: unknown;
    try {
      parseFilter(source);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'invalid-input', message: expect.stringContaining(words) });
    expect((thrown as Error).message.length).toBeLessThan(300);
  });

  it.each([
    ['32 brackets', brackets(FILTER_LIMITS.nesting)],
    ['32 nots', nots(FILTER_LIMITS.nesting)],
    ['200 conditions', ors(FILTER_LIMITS.conditions)],
  ])('reads a filter of %s, at the limit', (_label, source) => {
    expect(() => parseFilter(source)).not.toThrow();
  });
});
