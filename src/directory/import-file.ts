import { appendAuditEntry } from '../audit/audit-log.store.js';
import { londonDate } from '../calendar/london-time.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { plural } from '../shared/plural.js';
import type { DialectName } from '../store/dialect.js';
import type { Queryable, Store } from '../store/store.js';
import { type LinkSummary, refreshAddressLinks } from './address-links.store.js';
import { describeMissingColumns, duplicateColumns, mapColumns, normaliseColumnName } from './column-names.js';
import { markDirectoryStale } from './directory-state.store.js';
import { finishGroupGrants } from './group-records.js';
import { IMPORT_KINDS, type ImportKind, KIND_SPECS, recogniseKind } from './import-kinds.js';
import type { ImportOptions, ImportResult, ImportSink } from './import-result.js';
import { ImportRun } from './import-run.js';
import {
  countAbsent,
  countChanges,
  countKeptRows,
  type MergeCounts,
  mergeStaged,
  mergeStatistics,
  removeAbsent,
} from './merge-staged.store.js';
import type { TableFile } from './read-table-file.js';
import { refreshStaffMailboxLinks, type StaffLinkSummary } from './staff-mailbox-links.store.js';
import { storeStaffWithoutAddress } from './staff-staging.store.js';
import { countAddressPairs } from './staged-checks.store.js';
import { createStagingTable, dropStagingTable } from './staging-table.store.js';

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
  const { missing, missingSpecs } = mapColumns(table.headers, KIND_SPECS[kind].fields);
  if (missing.length) {
    const hint = recognised && recognised !== kind ? ` It looks like ${KIND_SPECS[recognised].description} (kind ${recognised}).` : '';
    throw new CommsplanError(
      'invalid-input',
      `${file} is not ${KIND_SPECS[kind].description}: it has ${describeMissingColumns(missingSpecs)}.${hint}`,
      { file, field: missing[0] },
    );
  }
  return kind;
}

/** Imports that can pair a local address with an NHSmail one, or change who a name fits. */
const LINKING_KINDS: ReadonlySet<string> = new Set(['people', 'mailboxes', 'nhsmail-accounts', 'migration-status', 'address-map']);

/** Says how many NHSmail accounts belong to someone, and loudly when none do. */
function linkNotices(result: ImportResult, kind: ImportKind, links: LinkSummary): void {
  result.links = links;
  if (links.accounts === 0) return;
  if (links.matched === 0) {
    result.warnings += 1;
    result.notices.push(
      `${links.accounts === 1 ? 'The one NHSmail account belongs to no one' : `None of the ${links.accounts.toLocaleString('en-GB')} NHSmail accounts belongs to anyone`} commsplan knows, so their sizes are added to no one's mailbox and over-quota is wrong for them. Import a file that pairs local and NHSmail addresses (commsplan import address-map FILE) or the staff list, then see: commsplan nhsmail unmatched`,
    );
    return;
  }
  if (!['nhsmail-accounts', 'address-map'].includes(kind)) return;
  const left = links.ambiguous + links.unmatched;
  const sameAddress = links.matched - links.byAddress - links.byName;
  result.notices.push(
    `${links.matched.toLocaleString('en-GB')} of ${links.accounts.toLocaleString('en-GB')} NHSmail accounts belong to a known person (${sameAddress.toLocaleString('en-GB')} listed under the same address, ${links.byAddress.toLocaleString('en-GB')} paired with a local address, ${links.byName.toLocaleString('en-GB')} by name).` +
      (left
        ? ` ${left.toLocaleString('en-GB')} do not (${links.ambiguous} whose name fits several people, ${links.unmatched} whose name fits no one current): see commsplan nhsmail unmatched`
        : ''),
  );
}

/** Says how many staff-list rows without a work address were found a mailbox, and where to see the rest. */
function staffLinkNotices(result: ImportResult, kind: ImportKind, links: StaffLinkSummary): void {
  if (links.rows === 0 || !['people', 'mailboxes'].includes(kind)) return;
  if (!links.hasMailboxes) {
    result.notices.push(
      `Staff with no work email address cannot be emailed until the mailbox list is imported (commsplan import mailboxes FILE): each is then matched to their mailbox by employee number or name.`,
    );
    return;
  }
  const linked = links.byEmployeeNumber + links.byName;
  const left = links.ambiguous + links.unmatched;
  result.notices.push(
    `${links.rows.toLocaleString('en-GB')} staff-list ${links.rows === 1 ? 'row has' : 'rows have'} no work email address: ${linked.toLocaleString('en-GB')} matched to a mailbox (${links.byEmployeeNumber.toLocaleString('en-GB')} by employee number, ${links.byName.toLocaleString('en-GB')} by name).` +
      (left
        ? ` ${left.toLocaleString('en-GB')} could not be (${links.ambiguous.toLocaleString('en-GB')} fit more than one mailbox or share one, ${links.unmatched.toLocaleString('en-GB')} fit none): they are counted but cannot be emailed. See commsplan people unmatched`
        : ''),
  );
}

