import { SqliteDriver as Database } from '../../src/store/sqlite-driver.js';
import { queryPostgresSync } from './postgres-sync.js';
import { ON_POSTGRES, testLocation } from './test-database.js';

/**
 * One statement against the workspace at `path`, opened and closed around it: the rows of a query,
 * none otherwise. When the suite runs on PostgreSQL, the schema the path stands for (`testLocation`).
 */
export function sqlOnFile<T>(path: string, query: string, ...parameters: unknown[]): T[] {
  if (ON_POSTGRES) return queryPostgresSync<T>(testLocation(path), query, parameters);
  return sqlOnSqliteFile<T>(path, query, ...parameters);
}

/** One statement against the SQLite file at `path`, whichever database the suite runs on. */
export function sqlOnSqliteFile<T>(path: string, query: string, ...parameters: unknown[]): T[] {
  const db = new Database(path);
  try {
    const statement = db.prepare(query);
    if (statement.reader) return statement.all(...parameters) as T[];
    statement.run(...parameters);
    return [];
  } finally {
    db.close();
  }
}
