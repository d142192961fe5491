import { type RawBuilder, sql } from 'kysely';
import type { FilterNode } from './filter-language.js';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Turns a parsed filter into SQL. Column names come from the field whitelist; values are parameters. */
export function filterToSql(node: FilterNode): RawBuilder<unknown> {
  switch (node.kind) {
    case 'and':
      return sql`(${filterToSql(node.left)} AND ${filterToSql(node.right)})`;
    case 'or':
      return sql`(${filterToSql(node.left)} OR ${filterToSql(node.right)})`;
    case 'not':
      return sql`(NOT ${filterToSql(node.operand)})`;
    case 'flag':
      return sql`(${sql.ref(node.field.column)} = 1)`;
    case 'compare': {
      const column = sql.ref(node.field.column);
      if (node.field.kind === 'text') {
        const value = String(node.value).toLowerCase();
        if (node.operator === 'contains') return sql`(lower(${column}) LIKE ${`%${escapeLike(value)}%`} ESCAPE '\\')`;
        if (node.operator === 'starts_with') return sql`(lower(${column}) LIKE ${`${escapeLike(value)}%`} ESCAPE '\\')`;
        if (node.operator === '!=') return sql`(${column} IS NULL OR lower(${column}) <> ${value})`;
        return sql`(lower(${column}) = ${value})`;
      }
      return sql`(${column} ${sql.raw(node.operator === '=' ? '=' : node.operator === '!=' ? '<>' : node.operator)} ${node.value})`;
    }
  }
}
