import { resolve } from 'node:path';
import type { Command } from 'commander';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { formatLongDate } from '../calendar/local-date.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { assignToWave } from '../waves/assign-to-wave.js';
import { BROKEN_LINK_COLUMNS, type BrokenLink, brokenLinkCsvRow } from '../waves/broken-links.js';
import { LINK_KIND_WORDS } from '../waves/link-kinds.js';
import { findWave } from '../waves/manage-waves.js';
import { readPinsFile } from '../waves/pins-file.js';
import type { PlannedWave, WavePlanOutcome } from '../waves/plan-outcome.js';
import { planWaves, type RecordChange } from '../waves/plan-waves.js';
import { type RosterFormat, rosterFile, rosterFormat } from '../waves/roster-content.js';
import { waveOverview, waveRoster } from '../waves/wave-overview.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

const SHOWN = 20;

function auditFrom(context: CliContext, orgId: string, by: string): RecordChange {
  return (db, change) => appendAuditEntry(db, orgId, { at: context.now().toISOString(), actor: by, ...change });
}

function stageShower(context: CliContext): ((stage: string) => void) | undefined {
  if (!context.stderrIsTerminal) return undefined;
  return (stage) => context.stderr.write(`\r${stage}...`.padEnd(40));
}

export function linkLine(link: BrokenLink, names: ReadonlyMap<string, string>): string {
  const who = (email: string) => `${names.get(email) ?? email} <${email}>`;
  return `${who(link.holder)} (${link.holderWave}) has ${link.kinds.map((kind) => LINK_KIND_WORDS[kind]).join(', ')} on ${who(link.mailbox)} (${link.mailboxWave})`;
}

