/** The raw ceilings our import is compared with, measured on the same files in the same run. */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { SqliteDriver } from '../src/store/sqlite-driver.js';

/** Rows per second that csv-parse alone reaches on the file (decoding included, nothing else). */
export async function csvParseCeiling(file: string, encoding: 'utf16le' | 'utf8'): Promise<{ rows: number; seconds: number }> {
  const started = performance.now();
  let rows = 0;
  const parser = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
    parse({ encoding, bom: true, relax_column_count: true, from_line: 2 }),
  );
  for await (const _record of parser) rows += 1;
  return { rows: rows - 1, seconds: (performance.now() - started) / 1000 };
}

/** Rows per second the SQLite driver alone reaches inserting rows as wide as the staging rows. */
export function driverInsertCeiling(rows: number, columns: number): { rows: number; seconds: number } {
  const db = new SqliteDriver(':memory:');
  db.exec(`CREATE TABLE t (${Array.from({ length: columns }, (_, i) => `c${i}`).join(', ')})`);
  const insert = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: columns }, () => '?').join(', ')})`);
  const values = Array.from({ length: columns }, (_, i) => (i % 2 ? `value-${i}` : i));
  const started = performance.now();
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(values);
  })();
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return { rows, seconds };
}
