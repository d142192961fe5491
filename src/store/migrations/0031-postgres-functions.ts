import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../dialect.js';

/**
 * Two SQLite functions our SQL uses, defined on PostgreSQL so one query layer serves both:
 * `instr(text, part)`, the position of the first `part` or 0 (PostgreSQL's strpos), and the
 * aggregate `group_concat(text)`, the values joined with commas. Both are plain SQL, which
 * PostgreSQL inlines into the queries that call them. SQLite has them already.
 */
export function postgresFunctions(dialect: DialectName): Migration {
  return { up: (db) => (dialect === 'postgres' ? up(db) : Promise.resolve()) };
}

async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT strpos($1, $2)'`.execute(db);
  await sql`CREATE FUNCTION group_concat_step(text, text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS 'SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || '','' || $2 END'`.execute(db);
  await sql`CREATE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text)`.execute(db);
}