/** `waves plan`, `waves assign`, `waves show`, `waves roster` and `waves broken-links`. */
export function registerWavePlanningCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const waves = program.commands.find((command) => command.name() === 'waves') as Command;

  waves
    .command('plan')
    .description('Put every mailbox still to move in a wave within capacity, keeping people who share mail together')
    .option('--capacity <mailboxes>', 'mailboxes a wave can move (people and shared mailboxes); else each wave’s own, else wave-capacity')
    .option('--capacity-gb <gb>', 'GB of mail a wave can move; else each wave’s own, else wave-capacity-gb')
    .option('--from <date>', 'add new weekend waves from this date as needed (with --to)')
    .option('--to <date>', 'the last date a new weekend wave may take')
    .option('--skip <date>', 'leave out the weekend of this date (repeatable)', (value: string, all: string[]) => [...all, value], [])
    .option('--pins <file>', 'CSV or XLSX: EmailAddress or Department, and Wave')
    .option('--keep-departments', 'prefer whole departments in one wave')
    .option('--fresh', 'plan again from scratch (waves that have started keep their people)')
    .option('--dry-run', 'show the plan without saving it')
    .option('--by <name>', 'who does it, for the audit log (default: cli)', 'cli')
    .option('--json', 'print JSON')
    .action(async (options: PlanOptions) => {
      const pinsFile = options.pins ? resolve(context.cwd, options.pins) : undefined;
      const pins = pinsFile ? await readPinsFile(pinsFile, options.pins) : [];
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        planWaves(
          store,
          organisation,
          { ...options, skip: options.skip, pins, pinsFile: options.pins, dryRun: options.dryRun },
          context.now(),
          auditFrom(context, organisation.id, options.by),
          stageShower(context),
        ),
      );
      if (context.stderrIsTerminal) context.stderr.write('\r'.padEnd(41) + '\r');
      if (options.json) return printJson(context, outcome);
      context.stdout.write(planReport(outcome));
    });

  waves
    .command('assign [email]')
    .description('Move one person or shared mailbox, or a department, into a wave; says which links it breaks')
    .option('--department <name>', 'everyone in this department still to move')
    .requiredOption('--wave <name>', 'the wave to move them into')
    .option('--dry-run', 'say what would change without changing it')
    .option('--by <name>', 'who does it, for the audit log (default: cli)', 'cli')
    .option('--json', 'print JSON')
    .action(
      async (email: string | undefined, options: { department?: string; wave: string; dryRun?: boolean; by: string; json?: boolean }) => {
        const outcome = await withOrganisation(context, globals(), (store, organisation) =>
          assignToWave(store, organisation, { email, ...options }, context.now(), auditFrom(context, organisation.id, options.by)),
        );
        if (options.json) return printJson(context, { ...outcome, names: undefined });
        const lines = [
          `${outcome.saved ? 'Moved' : 'Would move'} ${plural(outcome.moved.length, 'mailbox', 'mailboxes')} to ${outcome.wave.name} (${formatLongDate(outcome.wave.start)}): it ${outcome.saved ? 'now holds' : 'would hold'} ${outcome.peopleAfter}${outcome.capacity === undefined ? '' : ` of ${outcome.capacity}`}.`,
          ...outcome.moved.slice(0, SHOWN).map((m) => `  ${m.name} <${m.email}>: ${m.from ?? 'no wave'} -> ${outcome.wave.name}`),
          ...(outcome.moved.length > SHOWN ? [`  and ${outcome.moved.length - SHOWN} more`] : []),
          outcome.breaks.length
            ? `Links this ${outcome.saved ? 'broke' : 'would break'}:`
            : `This ${outcome.saved ? 'broke' : 'would break'} no links.`,
          ...outcome.breaks.map((link) => `  ${linkLine(link, outcome.names)}`),
          ...(outcome.mends.length
            ? [
                `Links this ${outcome.saved ? 'mended' : 'would mend'}:`,
                ...outcome.mends.map((link) => `  ${linkLine(link, outcome.names)}`),
              ]
            : []),
        ];
        if (!outcome.saved) lines.push('Nothing was changed (--dry-run).');
        context.stdout.write(`${lines.join('\n')}\n`);
      },
    );

  waves
    .command('show [name]')
    .description('Each wave: its dates, people, shared mailboxes, GB and the links broken with other waves')
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, options: { json?: boolean }) => {
      const overview = await withOrganisation(context, globals(), (store, organisation) =>
        waveOverview(store, organisation, context.now()),
      );
      const chosen = name ? [findWave(overview.waves, name)] : overview.waves;
      if (options.json) return printJson(context, chosen);
      if (chosen.length === 0)
        return void context.stdout.write('No waves yet. Plan them with: commsplan waves plan --from DATE --to DATE --capacity N\n');
      context.stdout.write(
        formatTable(
          ['Wave', 'Starts', 'Ends', 'People to move', 'Shared to move', 'Moved', 'GB to move', 'Capacity', 'Links broken'],
          chosen.map((w) => [
            `${w.name}${w.started ? ' (started)' : ''}`,
            formatLongDate(w.start),
            formatLongDate(w.end),
            String(w.people),
            String(w.sharedMailboxes),
            String(w.moved),
            w.gb.toFixed(1),
            [w.capacity === undefined ? '' : `${w.capacity}`, w.capacityGb === undefined ? '' : `${w.capacityGb} GB`]
              .filter(Boolean)
              .join(' / ') || '-',
            w.brokenLinks
              ? `${w.brokenLinks} (weight ${w.brokenWeight}): ${w.brokenWith.map((b) => `${b.links} with ${b.wave}`).join(', ')}`
              : '0',
          ]),
        ),
      );
    });

  waves
    .command('roster <name>')
    .description('The mailboxes a wave moves, as a migration batch file (EmailAddress) or for MigrationWiz')
    .requiredOption('--csv <file>', 'the file to write')
    .option('--format <format>', 'batch (a Microsoft 365 migration batch: EmailAddress) or migrationwiz', 'batch')
    .action(async (name: string, options: { csv: string; format: string }) => {
      const format: RosterFormat = rosterFormat(options.format);
      const { wave, entries } = await withOrganisation(context, globals(), (store, organisation) =>
        waveRoster(store, organisation, name, context.now()),
      );
      const file = rosterFile(format, entries);
      const target = resolve(context.cwd, options.csv);
      writeOutputFile(target, [file.header, ...file.rows].map(csvLine).join(''));
      const shared = entries.filter((entry) => entry.kind === 'shared').length;
      context.stdout.write(
        `Wrote ${target}: ${plural(entries.length - shared, 'person', 'people')} and ${plural(shared, 'shared mailbox', 'shared mailboxes')} of ${wave.name}.\n`,
      );
      if (file.missingDestination)
        context.stdout.write(
          `${plural(file.missingDestination, 'mailbox has', 'mailboxes have')} no NHSmail address yet, so Destination Email is empty for them: import the NHSmail accounts or an address map first.\n`,
        );
    });

  waves
    .command('broken-links')
    .description('Every right whose two sides move on different weekends')
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .action(async (options: { json?: boolean; csv?: string }) => {
      const { brokenLinks, names } = await withOrganisation(context, globals(), (store, organisation) =>
        waveOverview(store, organisation, context.now()),
      );
      const rows = brokenLinks.map((link) => brokenLinkCsvRow(link, names));
      const header = BROKEN_LINK_COLUMNS;
      if (options.json) return printJson(context, { brokenLinks, weight: brokenLinks.reduce((sum, link) => sum + link.weight, 0) });
      if (options.csv) {
        const target = resolve(context.cwd, options.csv);
        writeOutputFile(target, [header, ...rows].map(csvLine).join(''));
        return void context.stdout.write(`Wrote ${target}: ${plural(rows.length, 'broken link')}.\n`);
      }
      if (rows.length === 0) return void context.stdout.write('No links are broken: everyone who shares mail moves on the same weekend.\n');
      context.stdout.write(formatTable(header, rows));
      context.stdout.write(`${plural(rows.length, 'broken link')}, weight ${brokenLinks.reduce((sum, link) => sum + link.weight, 0)}.\n`);
    });
}

