import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  EVERY_ROW_MATCHED,
  PERSON_LIST_COLUMNS,
  personListRow,
  UNMATCHED_COLUMNS,
  unmatchedRow,
  unmatchedSummary,
} from '../audiences/people-list-rows.js';
import { listPeople, listUnmatchedStaff, PEOPLE_LIST_TITLES, type PeopleListName } from '../audiences/people-lists.js';
import { csvLine } from '../shared/csv.js';
import { CommsplanError } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import { audienceReading } from './audience-commands.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

/** The option of each list, beside the default list of everyone current. */
const LIST_OPTIONS: readonly [PeopleListName, string][] = [
  ['not-on-staff-list', 'people with a mailbox who are not on the staff list (in audiences)'],
  ['no-address', 'staff with no email address for whom no mailbox was found (never emailed)'],
  ['outside-domains', "people whose address is outside the organisation's domains"],
  ['not-current', 'people who have left or whose account is disabled (in no audience)'],
  ['not-getting-nhsmail', 'people marked as not getting NHSmail (all-staff only)'],
  ['mailboxes-not-people', 'shared, room and other mailboxes, which are not people'],
];

type ListOptions = { csv?: string; json?: boolean } & Partial<Record<string, boolean>>;

export function registerPeopleCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const people = program
    .command('people')
    .description('List people: everyone current, or those a count in "commsplan audiences" shows apart')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .option('--json', 'print JSON');
  for (const [list, help] of LIST_OPTIONS) people.option(`--${list}`, help);
  people.action(async (options: ListOptions) => {
    const list = chosenList(options);
    const listed = await withOrganisation(context, globals(), async (store, organisation) =>
      listPeople(store, await audienceReading(store, organisation.id, context.now()), list),
    );
    if (options.json) return printJson(context, { list, people: listed, count: listed.length });
    const rows = listed.map(personListRow);
    if (options.csv) return writeCsv(context, options.csv, PERSON_LIST_COLUMNS, rows, plural(listed.length, 'person', 'people'));
    context.stdout.write(`${PEOPLE_LIST_TITLES[list]}: ${plural(listed.length, 'person', 'people')}\n\n`);
    if (rows.length) context.stdout.write(formatTable(PERSON_LIST_COLUMNS, rows));
  });

  people
    .command('unmatched')
    .description('List staff-list rows with no work email address that no mailbox could be found for, and the mailboxes that fit')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .option('--json', 'print JSON')
    .action(async (own: { csv?: string; json?: boolean }) => {
      // `people` takes --json and --csv too, so commander may give them to it rather than here.
      const options = { ...people.opts<{ csv?: string; json?: boolean }>(), ...own };
      const rows = await withOrganisation(context, globals(), async (store, organisation) =>
        listUnmatchedStaff(store, await audienceReading(store, organisation.id, context.now())),
      );
      if (options.json)
        return printJson(context, {
          rows: rows.map(({ ref: _, ...row }) => row),
        });
      const table = rows.map(unmatchedRow);
      if (options.csv) return writeCsv(context, options.csv, UNMATCHED_COLUMNS, table, plural(rows.length, 'row'));
      if (rows.length === 0) return void context.stdout.write(`${EVERY_ROW_MATCHED}\n`);
      context.stdout.write(`${unmatchedSummary(rows.length)}\n\n`);
      context.stdout.write(formatTable(UNMATCHED_COLUMNS, table));
    });
}

function chosenList(options: ListOptions): PeopleListName {
  // Commander reads --no-address as turning `address` off.
  const given = (list: PeopleListName) => (list === 'no-address' ? options.address === false : options[camel(list)] === true);
  const chosen = LIST_OPTIONS.filter(([list]) => given(list)).map(([list]) => list);
  if (chosen.length > 1)
    throw new CommsplanError('invalid-input', `Choose one list at a time: ${chosen.map((list) => `--${list}`).join(' or ')}.`, {
      field: 'list',
    });
  return chosen[0] ?? 'current';
}

function camel(option: string): string {
  return option.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function writeCsv(context: CliContext, file: string, columns: readonly string[], rows: readonly string[][], what: string): void {
  const target = resolve(context.cwd, file);
  writeOutputFile(target, [columns, ...rows].map(csvLine).join(''));
  context.stdout.write(`Wrote ${what} to ${target}\n`);
}
