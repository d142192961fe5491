import { describe, expect, it } from 'vitest';
import { inReferenceOrder } from './workspace-tables.js';

const table = (name: string, ...references: string[]) => ({ name, references });

describe('inReferenceOrder', () => {
  it.each([
    ['keeps tables that reference nothing in their order', [table('b'), table('a')], ['b', 'a']],
    ['puts a referenced table first', [table('waves', 'organisations'), table('organisations')], ['organisations', 'waves']],
    [
      'follows a chain of references',
      [table('web_sessions', 'users', 'organisations'), table('users', 'organisations'), table('organisations')],
      ['organisations', 'users', 'web_sessions'],
    ],
    ['lets a table reference itself', [table('tree', 'tree')], ['tree']],
  ])('%s', (_, tables, expected) => {
    expect(inReferenceOrder(tables).map((t) => t.name)).toEqual(expected);
  });

  it('refuses tables whose references form a cycle, naming them', () => {
    expect(() => inReferenceOrder([table('a', 'b'), table('b', 'a'), table('c')])).toThrow('The foreign keys of a, b form a cycle');
  });
});
