import { resolve } from 'node:path';
import type { Command } from 'commander';
import { listLostLetterNames } from '../directory/lost-letter-names.store.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

const HEADERS = ['Name as imported', 'Address', 'Import', 'Lost letters in'];

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
      const rows = names.map((row) => [row.name, row.address, row.source, row.columns]);
      if (options.csv) {
        const target = resolve(context.cwd, options.csv);
        writeOutputFile(target, [HEADERS, ...rows].map(csvLine).join(''));
        return void context.stdout.write(`Wrote ${plural(names.length, 'name')} to ${target}\n`);
      }
      if (names.length === 0) return void context.stdout.write('No imported name has "?" in place of a letter.\n');
      context.stdout.write(formatTable(HEADERS, rows));
      context.stdout.write(
        `${plural(names.length, 'imported row')} with "?" in place of a letter. Emails do not use these names. Import each file again saved as UTF-8 to put them right.\n`,
      );
    });
}
