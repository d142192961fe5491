import { openPostgresStore } from './open-postgres-store.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { isPostgresUrl } from './postgres-location.js';
import type { Store } from './store.js';

export interface OpenStoreOptions {
  create: boolean;
  /** SQLite: how long a write waits for another connection's write to end. */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections to keep open, unless the URL's `pool_size` says otherwise. */
  poolSize?: number;
}

/** Opens a workspace: a `postgres://` URL on PostgreSQL, anything else an SQLite file. */
export function openStore(location: string, options: OpenStoreOptions): Promise<Store> {
  if (isPostgresUrl(location)) return openPostgresStore(location, options);
  return openSqliteStore(location, options);
}
