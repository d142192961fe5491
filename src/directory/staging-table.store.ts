import { sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import type { ImportKind } from './import-kinds.js';
import { STAGING_COLUMNS } from './staging-rows.js';

export const STAGING_TABLE = 'import_staging';

const NUMERIC = new Set([
  'size_bytes',
  'quota_bytes',
  'deleted_bytes',
  'item_count',
  'is_helpdesk',
  'is_application_owner',
  'is_dl_owner',
  'uses_email_programme',
  'uses_database_quota',
  'account_disabled',
  'gets_nhsmail',
  'is_primary',
  'id_matches',
  'user_matches',
  'first_name_lost_letters',
  'last_name_lost_letters',
  'display_name_lost_letters',
]);

/** Identity prefixes a kind resolves against the directory. */
export const RESOLVED_PREFIXES: Readonly<Record<ImportKind, readonly ('id' | 'user')[]>> = {
  people: [],
  mailboxes: [],
  'nhsmail-accounts': [],
  'migration-status': [],
  'address-map': [],
  'shared-mailbox-owners': [],
  'dl-owners': [],
  'mailbox-stats': ['id'],
  'mobile-devices': ['id'],
  permissions: ['id', 'user'],
  'group-members': ['id'],
};

/** The columns each staged row is written with, in order. */
export function stagedInsertColumns(kind: ImportKind): string[] {
  return ['staged_id', 'row_no', 'ok', ...STAGING_COLUMNS[kind]];
}

/** All staging columns: what is written, then what identity resolution fills in. */
function stagingColumns(kind: ImportKind): string[] {
  const resolved = RESOLVED_PREFIXES[kind].flatMap((p) => [`${p}_email`, `${p}_matches`, `${p}_candidates`]);
  return [...stagedInsertColumns(kind), ...resolved];
}

export async function createStagingTable(db: Queryable, kind: ImportKind): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${STAGING_TABLE}`).execute(db);
  const columns = stagingColumns(kind).map((column) => {
    if (column === 'staged_id') return 'staged_id integer primary key';
    if (column === 'row_no') return 'row_no integer not null';
    if (column === 'ok') return 'ok integer not null default 1';
    if (column.endsWith('_matches')) return `${column} integer not null default 0`;
    return `${column} ${NUMERIC.has(column) ? 'bigint' : 'text'}`;
  });
  await sql.raw(`CREATE TEMPORARY TABLE ${STAGING_TABLE} (${columns.join(', ')})`).execute(db);
}

export async function dropStagingTable(db: Queryable): Promise<void> {
  await sql.raw(`DROP TABLE IF EXISTS ${STAGING_TABLE}`).execute(db);
}
