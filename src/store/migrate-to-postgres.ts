import { CommsplanError } from '../shared/errors.js';
import { type CopiedTable, type CopyProgress, copyWorkspace } from './copy-workspace.js';
import { openPostgresStore } from './open-postgres-store.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { isPostgresUrl, parsePostgresUrl } from './postgres-location.js';

export interface MigrationOutcome {
  /** Where the workspace went, as people may see it (never the password). */
  target: string;
  tables: CopiedTable[];
}

/**
 * Moves the whole SQLite workspace at `sqliteFile` into the PostgreSQL database at `url`, which
 * must hold no workspace data yet; see `copyWorkspace`. The SQLite file is brought up to the
 * latest schema first, and PostgreSQL gets its tables from the same migrations.
 */
export async function migrateToPostgres(
  sqliteFile: string,
  url: string,
  options: { busyTimeoutMs?: number; onProgress?: (progress: CopyProgress) => void } = {},
): Promise<MigrationOutcome> {
  if (isPostgresUrl(sqliteFile))
    throw new CommsplanError('invalid-input', 'The workspace to move must be an SQLite file, not a database URL.', { field: 'sqliteFile' });
  if (!isPostgresUrl(url))
    throw new CommsplanError('invalid-input', 'The target must be a PostgreSQL URL, such as postgres://USER@HOST:5432/DATABASE.', {
      field: 'url',
    });
  const poolSize = parsePostgresUrl(url).poolSize;
  const source = await openSqliteStore(sqliteFile, {
    create: false,
    ...(options.busyTimeoutMs ? { busyTimeoutMs: options.busyTimeoutMs } : {}),
  });
  try {
    const target = await openPostgresStore(url, { create: true, ...(poolSize ? { poolSize } : {}) });
    try {
      return {
        target: target.location,
        tables: await copyWorkspace(source, target, options.onProgress ? { onProgress: options.onProgress } : {}),
      };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
