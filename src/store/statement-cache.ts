import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';
import type { SqliteDatabase } from './sqlite-driver.js';

/** Statements kept per connection; enough for every query the app runs, bounded for generated IN lists. */
const STATEMENTS_KEPT = 500;

/**
 * The connection as Kysely sees it, with its prepared statements kept and reused. Kysely
 * prepares every query it runs, and preparing one costs about as much as running a small
 * one, so the sending loop spent a fifth of its database time preparing the same few
 * statements. A statement still being read (an open iterator) is not handed out twice.
 */
export function keepingStatements(sqlite: SqliteDatabase, kept = STATEMENTS_KEPT): KyselySqliteDatabase {
  const statements = new Map<string, ReturnType<SqliteDatabase['prepare']>>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SqliteStatement {
      const known = statements.get(sql);
      if (known && !known.busy) {
        // Most recently used last, so the first key is the one to drop.
        statements.delete(sql);
        statements.set(sql, known);
        return known;
      }
      const statement = sqlite.prepare(sql);
      if (!known) {
        statements.set(sql, statement);
        if (statements.size > kept) statements.delete(statements.keys().next().value as string);
      }
      return statement;
    },
  };
}
