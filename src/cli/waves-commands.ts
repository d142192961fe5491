import type { Command } from 'commander';
import { addClosureDay, closureDaysOf, previewAddClosureDay, removeClosureDay } from '../approvals/change-closures.js';
import { moveWaveReviewingApprovals, previewMoveReviewingApprovals, type WaveMoveOutcome } from '../approvals/move-wave.js';
import type { ToldOldDates } from '../approvals/told-old-dates.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import type { Redated } from '../plan/preview-wave-move.js';
import { plural } from '../shared/plural.js';
import { addWave, removeWave } from '../waves/manage-waves.js';
import { listWaves } from '../waves/waves.store.js';
import { type CliContext, changeBy, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';

const CLOSURE_NAME_LABEL = 'The closure name (--name)';

export function registerWaveCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const waves = program.command('waves').description('Plan the waves in which staff move');

  const listAction = async (options: { json?: boolean }) => {
    const list = await withOrganisation(context, globals(), (store, organisation) => listWaves(store.db, organisation.id));
    if (options.json) return printJson(context, list);
    if (list.length === 0) return void context.stdout.write('No waves yet. Add one with: commsplan waves add --start YYYY-MM-DD\n');
    const capacities = list.some((w) => w.capacity !== undefined);
    context.stdout.write(
      formatTable(
        ['Wave', 'Starts', 'Ends', ...(capacities ? ['Capacity'] : [])],
        list.map((w) => [w.name, formatLongDate(w.start), formatLongDate(w.end), ...(capacities ? [String(w.capacity ?? '-')] : [])]),
      ),
    );
  };
  // The default subcommand, not an option of `waves` itself: a parent's --json would swallow `waves list --json`.
  waves.command('list', { isDefault: true }).description('List the waves').option('--json', 'print JSON').action(listAction);

  waves
    .command('add')
    .description('Add a wave; without --end it runs to the end of that weekend')
    .requiredOption('--start <date>', 'first day, YYYY-MM-DD')
    .option('--end <date>', 'last day, YYYY-MM-DD')
    .option('--name <name>', 'defaults to "Wave N"')
    .option('--capacity <people>', 'how many people it can move (failed moves are carried over only into waves with room)')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (options: { start: string; end?: string; name?: string; capacity?: string; by?: string }) => {
      const wave = await withOrganisation(context, globals(), (store, organisation) =>
        addWave(store, organisation, options, changeBy(context, options.by)),
      );
      context.stdout.write(`Added ${wave.name}: ${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}\n`);
    });

  waves
    .command('move <name>')
    .description('Move a wave; everything tied to it moves too')
    .requiredOption('--start <date>', 'new first day, YYYY-MM-DD')
    .option('--end <date>', 'new last day; without it the wave keeps its length')
    .option('--by <name>', 'who moves it, for the audit log (default: cli)')
    .option('--dry-run', 'say what the move would do to approvals and what check would newly find, and change nothing')
    .action(async (name: string, options: { start: string; end?: string; by?: string; dryRun?: boolean }) => {
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        options.dryRun
          ? previewMoveReviewingApprovals(store, organisation, name, options, context.now())
          : moveWaveReviewingApprovals(store, organisation, name, { ...options, by: changeBy(context, options.by).actor }, context.now()),
      );
      const { wave } = outcome;
      const dates = `${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}`;
      context.stdout.write(
        options.dryRun ? `Would move ${wave.name} to ${dates}. Nothing was changed.\n` : `Moved ${wave.name}: ${dates}\n`,
      );
      context.stdout.write(moveSummary(outcome, options.dryRun === true));
    });

  waves
    .command('remove <name>')
    .description('Remove a wave')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, options: { by?: string }) => {
      const { wave, unplanned } = await withOrganisation(context, globals(), (store, organisation) =>
        removeWave(store, organisation, name, changeBy(context, options.by)),
      );
      context.stdout.write(`Removed ${wave.name}\n`);
      if (unplanned > 0)
        context.stdout.write(
          `${plural(unplanned, 'mailbox was', 'mailboxes were')} planned into it and ${unplanned === 1 ? 'has' : 'have'} no wave now (unless the staff list gives one): plan them again with commsplan waves plan.\n`,
        );
    });

  const closures = program.command('closures').description('Local closure days, which count as non-working days');
  closures
    .command('list', { isDefault: true })
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withOrganisation(context, globals(), (store, organisation) => closureDaysOf(store, organisation));
      if (options.json) return printJson(context, list);
      context.stdout.write(
        list.length
          ? formatTable(
              ['Date', 'Name'],
              list.map((c) => [formatLongDate(c.date), c.name]),
            )
          : 'No local closure days.\n',
      );
    });
  closures
    .command('add <date>')
    .requiredOption('--name <name>', 'what the closure is, such as "Staff conference"')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .option('--dry-run', 'say which emails and tasks the day would re-date, and change nothing')
    .action(async (date: string, options: { name: string; by?: string; dryRun?: boolean }) => {
      const closure = { date, name: options.name };
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        options.dryRun
          ? previewAddClosureDay(store, organisation, closure, CLOSURE_NAME_LABEL)
          : addClosureDay(store, organisation, closure, changeBy(context, options.by), CLOSURE_NAME_LABEL),
      );
      context.stdout.write(
        options.dryRun
          ? `Would add closure day ${formatLongDate(outcome.date)} (${outcome.name}). Nothing was changed.\n`
          : `Added closure day ${formatLongDate(outcome.date)}\n`,
      );
      context.stdout.write(redatedSummary(outcome.redated, options.dryRun === true));
    });
  closures
    .command('remove <date>')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (date: string, options: { by?: string }) => {
      await withOrganisation(context, globals(), (store, organisation) =>
        removeClosureDay(store, organisation, date, changeBy(context, options.by)),
      );
      context.stdout.write(`Removed closure day ${date}\n`);
    });
}

