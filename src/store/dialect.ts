import type { CreateTableBuilder } from 'kysely';

/**
 * The one place where SQLite and PostgreSQL differ in our SQL. Everything else goes through
 * Kysely's portable builders.
 */
export type DialectName = 'sqlite' | 'postgres';

/** An `id` column numbered by the database. */
export function autoIncrementId<T extends string>(dialect: DialectName, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** `a = b` that treats two NULLs as equal. */
export function nullSafeEquals(dialect: DialectName, left: string, right: string): string {
  return dialect === 'postgres' ? `${left} IS NOT DISTINCT FROM ${right}` : `${left} IS ${right}`;
}
