import { resolve } from 'node:path';
import type { Command } from 'commander';
import { formatLongDate } from '../calendar/local-date.js';
import { loadWorkspace } from '../plan/workspace.js';
import { carryOver } from '../results/carry-over.js';
import { acceptRemainder } from '../results/completion.js';
import { helpdeskList } from '../results/helpdesk-list.js';
import { waveProof } from '../results/wave-proof.js';
import { waveResults } from '../results/wave-results-list.js';
import { csvLine } from '../shared/csv.js';
import { plural } from '../shared/plural.js';
import { findWave, setWaveCapacity } from '../waves/manage-waves.js';
import { type CliContext, changeBy, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { writeOutputFile } from './output-file.js';

function subcommand(program: Command, name: string): Command {
  return program.commands.find((command) => command.name() === name) as Command;
}

function writeCsv(context: CliContext, file: string, header: string[], rows: unknown[][]): void {
  const target = resolve(context.cwd, file);
  writeOutputFile(target, [header, ...rows].map(csvLine).join(''));
  context.stdout.write(`Wrote ${target}\n`);
}

/** Results of each wave, carrying failed people over, the helpdesk list, completion and the proof of reminders. */
export function registerResultsCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();
  const waves = subcommand(program, 'waves');

  waves
    .command('capacity <wave> <people>')
    .description('Set how many people a wave can move ("none" to take it away); the wave-capacity setting covers the rest')
    .option('--gb <gb>', 'how many GB of mail it can move ("none" to take it away); else wave-capacity-gb')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .action(async (name: string, people: string, options: { gb?: string; by?: string }) => {
      const wave = await withOrganisation(context, globals(), (store, organisation) =>
        setWaveCapacity(store, organisation, name, people, options.gb, changeBy(context, options.by)),
      );
      context.stdout.write(
        `${wave.name} can move ${wave.capacity === undefined ? 'any number of people (unless wave-capacity is set)' : plural(wave.capacity, 'person', 'people')}${wave.capacityGb === undefined ? '' : ` and ${wave.capacityGb} GB`}\n`,
      );
    });

  waves
    .command('results <wave>')
    .description("Everyone the wave's results are about: moved, failed, not finished or no result yet, and the email that followed")
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .action(async (name: string, options: { json?: boolean; csv?: string }) => {
      const { wave, people } = await withOrganisation(context, globals(), async (store, organisation) => {
        const workspace = await loadWorkspace(store.db, store.location, organisation.id);
        const wave = findWave(workspace.waves, name);
        return { wave, people: await waveResults(store, workspace, wave, context.now()) };
      });
      if (options.json) return printJson(context, { wave: wave.name, people });
      const rows = people.map((p) => [
        p.person,
        p.name,
        p.group,
        p.status ?? '',
        p.nowIn ?? '',
        p.email ? `${p.email.activityId} ${p.email.state}` : '',
        p.email ? `${p.email.recipient}${p.email.toNhsmail ? ' (NHSmail)' : ''}` : '',
      ]);
      const header = ['Person', 'Name', 'Result', 'Status', 'Now in', 'Email', 'Sent to'];
      if (options.csv) return writeCsv(context, options.csv, header, rows);
      const count = (group: string) => people.filter((p) => p.group === group).length;
      if (people.length) context.stdout.write(formatTable(header, rows));
      context.stdout.write(
        `${wave.name}: ${count('moved')} moved, ${count('failed')} failed, ${count('not finished')} not finished (nothing sent yet), ${count('no result yet')} with no result yet.\n`,
      );
    });

  waves
    .command('carry-over <wave>')
    .description('Move the people whose move in this wave failed into the next wave with room, or into --to')
    .option('--to <wave>', 'the wave to carry them into (refused if it is full or has started)')
    .option('--by <name>', 'who does it, for the audit log (default: cli)', 'cli')
    .action(async (name: string, options: { to?: string; by: string }) => {
      const outcome = await withOrganisation(context, globals(), (store, organisation) =>
        carryOver(store, organisation, { wave: name, to: options.to, by: options.by }, context.now()),
      );
      if (outcome.carriedTo.size === 0 && outcome.helpdesk.length === 0 && outcome.leftOver.length === 0)
        context.stdout.write(`Nobody whose move in ${outcome.from} failed is left to carry over.\n`);
      for (const [to, people] of outcome.carriedTo)
        context.stdout.write(
          `Carried over from ${outcome.from} to ${to}: ${plural(people.length, 'person', 'people')} (${people.join(', ')})\n`,
        );
      if (outcome.cancelled) context.stdout.write(`${plural(outcome.cancelled, 'unsent message')} of ${outcome.from} cancelled.\n`);
      if (outcome.helpdesk.length)
        context.stdout.write(
          `Failed twice, so listed for the helpdesk instead (commsplan waves helpdesk): ${outcome.helpdesk.join(', ')}\n`,
        );
      if (outcome.leftOver.length)
        context.stdout.write(
          `No later wave has room for ${plural(outcome.leftOver.length, 'person', 'people')}: ${outcome.leftOver.join(', ')}. Add a wave or raise a capacity, then run this again.\n`,
        );
    });

  waves
    .command('helpdesk')
    .description('People whose move has failed twice, or failed with no wave left, for the helpdesk to move by hand')
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write them to a CSV file (safe to open in a spreadsheet)')
    .action(async (options: { json?: boolean; csv?: string }) => {
      const people = await withOrganisation(context, globals(), (store, organisation) => helpdeskList(store, organisation, context.now()));
      if (options.json) return printJson(context, { people });
      const rows = people.map((p) => [p.person, p.waves.join(', '), p.why]);
      if (options.csv) return writeCsv(context, options.csv, ['Person', 'Failed in', 'Why'], rows);
      if (people.length === 0) return void context.stdout.write('Nobody has failed to move twice, or with no wave left.\n');
      context.stdout.write(formatTable(['Person', 'Failed in', 'Why'], rows));
    });

  waves
    .command('accept-remainder')
    .description('Accept that the people still not moved will not move, so the completion email can go')
    .requiredOption('--by <name>', 'who accepts it, for the audit log')
    .option('--reason <text>', 'why, for the audit log')
    .action(async (options: { by: string; reason?: string }) => {
      const { people } = await withOrganisation(context, globals(), (store, organisation) =>
        acceptRemainder(store, organisation, options, context.now()),
      );
      context.stdout.write(
        `Accepted by ${options.by.trim()}: ${plural(people, 'person', 'people')} left unmoved. The completion email can go when its date comes.\n`,
      );
    });

  subcommand(program, 'report')
    .command('wave <name>')
    .description(
      'Proof before the weekend: everyone in the wave and whether their reminder was sent, failed, is pending or was never queued',
    )
    .option('--json', 'print JSON')
    .option('--csv <file>', 'write it to a CSV file (safe to open in a spreadsheet)')
    .action(async (name: string, options: { json?: boolean; csv?: string }) => {
      const proof = await withOrganisation(context, globals(), async (store, organisation) => {
        const workspace = await loadWorkspace(store.db, store.location, organisation.id);
        return waveProof(store, workspace, findWave(workspace.waves, name), context.now());
      });
      if (options.json) return printJson(context, { ...proof, wave: proof.wave.name });
      const header = ['Person', 'Name', 'Reminder', 'When', 'Sent to', 'Reason'];
      const rows = proof.people.map((p) => [
        p.person,
        p.name,
        p.alreadyMoved ? `${p.status} (already moved)` : p.status,
        p.at ?? '',
        p.recipient ?? '',
        p.reason ?? '',
      ]);
      if (options.csv) return writeCsv(context, options.csv, header, rows);
      if (rows.length) context.stdout.write(formatTable(header, rows));
      const counts = Object.entries(proof.counts)
        .map(([status, n]) => `${n} ${status}`)
        .join(', ');
      context.stdout.write(
        `${proof.wave.name} starts ${formatLongDate(proof.wave.start)}: ${plural(proof.people.length, 'person', 'people')} (${counts || 'nobody'}). ${proof.notSent === 0 ? 'Every reminder due has been sent.' : `${proof.notSent} due a reminder ${proof.notSent === 1 ? 'has' : 'have'} not been sent it; all should be by ${proof.deadline}.`}\n`,
      );
    });
}