/** The emails and tasks a closure day re-dates (or would), each with its old and new date. */
export function redatedSummary(redated: readonly Redated[], dryRun: boolean): string {
  if (redated.length === 0) return `No email or task ${dryRun ? 'would change' : 'changed'} its date.\n`;
  const lines = redated.map(
    (r) =>
      `  - ${r.title}${r.wave ? ` (${r.wave})` : ''}: ${formatLongDate(r.from)} ${dryRun ? 'would move' : 'moved'} to ${formatLongDate(r.to)}`,
  );
  return `${dryRun ? 'It would re-date' : 'Re-dated'} ${plural(redated.length, 'email or task', 'emails and tasks')}:\n${lines.join('\n')}\n`;
}

const sentDay = (iso: string) => formatLongDate(londonDate(new Date(iso)));
/** "sent to 2 people on 1 February 2027" (or from one day to another), and how many more it is queued to with the old dates. */
function toldWhom(told: ToldOldDates): string {
  const parts: string[] = [];
  if (told.people && told.firstSent && told.lastSent) {
    const [first, last] = [sentDay(told.firstSent), sentDay(told.lastSent)];
    parts.push(`sent to ${plural(told.people, 'person', 'people')} ${first === last ? `on ${first}` : `from ${first} to ${last}`}`);
  }
  if (told.queued)
    parts.push(
      `queued to ${plural(told.queued, 'person', 'people')}${parts.length ? ' more' : ''} with the old dates (to stop them: commsplan occurrence pause ${told.activityId}${told.wave ? ` --wave "${told.wave}"` : ''})`,
    );
  return parts.join('; ');
}

/** What a wave move did (or would do) to approvals, and the blockers and warnings it brings. */
export function moveSummary(outcome: WaveMoveOutcome, dryRun: boolean): string {
  const lines: string[] = [];
  const list = (heading: string, items: readonly string[]) => {
    if (items.length) lines.push(heading, ...items.map((item) => `  - ${item}`));
  };
  const approved = (item: { description?: string; occurrenceKey: string; approvedBy: string | undefined }) =>
    `${item.description ?? item.occurrenceKey} (approved by ${item.approvedBy ?? 'unknown'})`;
  list(
    dryRun ? 'Approvals it would withdraw:' : 'Approvals withdrawn:',
    outcome.withdrawn.map((w) => (dryRun ? `${approved(w)}: ${w.reason ?? 'what it covers changed'}` : w.message)),
  );
  list(
    dryRun ? 'Approvals it would keep:' : 'Approvals kept:',
    outcome.kept.map((k) => (dryRun ? `${approved(k)}: ${k.because ?? 'an approver confirmed it'}` : k.message)),
  );
  list('Approved emails the move does not touch (their approval stays):', outcome.untouched);
  const was = `${formatLongDate(outcome.oldDates.start)} to ${formatLongDate(outcome.oldDates.end)}`;
  list(
    `Emails already sent with ${outcome.wave.name}'s old dates (${was}): ${dryRun ? 'the people they went to were told the old dates and would need telling again' : 'the people they went to were told the old dates and need telling again'}:`,
    outcome.toldOldDates.map((told) => `${told.title} (${told.description}): ${toldWhom(told)}`),
  );
  list(dryRun ? 'Blockers it would bring (check):' : 'New blockers (check):', outcome.newBlockers);
  list(dryRun ? 'Warnings it would bring (check):' : 'New warnings (check):', outcome.newWarnings);
  if (outcome.withdrawn.length + outcome.kept.length + outcome.untouched.length === 0)
    lines.push('No email is approved, so no approval changes.');
  if (outcome.newBlockers.length + outcome.newWarnings.length === 0) lines.push('check finds nothing new.');
  return `${lines.join('\n')}\n`;
}
