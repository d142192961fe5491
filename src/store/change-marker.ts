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

const totalChanges = async (db: Store['db']) =>
  Number((await sql<{ changes: number }>`SELECT total_changes() AS changes`.execute(db)).rows[0]?.changes ?? 0);

/**
 * Runs a write that nothing kept from the database reads (sessions, sign-in lines of the audit
 * log) without moving the marker: otherwise every signed-in person's once-a-minute touch, and every
 * sign-in, would throw away what pages keep, and at a million people a page would work it out
 * again. The rows it changed are counted by the database itself, before and after, while this
 * holds the connection, so no other query can read the marker in between.
 */
export async function writeUnmarked(store: Store, write: (db: Store['db']) => Promise<unknown>): Promise<void> {
  if (store.dialect !== 'sqlite') {
    await write(store.db);
    return;
  }
  await store.db.connection().execute(async (db) => {
    const before = await totalChanges(db);
    await write(db);
    const changed = (await totalChanges(db)) - before;
    unmarkedChanges.set(store, (unmarkedChanges.get(store) ?? 0) + changed);
  });
}