/** What the reader and a staff list's merge did that the person importing should know. */
function readingNotices(table: TableFile, result: ImportResult, file: string): string[] {
  const notices: string[] = [];
  if (table.rowsAboveHeader > 0)
    notices.push(
      `${file}: the column names were found on row ${table.headerRow}, so the ${plural(table.rowsAboveHeader, 'row')} above (titles or report details) ${table.rowsAboveHeader === 1 ? 'was' : 'were'} skipped.`,
    );
  if (result.mergedRows > 0)
    notices.push(
      `${plural(result.mergedRows, 'row')} ${result.mergedRows === 1 ? 'was a further assignment' : 'were further assignments'} of someone listed on another row, and ${result.mergedRows === 1 ? 'was' : 'were'} merged into that person (the primary assignment's details were kept, else the first row's).`,
    );
  if (result.staffWithoutAddress > 0)
    notices.push(
      `${plural(result.staffWithoutAddress, 'member')} of staff ${result.staffWithoutAddress === 1 ? 'has' : 'have'} no email address on the staff list.`,
    );
  return notices;
}

/** Grants to groups count among the permissions added, unchanged and removed. */
function addGroupGrants(result: ImportResult, grants: Awaited<ReturnType<typeof finishGroupGrants>>): void {
  result.added += grants.added;
  result.unchanged += grants.unchanged;
  result.removed += grants.removed;
  result.access = grants.access;
}

/** Counts what the kept rows add, change and (with `replace`) remove, then writes them. */
async function mergeKeptRows(
  trx: Queryable,
  dialect: DialectName,
  orgId: string,
  kind: ImportKind,
  replace: boolean,
  result: ImportResult,
): Promise<void> {
  const counts = kind === 'mailbox-stats' ? undefined : await countChanges(trx, dialect, orgId, kind);
  if (replace) {
    result.removed = await countAbsent(trx, orgId, kind);
    await removeAbsent(trx, orgId, kind);
  }
  if (kind === 'mailbox-stats') {
    // Statistics only ever update mailboxes already listed, so nothing counts as added.
    const kept = await countKeptRows(trx);
    const changed = await mergeStatistics(trx, dialect, orgId);
    Object.assign(result, { added: 0, changed, unchanged: kept - changed });
  } else {
    Object.assign(result, counts);
    await mergeStaged(trx, dialect, orgId, kind, counts as MergeCounts);
  }
}

async function recordImportRun(
  trx: Queryable,
  orgId: string,
  kind: ImportKind,
  file: string,
  now: Date,
  result: ImportResult,
): Promise<void> {
  await trx
    .insertInto('import_runs')
    .values({
      org_id: orgId,
      kind,
      file,
      finished_at: now.toISOString(),
      rows_read: result.rowsRead,
      added: result.added,
      changed: result.changed,
      unchanged: result.unchanged,
      removed: result.removed,
      rejected: result.rejected,
    })
    .execute();
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
      await run.stageAll(trx);
      await run.resolve(trx, organisation.id);
      const result = run.result;
      result.addressPairs = await countAddressPairs(trx, kind);
      if (result.rowsRead === EXCHANGE_DEFAULT_RESULT_SIZE) {
        result.notices.push(
          `${options.file} has exactly 1,000 rows, the number Exchange stops at unless told otherwise: it is probably cut short. Export again with -ResultSize Unlimited.`,
        );
      }
      result.notices.push(...readingNotices(table, result, options.file));
      if (result.errors > 0 && !options.skipInvalid) throw new NothingImported(result);
      if (options.replace && (await countKeptRows(trx)) === 0) {
        throw new CommsplanError(
          'invalid-input',
          `${options.file} has no rows to keep, so --replace would remove everything. Nothing was changed.`,
          { file: options.file },
        );
      }
      await mergeKeptRows(trx, store.dialect, organisation.id, kind, options.replace, result);
      if (kind === 'people') await storeStaffWithoutAddress(trx, organisation.id, options.replace);
      if (kind === 'permissions') addGroupGrants(result, await finishGroupGrants(trx, organisation.id, options.replace));
      if (options.afterMerge) await options.afterMerge(trx, result);
      await dropStagingTable(trx);
      if (LINKING_KINDS.has(kind)) {
        const today = londonDate(now);
        linkNotices(result, kind, await refreshAddressLinks(store, trx, organisation.id, today));
        const domains = options.organisationDomains ?? [];
        staffLinkNotices(result, kind, await refreshStaffMailboxLinks(store, trx, organisation.id, today, domains));
      }
      await markDirectoryStale(trx, organisation.id);
      await recordImportRun(trx, organisation.id, kind, options.file, now, result);
      // A check before importing does everything the import does, so its counts are the import's, then rolls it all back.
      if (options.dryRun) throw new NothingImported(result);
      await appendAuditEntry(trx, organisation.id, {
        at: now.toISOString(),
        actor: options.by?.trim() || 'cli',
        action: 'imported',
        subject: `${kind} from ${options.file}`,
        detail: `${result.rowsRead} rows read; ${result.added} added, ${result.changed} changed, ${result.unchanged} unchanged, ${result.removed} removed, ${result.rejected} left out`,
      });
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
