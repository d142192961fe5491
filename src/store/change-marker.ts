import { sql } from 'kysely';
import type { Store } from './store.js';

/** Per store: rows this process changed that nothing kept from the database depends on. */
const unmarkedChanges = new WeakMap<Store, number>();

/**
 * A value that differs whenever anything in the database may have changed since it was last read,
 * so that what was worked out from the database can be kept until then; undefined when the engine
 * cannot tell (then nothing may be kept). On SQLite it is this connection's count of changed rows
 * (total_changes), less those `writeUnmarked` made, with the data version, which moves when another
 * connection (an import worker, another commsplan process) commits. A rolled-back change still
 * moves it, which only costs a reread.
 */
export async function changeMarker(store: Store): Promise<string | undefined> {
  if (store.dialect !== 'sqlite') return undefined;
  const { rows } = await sql<{ changes: number; version: number }>`
    SELECT total_changes() AS changes, data_version AS version FROM pragma_data_version()`.execute(store.db);
  const row = rows[0];
  return row ? `${row.changes - (unmarkedChanges.get(store) ?? 0)}/${row.version}` : undefined;
}

/**
 * Runs a write that no kept snapshot reads (a session's last-seen time) without moving the
 * marker: otherwise every signed-in person's once-a-minute touch would throw away what pages keep,
 * and at a million people a page would work it out again every few seconds. The write and its
 * count happen while this holds the connection, so no other query can read the marker in between.
 * `write` returns how many rows it changed.
 */
export async function writeUnmarked(store: Store, write: (db: Store['db']) => Promise<number>): Promise<void> {
  await store.db.connection().execute(async (db) => {
    const changed = await write(db);
    unmarkedChanges.set(store, (unmarkedChanges.get(store) ?? 0) + changed);
  });
}
