import { describe, expect, it } from 'vitest';
import { parseFilter } from './filter-language.js';

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
});
