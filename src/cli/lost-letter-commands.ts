import { resolve } from 'node:path';
import type { Command } from 'commander';
import { listLostLetterNames } from '../directory/lost-letter-names.store.js';
import { LOST_LETTER_COLUMNS, lostLetterRow, lostLettersSummary, NO_LOST_LETTERS } from '../directory/lost-letter-rows.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

/** `lost-letters`: every imported name that came with "?" in place of a letter, to put right at its source. */
export function registerLostLetterCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command('lost-letters')
    .description('List the imported names that came with "?" in place of a letter (a file saved as ASCII or Windows-1252)')
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .action(async (options: { json?: boolean; csv?: string }) => {
      const names = await withOrganisation(context, globals(), (store, organisation) => listLostLetterNames(store.db, organisation.id));
      if (options.json) return printJson(context, { total: names.length, names });
      const rows = names.map(lostLetterRow);
      if (options.csv) {
        const target = resolve(context.cwd, options.csv);
        writeOutputFile(target, [LOST_LETTER_COLUMNS, ...rows].map(csvLine).join(''));
        return void context.stdout.write(`Wrote ${plural(names.length, 'name')} to ${target}\n`);
      }
      if (names.length === 0) return void context.stdout.write(`${NO_LOST_LETTERS}\n`);
      context.stdout.write(formatTable(LOST_LETTER_COLUMNS, rows));
      context.stdout.write(`${lostLettersSummary(names.length)}\n`);
    });
}
