import { resolve } from 'node:path';
import type { Command } from 'commander';
import { unmatchedNhsmailAccounts } from '../directory/address-links.store.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, today, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

const COLUMNS = ['NHSmail address', 'name on the portal', 'why', 'people the name fits'];
const WHY = {
  ambiguous: 'name fits several people',
  'not-current': 'name fits only someone who has left or whose account is disabled',
  'no-match': 'name fits no one',
} as const;

export function registerNhsmailCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  program
    .command('nhsmail')
    .description('NHSmail accounts and the people they belong to')
    .command('unmatched')
    .description('List the NHSmail accounts commsplan could not pair with a person, for an administrator to resolve')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .option('--json', 'print JSON')
    .action(async (options: { csv?: string; json?: boolean }) => {
      const accounts = await withOrganisation(context, globals(), (store, organisation) =>
        store.db.transaction().execute((trx) => unmatchedNhsmailAccounts(store, trx, organisation.id, today(context))),
      );
      if (options.json) return printJson(context, accounts);
      const rows = accounts.map((a) => [a.email, a.displayName ?? '', WHY[a.reason], a.candidates.join('; ')]);
      if (options.csv) {
        const target = resolve(context.cwd, options.csv);
        writeOutputFile(target, [COLUMNS, ...rows].map(csvLine).join(''));
        context.stdout.write(`Wrote ${plural(accounts.length, 'account')} to ${target}\n`);
        return;
      }
      if (accounts.length === 0) {
        context.stdout.write('Every NHSmail account belongs to a known person.\n');
        return;
      }
      context.stdout.write(
        `${plural(accounts.length, 'NHSmail account')} ${accounts.length === 1 ? 'belongs' : 'belong'} to no one commsplan knows. Pair them in an address map (Source Email, Target Email) and import it with: commsplan import address-map FILE\n\n`,
      );
      context.stdout.write(formatTable(COLUMNS, rows));
    });
}
