import { resolve } from 'node:path';
import type { Command } from 'commander';
import { plural } from '../shared/plural.js';
import type { CopyProgress } from '../store/copy-workspace.js';
import { type MigrationOutcome, migrateToPostgres } from '../store/migrate-to-postgres.js';
import { isPostgresUrl } from '../store/postgres-location.js';
import { CLI_BUSY_TIMEOUT_MS, type CliContext } from './cli-context.js';
import { progressLine } from './progress-line.js';

const count = (n: number) => n.toLocaleString('en-GB');

/** Tables named in the summary, the fullest first. */
const TABLES_SHOWN = 5;

function progressPrinter(context: CliContext): { show: (progress: CopyProgress) => void; finish: () => void } {
  const progress = progressLine(context);
  const show = (p: CopyProgress) => {
    const percent = p.rowsTotal ? Math.floor((p.rowsDone / p.rowsTotal) * 100) : 100;
    const doing = p.step === 'copying' ? 'Copying' : 'Checking';
    const line = `${doing} ${p.table} (table ${p.tableNumber} of ${p.tables}): ${count(p.rowsDone)} of ${count(p.rowsTotal)} rows (${percent}%)`;
    progress.show(line, p.rowsDone + (p.step === 'checking' ? p.rowsTotal : 0));
  };
  return { show, finish: progress.finish };
}

function summary(source: string, outcome: MigrationOutcome, seconds: number): string {
  const rows = outcome.tables.reduce((sum, table) => sum + table.rows, 0);
  const fullest = [...outcome.tables]
    .filter((table) => table.rows > 0)
    .sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name))
    .slice(0, TABLES_SHOWN);
  return [
    `Moved the workspace in ${source} to ${outcome.target}: ${plural(outcome.tables.length, 'table')}, ${plural(rows, 'row')}, in ${seconds.toFixed(1)} seconds. Every table was checked row for row.`,
    ...(fullest.length ? [`Most rows: ${fullest.map((table) => `${table.name} ${count(table.rows)}`).join(', ')}.`] : []),
    'The SQLite file keeps all its rows. Use the new workspace with --db and the same URL, or COMMSPLAN_DB.',
  ].join('\n');
}

export function registerMigrateCommands(program: Command, context: CliContext): void {
  program
    .command('migrate-to-postgres <sqlite-file> <url>')
    .description(
      'Move a whole workspace from an SQLite file into an empty PostgreSQL database (postgres://USER@HOST:PORT/DATABASE, optionally ?schema=NAME), checking every row; if anything fails, PostgreSQL is left empty',
    )
    .addHelpText(
      'after',
      `
The database (or the schema named with ?schema=NAME) must hold no workspace yet: commsplan makes
its tables, copies every table in one transaction, checks each row against the file, and only then
commits. If PostgreSQL refuses a row or a table differs, nothing is kept, and the message names the
table and the row. The SQLite file keeps all its rows; keep the web app and workers stopped meanwhile.

Example:
  commsplan migrate-to-postgres commsplan.db 'postgres://commsplan@db.example:5432/commsplan?schema=eastbrook'`,
    )
    .action(async (file: string, url: string) => {
      const source = isPostgresUrl(file) ? file : resolve(context.cwd, file);
      const started = context.monotonicMs();
      const progress = progressPrinter(context);
      const outcome = await migrateToPostgres(source, url, { busyTimeoutMs: CLI_BUSY_TIMEOUT_MS, onProgress: progress.show }).finally(
        progress.finish,
      );
      const seconds = (context.monotonicMs() - started) / 1000;
      context.stdout.write(`${summary(source, outcome, seconds)}\n`);
    });
}
