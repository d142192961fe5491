import { SqliteDriver as Database } from '../../src/store/sqlite-driver.js';

/** One statement against the database file at `path`, opened and closed around it: the rows of a query, none otherwise. */
export function sqlOnFile<T>(path: string, query: string, ...parameters: unknown[]): T[] {
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
