import { resolve } from 'node:path';
import type { Command } from 'commander';
import { removeAudienceRule, saveAudienceRule } from '../approvals/change-audiences.js';
import { changeMakerOf } from '../approvals/review-approvals.js';
import { PEOPLE_COLUMNS, personRow } from '../audiences/audience-people-table.js';
import { type AudienceReading, type AudiencesOverview, listAudience, summariseAudiences } from '../audiences/manage-audiences.js';
import { peopleApartLines } from '../audiences/people-apart.js';
import { formatDate } from '../calendar/local-date.js';
import { readTypedSettings } from '../settings/settings.store.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { approvalOptions, sayApprovalReview } from './approval-notices.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

type OpenStore = Parameters<Parameters<typeof withOrganisation>[2]>[0];

/** The organisation's settings and the moment, which audiences are evaluated against. */
export async function audienceReading(store: OpenStore, orgId: string, now: Date): Promise<AudienceReading> {
  return { orgId, settings: await readTypedSettings(store.db, orgId), now };
}

function apartLines(overview: AudiencesOverview): string[] {
  const lines = peopleApartLines(overview).map((line) => `  ${line}`);
  return lines.length ? ['', 'Shown apart:', ...lines, ''] : [];
}

export function registerAudienceCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const audiences = program
    .command('audiences')
    .description('Count every audience now, and say how fresh the data behind it is')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const overview = await withOrganisation(context, globals(), async (store, organisation) =>
        summariseAudiences(store, await audienceReading(store, organisation.id, context.now())),
      );
      if (options.json) return printJson(context, overview);
      context.stdout.write(
        formatTable(
          ['Audience', 'People', 'Data as of', 'Note'],
          overview.audiences.map((s) => [
            s.name,
            s.count.toLocaleString('en-GB'),
            s.dataAsOf ? formatDate(s.dataAsOf.slice(0, 10)) : '-',
            s.warning ?? '',
          ]),
        ),
      );
      context.stdout.write(apartLines(overview).join('\n'));
    });

  approvalOptions(
    audiences
      .command('add <name>')
      .description('Add (or change) a custom audience, such as: --filter \'department = "Pharmacy" and mobile\'')
      .requiredOption('--filter <filter>', 'who is in it, in the filter language (see docs/audiences.md)'),
  ).action(async (name: string, options: { filter: string; by?: string; keepApproval?: boolean }) => {
    const review = await withOrganisation(context, globals(), (store, organisation) =>
      saveAudienceRule(store, organisation, { name, filter: options.filter }, changeMakerOf(options), context.now()),
    );
    context.stdout.write(`Saved audience ${name.toLowerCase()}: ${options.filter}\n`);
    sayApprovalReview(context, review);
  });

  approvalOptions(audiences.command('remove <name>').description('Remove a custom audience')).action(
    async (name: string, options: { by?: string; keepApproval?: boolean }) => {
      const review = await withOrganisation(context, globals(), (store, organisation) =>
        removeAudienceRule(store, organisation, name, changeMakerOf(options), context.now()),
      );
      context.stdout.write(`Removed audience ${name}\n`);
      sayApprovalReview(context, review);
    },
  );

  program
    .command('audience')
    .description('See who is in an audience')
    .command('show <name>')
    .description('List the people in an audience, with the figures that put them there')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .option('--json', 'print JSON')
    .action(async (name: string, options: { csv?: string; json?: boolean }) => {
      const { audience, people } = await withOrganisation(context, globals(), async (store, organisation) =>
        listAudience(store, await audienceReading(store, organisation.id, context.now()), name),
      );
      if (options.json) return printJson(context, { audience: audience.name, rule: audience.rule, people });
      if (options.csv) {
        const target = resolve(context.cwd, options.csv);
        writeOutputFile(target, [PEOPLE_COLUMNS, ...people.map(personRow)].map(csvLine).join(''));
        context.stdout.write(`Wrote ${plural(people.length, 'person', 'people')} in ${audience.name} to ${target}\n`);
        return;
      }
      context.stdout.write(`${audience.name}: ${audience.rule}\n${plural(people.length, 'person', 'people')}\n\n`);
      context.stdout.write(formatTable(PEOPLE_COLUMNS, people.map(personRow)));
    });
}
