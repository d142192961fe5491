import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { CommsplanError } from '../shared/errors.js';
import { connectToWorkspace } from './open-sqlite-store.js';
import { isPostgresUrl } from './postgres-location.js';

function checkTarget(target: string): void {
  if (existsSync(target)) {
    throw new CommsplanError('already-exists', `${target} already exists, and a backup never replaces a file. Choose a new file name.`, {
      field: 'target',
    });
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new CommsplanError(
      'file-unwritable',
      `There is no folder ${folder} to write the backup into. Create it first, or choose another.`,
      {
        field: 'target',
      },
    );
  }
}

/**
 * Copies the workspace at `path` into a new file at `target` with SQLite's online backup, which
 * reads a consistent copy while servers and workers go on using the workspace. A copy of the file
 * by other means while it is open can miss recent changes and, worse, drop SQLite's locks.
 */
export async function backupWorkspace(path: string, target: string): Promise<{ bytes: number }> {
  if (isPostgresUrl(path)) {
    throw new CommsplanError(
      'invalid-input',
      'commsplan backup copies SQLite workspace files. Back up a workspace on PostgreSQL with pg_dump (see README.md, "On PostgreSQL").',
    );
  }
  checkTarget(target);
  const sqlite = connectToWorkspace(path, { create: false });
  try {
    sqlite.pragma('busy_timeout = 5000');
    await sqlite.backup(target);
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  } finally {
    sqlite.close();
  }
  return { bytes: statSync(target).size };
}
