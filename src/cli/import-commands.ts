import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describeGroupsAndRights } from '../directory/import-details.js';
import { importTableFile } from '../directory/import-file.js';
import { IMPORT_KINDS, type ImportKind } from '../directory/import-kinds.js';
import type { ImportResult } from '../directory/import-result.js';
import { openTableFile } from '../directory/read-table-file.js';
import type { ImportProblem } from '../directory/row-stager.js';
import { recordWaveResults } from '../results/record-wave-results.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { CommsplanError, EXIT_CODES } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import { type CliContext, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { CsvFileWriter } from './csv-file-writer.js';
import { progressLine } from './progress-line.js';

const count = (n: number) => n.toLocaleString('en-GB');

function parseKind(raw: string): ImportKind | 'auto' {
  const kind = raw.trim().toLowerCase();
  if (kind === 'auto' || (IMPORT_KINDS as readonly string[]).includes(kind)) return kind as ImportKind | 'auto';
  throw new CommsplanError('invalid-input', `"${raw}" is not a kind of import: use auto, ${IMPORT_KINDS.join(', ')}.`, {
    field: 'kind',
    value: raw,
  });
}

function progressPrinter(context: CliContext, file: string) {
  const progress = progressLine(context);
  return ({ rows, bytesRead, size }: { rows: number; bytesRead: number; size: number }) => {
    const percent = size ? Math.min(100, Math.floor((bytesRead / size) * 100)) : 0;
    progress.show(`Reading ${file}: ${percent}% (${count(rows)} rows)`, rows);
  };
}

function describeProblem(p: ImportProblem): string {
  const value = p.value.length > 60 ? `${p.value.slice(0, 57)}...` : p.value;
  return `  ${p.severity === 'warning' ? 'note: ' : ''}row ${p.row}, ${p.column} "${value}" ${p.reason}`;
}

/** What a skipped row was, by kind, when it is not a permission row. */
const SKIPPED_ROWS: Partial<Record<ImportKind, string>> = { 'nhsmail-accounts': 'accounts deleted in the NHSmail portal' };

function summary(result: ImportResult, file: string, reportPath: string | undefined, rejectedPath: string | undefined): string {
  const lines: string[] = [];
  if (result.committed) {
    lines.push(
      `Imported ${result.kind} from ${file}: ${plural(result.rowsRead, 'row')} read; ${count(result.added)} added, ${count(result.changed)} changed, ${count(result.unchanged)} unchanged, ${count(result.removed)} removed.`,
    );
    if (result.rejected)
      lines.push(
        `${plural(result.rejected, 'row')} with problems ${result.rejected === 1 ? 'was' : 'were'} left out${rejectedPath ? `: they are in ${rejectedPath}` : ''}.`,
      );
    if (result.skipped)
      lines.push(
        `${plural(result.skipped, 'row')} had nothing to import (${SKIPPED_ROWS[result.kind] ?? 'inherited, denied or system entries'}).`,
      );
    if (result.addressPairs !== undefined)
      lines.push(`${plural(result.addressPairs, 'row')} paired a local address with an NHSmail address.`);
    lines.push(...describeGroupsAndRights(result));
  } else {
    lines.push(
      `Nothing was imported from ${file}: ${count(result.rejected)} of ${plural(result.rowsRead, 'row')} ${result.rejected === 1 ? 'has' : 'have'} problems.`,
    );
  }
  lines.push(...result.firstProblems.map(describeProblem));
  if (result.errors + result.warnings > result.firstProblems.length)
    lines.push(`  ... and ${count(result.errors + result.warnings - result.firstProblems.length)} more.`);
  if (result.errors) {
    lines.push('Problems by reason:');
    for (const [reason, n] of Object.entries(result.errorsByReason).sort((a, b) => b[1] - a[1])) lines.push(`  ${count(n)} × ${reason}`);
  }
  if (reportPath) lines.push(`Every problem, with its row, column, value and reason: ${reportPath}`);
  if (!result.committed)
    lines.push(
      `Fix the file and import it again, or add --skip-invalid to import the ${plural(result.rowsRead - result.rejected, 'good row')}.`,
    );
  lines.push(...result.notices.map((notice) => `Warning: ${notice}`));
  return `${lines.join('\n')}\n`;
}

export function registerImportCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command('import <kind> <file>')
    .description(`Import an administrator's export (CSV or XLSX). Kinds: auto, ${IMPORT_KINDS.join(', ')}`)
    .option('--skip-invalid', 'import the good rows and write the rejected ones to a CSV file')
    .option('--replace', 'also remove what the file does not list')
    .option('--report <file>', 'where to write the problem report (default: FILE.report.csv)')
    .option('--json', 'print the result as JSON')
    .option('--by <name>', 'who imports it, for the audit log (default: cli)')
    .action(
      async (
        rawKind: string,
        file: string,
        options: { skipInvalid?: boolean; replace?: boolean; report?: string; json?: boolean; by?: string },
      ) => {
        const kind = parseKind(rawKind);
        const source = resolve(context.cwd, file);
        // Reports sit beside the file they describe, wherever the command was run from.
        const stem = join(dirname(source), basename(source, extname(source)));
        const report = new CsvFileWriter(options.report ? resolve(context.cwd, options.report) : `${stem}.report.csv`, () => [
          'row',
          'column',
          'value',
          'reason',
          'severity',
        ]);
        let rejectedHeader: readonly string[] = [];
        const rejected = new CsvFileWriter(`${stem}.rejected.csv`, () => [...rejectedHeader, 'commsplan_reason']);
        const result = await withOrganisation(context, globals(), async (store, organisation) => {
          const settings = await readTypedSettings(store.db, organisation.id);
          const table = await openTableFile(source, file);
          return importTableFile(
            store,
            organisation,
            table,
            {
              kind,
              file,
              skipInvalid: Boolean(options.skipInvalid),
              replace: Boolean(options.replace),
              dateOrder: settings.dateFormat,
              employeeNumberColumn: settings.employeeNumberAttribute || undefined,
              organisationDomains: settings.organisationDomains,
              parallelFromBytes: context.config.parallelImportBytes,
              onProgress: options.json ? undefined : progressPrinter(context, file),
              afterMerge: recordWaveResults(organisation, context.now()),
              by: options.by,
            },
            {
              problem: (p) => report.write([p.row, p.column, p.value, p.reason, p.severity]),
              rejectedRow: (headers, cells, reason) => {
                rejectedHeader = headers;
                if (options.skipInvalid) rejected.write([...cells, reason]);
              },
            },
            context.now(),
          );
        });
        report.flush();
        rejected.flush();
        if (context.stderrIsTerminal && !options.json) context.stderr.write('\n');
        const reportPath = report.written ? report.path : undefined;
        const rejectedPath = rejected.written ? rejected.path : undefined;
        if (options.json) printJson(context, { ...result, reportPath, rejectedPath });
        else context.stdout.write(summary(result, file, reportPath, rejectedPath));
        if (!result.committed) setExitCode(EXIT_CODES.badInput);
      },
    );
}