interface PlanOptions {
  capacity?: string;
  capacityGb?: string;
  from?: string;
  to?: string;
  skip: string[];
  pins?: string;
  keepDepartments?: boolean;
  fresh?: boolean;
  dryRun?: boolean;
  by: string;
  json?: boolean;
}

function waveLine(wave: PlannedWave): string[] {
  const capacity = [
    wave.capacity === undefined ? '' : `${wave.capacity}`,
    wave.capacityBytes === undefined ? '' : `${(wave.capacityBytes / 1024 ** 3).toFixed(0)} GB`,
  ]
    .filter(Boolean)
    .join(' / ');
  return [
    `${wave.name}${wave.isNew ? ' (new)' : wave.started ? ' (started)' : ''}`,
    `${formatLongDate(wave.start)} to ${formatLongDate(wave.end)}`,
    String(wave.people),
    String(wave.sharedMailboxes),
    (wave.bytes / 1024 ** 3).toFixed(1),
    capacity || '-',
    wave.brokenLinks ? `${wave.brokenLinks} (weight ${wave.brokenWeight})` : '0',
  ];
}

export function planReport(outcome: WavePlanOutcome): string {
  const names = new Map(Object.entries(outcome.names));
  const parts = [
    outcome.saved ? 'Saved the plan.' : 'The plan (nothing saved: --dry-run).',
    formatTable(['Wave', 'Weekend', 'People', 'Shared', 'GB', 'Capacity', 'Links broken'], outcome.waves.map(waveLine)).trimEnd(),
    outcome.summary,
  ];
  const list = (title: string, lines: string[], more: string) => {
    if (lines.length === 0) return;
    parts.push(title, ...lines.slice(0, SHOWN).map((line) => `  ${line}`));
    if (lines.length > SHOWN) parts.push(`  and ${lines.length - SHOWN} more${more}`);
  };
  list(
    'Moved from the wave they were in:',
    outcome.movedFromWave.map((c) => `${c.name} <${c.email}>: ${c.from} -> ${c.to}`),
    '',
  );
  list(
    'Links broken, strongest first:',
    outcome.brokenLinks.map((link) => linkLine(link, names)),
    ' (commsplan waves broken-links lists them all)',
  );
  list(
    'Departments split across waves:',
    outcome.departmentsSplit.map((d) => `${d.department}: ${d.waves.join(', ')}`),
    '',
  );
  list(
    'Service accounts left out of the grouping (rights on more mailboxes than the service-account-links setting):',
    outcome.serviceAccounts.map((a) => `${a.email} (${plural(a.mailboxes, 'mailbox', 'mailboxes')})`),
    '',
  );
  list(
    'Accounts with rights on many of the mailboxes, kept in the grouping: if they are service or admin accounts, lower service-account-links below their count so that they are left out:',
    outcome.broadAccounts.map((a) => `${a.email} (${plural(a.mailboxes, 'mailbox', 'mailboxes')})`),
    '',
  );
  list(
    'Rights naming a mailbox or person not in the directory, not used:',
    outcome.unknownNames.map((r) => `${r.holder} on ${r.mailbox} (${r.access})`),
    '',
  );
  list(
    "The staff list's wave column names no wave, so these were planned freely:",
    outcome.unknownStaffWaves.map((u) => `${u.email}: "${u.wave}"`),
    '',
  );
  list(
    'Weekends left out:',
    outcome.skippedWeekends.map((w) => `${formatLongDate(w.start)}: ${w.reason}`),
    '',
  );
  const left = outcome.leftOut;
  parts.push(
    `Not planned: ${left.moved} already moved, ${left.inStartedWaves} in waves that have started, ${left.notCurrent} not current (disabled or left), ${left.notGettingNhsmail} not getting NHSmail.`,
  );
  return `${parts.join('\n')}\n`;
}
