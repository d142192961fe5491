import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { duplicateColumns, mapColumns, normaliseColumnName } from './column-names.js';
import {
  countAbsent,
  countChanges,
  countKeptRows,
  createStagingTable,
  dropStagingTable,
  type MergeCounts,
  mergeStaged,
  mergeStatistics,
  removeAbsent,
} from './directory.store.js';
import { IMPORT_KINDS, type ImportKind, KIND_SPECS, recogniseKind } from './import-kinds.js';
import { type ImportOptions, type ImportResult, ImportRun, type ImportSink } from './import-run.js';
import type { TableFile } from './read-table-file.js';

export type { ImportOptions, ImportProblem, ImportResult, ImportSink } from './import-run.js';

/** Exchange cmdlets return 1,000 results unless told -ResultSize Unlimited. */
const EXCHANGE_DEFAULT_RESULT_SIZE = 1000;

/** The kind of export, from what was asked and the headers, which must name each column once. */
function chooseKind(table: TableFile, requested: ImportKind | 'auto', file: string): ImportKind {
  const dupes = duplicateColumns(table.headers);
  if (dupes.length) {
    throw new CommsplanError(
      'invalid-input',
      `${file} has the column ${dupes.map((d) => `"${d}"`).join(', ')} more than once, so commsplan cannot tell which to use. Remove or rename the copies.`,
      { file, field: dupes[0] },
    );
  }
  const recognised = recogniseKind(table.headers, normaliseColumnName);
  const kind = requested === 'auto' ? recognised : requested;
  if (!kind) {
    throw new CommsplanError(
      'invalid-input',
      `${file}: commsplan cannot tell what kind of export this is from its columns (${table.headers.join(', ')}). Name the kind: ${IMPORT_KINDS.join(', ')}.`,
      { file, field: 'kind' },
    );
  }
  const { missing } = mapColumns(table.headers, KIND_SPECS[kind].fields);
  if (missing.length) {
    const hint = recognised && recognised !== kind ? ` It looks like ${KIND_SPECS[recognised].description} (kind ${recognised}).` : '';
    throw new CommsplanError(
      'invalid-input',
      `${file} is not ${KIND_SPECS[kind].description}: it has no ${missing.join(', ')} column.${hint}`,
      { file, field: missing[0] },
    );
  }
  return kind;
}

/** Rolls the transaction back while carrying the result out. */
class NothingImported extends Error {
  constructor(readonly result: ImportResult) {
    super('nothing imported');
  }
}

/**
 * Imports one administrator export in one transaction. With errors and without `skipInvalid`,
 * nothing is written. Every problem goes to the sink, with its row, column, value and reason.
 * The table is closed afterwards, however the import ends.
 */
export async function importTableFile(
  store: Store,
  organisation: Organisation,
  table: TableFile,
  options: ImportOptions,
  sink: ImportSink,
  now: Date,
): Promise<ImportResult> {
  try {
    const kind = chooseKind(table, options.kind, options.file);
    const run = new ImportRun(store, table, kind, options, sink);
    return await store.db.transaction().execute(async (trx) => {
      await createStagingTable(trx, kind);
      await run.stageAll();
      await run.resolve(trx, organisation.id);
      const result = run.result;
      if (result.rowsRead === EXCHANGE_DEFAULT_RESULT_SIZE) {
        result.notices.push(
          `${options.file} has exactly 1,000 rows, the number Exchange stops at unless told otherwise: it is probably cut short. Export again with -ResultSize Unlimited.`,
        );
      }
      if (result.errors > 0 && !options.skipInvalid) throw new NothingImported(result);
      if (options.replace && (await countKeptRows(trx)) === 0) {
        throw new CommsplanError(
          'invalid-input',
          `${options.file} has no rows to keep, so --replace would remove everything. Nothing was changed.`,
          { file: options.file },
        );
      }
      const counts = kind === 'mailbox-stats' ? undefined : await countChanges(trx, store.dialect, organisation.id, kind);
      if (options.replace) {
        result.removed = await countAbsent(trx, organisation.id, kind);
        await removeAbsent(trx, organisation.id, kind);
      }
      if (kind === 'mailbox-stats') {
        // Statistics only ever update mailboxes already listed, so nothing counts as added.
        const kept = await countKeptRows(trx);
        const changed = await mergeStatistics(trx, store.dialect, organisation.id);
        Object.assign(result, { added: 0, changed, unchanged: kept - changed });
      } else {
        Object.assign(result, counts);
        await mergeStaged(trx, store.dialect, organisation.id, kind, counts as MergeCounts);
      }
      await dropStagingTable(trx);
      await trx
        .insertInto('import_runs')
        .values({
          org_id: organisation.id,
          kind,
          file: options.file,
          finished_at: now.toISOString(),
          rows_read: result.rowsRead,
          added: result.added,
          changed: result.changed,
          unchanged: result.unchanged,
          removed: result.removed,
          rejected: result.rejected,
        })
        .execute();
      result.committed = true;
      return result;
    });
  } catch (error) {
    if (error instanceof NothingImported) return error.result;
    throw error;
  } finally {
    await table.close();
    await dropStagingTable(store.db).catch(() => undefined);
  }
}
