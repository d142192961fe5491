import { sql } from 'kysely';
import type { Store } from './store.js';

/**
 * A value that differs whenever anything in the database may have changed since it was last read,
 * so that what was worked out from the database can be kept until then; undefined when the engine
 * cannot tell (then nothing may be kept). On SQLite it is this connection's count of changed rows
 * (total_changes) with the data version, which moves when another connection (an import worker,
 * another commsplan process) commits. A rolled-back change still moves it, which only costs a reread.
 */
export async function changeMarker(store: Store): Promise<string | undefined> {
  if (store.dialect !== 'sqlite') return undefined;
  const { rows } = await sql<{ changes: number; version: number }>`
    SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version()`.execute(store.db);
  const row = rows[0];
  return row ? `${row.changes}/${row.version}` : undefined;
}
