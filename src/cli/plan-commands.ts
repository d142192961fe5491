import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readPlanRecord } from '../approvals/read-plan-record.js';
import { readPlanWithStates } from '../approvals/read-plan-with-states.js';
import { type OccurrencesClosed, setActivity } from '../approvals/set-activity.js';
import { formatDate } from '../calendar/local-date.js';
import { builtinPlan } from '../plan/builtin-plans.js';
import { checkPlan } from '../plan/check-plan.js';
import type { Finding } from '../plan/finding.js';
import { keyOf, refOf } from '../plan/occurrence-names.js';
import { type OccurrenceStateRecord, stateOf } from '../plan/occurrence-states.store.js';
import { ownerName } from '../plan/owner.js';
import { DEFAULT_SEND_PRIORITY } from '../plan/send-priority.js';
import type { Occurrence } from '../plan/timeline.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import { toHtml, toMarkdown } from '../plan-outputs/document-model.js';
import { buildPlanCalendar } from '../plan-outputs/plan-calendar.js';
import { buildPlanDocument, channelNames, occurrenceAudience } from '../plan-outputs/plan-document.js';
import { httpAddressProbe } from '../publishing/address-probe.js';
import { type AddressProbe, packAddressFindings, publishingFindings } from '../publishing/check-publishing.js';
import { informationPackFiles, type Publication, posterFiles } from '../publishing/publish-files.js';
import { resultsHolds } from '../results/occurrence-holds.js';
import { resultsFindings } from '../results/results-findings.js';
import { CommsplanError, EXIT_CODES } from '../shared/errors.js';
import { sayApprovalReview } from './approval-notices.js';
import { CHANNEL_COPY_FORMATS, exportChannelCopy, isChannelCopyFormat } from './channel-copy-export.js';
import {
  type CliContext,
  formatTable,
  type GlobalOptions,
  printJson,
  today,
  withOrganisation,
  withStore,
  workspacePath,
} from './cli-context.js';
import { outputFileError, writeOutputFile } from './output-file.js';
import { sendingForecastFindings } from './send-forecast.js';

export async function readWorkspace(context: CliContext, options: GlobalOptions): Promise<Workspace> {
  const path = workspacePath(context, options);
  return withStore(path, false, (store) => loadWorkspace(store.db, path, options.orgId));
}

/** The timeline; with `states`, each occurrence's own state (planned, approved, sending...) too. */
export function timelineTable(workspace: Workspace, states?: ReadonlyMap<string, OccurrenceStateRecord>): string {
  const phaseNumber = (id: string) => String(workspace.phases.find((phase) => phase.id === id)?.number ?? '');
  const state = (o: Occurrence) => (states ? [stateOf(states, refOf(workspace, o)).state] : []);
  return formatTable(
    ['Date', 'Time', 'Phase', 'Activity', 'Audience', 'Channels', 'Owner', 'Status', ...(states ? ['State'] : [])],
    workspace.timeline.map((o) => [
      formatDate(o.date),
      o.time,
      phaseNumber(o.phase),
      o.wave ? `${o.activityId} (${o.wave.name})` : o.activityId,
      occurrenceAudience(o),
      channelNames(o.channels),
      ownerName(o.owner),
      o.status,
      ...state(o),
    ]),
  );
}

export function findingsReport(findings: Finding[]): string {
  const blockers = findings.filter((f) => f.severity === 'blocker').length;
  const warnings = findings.length - blockers;
  const lines = findings.map((f) => `${f.severity === 'blocker' ? 'BLOCKER' : 'warning'}  ${f.message}`);
  const summary =
    blockers === 0
      ? `The plan is ready: nothing blocks it${warnings ? ` (${warnings} warnings)` : ''}.`
      : `${blockers} blockers, ${warnings} warnings.`;
  return `${[...lines, summary].join('\n')}\n`;
}

/** Asks the information pack's address, when one is set, whether it answers. */
async function packAddressCheck(workspace: Workspace, probe: AddressProbe) {
  const url = workspace.settings['information-pack-url']?.trim();
  return url ? packAddressFindings(url, await probe(url)) : [];
}

/** Writes each file of a publication into `dir` and says what a draft still lacks. */
function writePublication(context: CliContext, dir: string, publication: Publication): void {
  const folder = resolve(context.cwd, dir);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw outputFileError(resolve(folder, publication.files[0]?.name ?? ''), error);
  }
  for (const file of publication.files) {
    const target = resolve(folder, file.name);
    writeOutputFile(target, file.content);
    context.stdout.write(`Wrote ${target}\n`);
  }
  if (publication.missing.length)
    context.stderr.write(
      `Draft: settings not filled yet, shown as "[to be added: ...]": ${publication.missing.map((m) => m.key).join(', ')}. Fill them with commsplan settings set KEY VALUE and export again.\n`,
    );
  for (const note of publication.notes) context.stderr.write(`Draft: ${note}\n`);
}

const EXPORT_FORMATS = ['md', 'html', 'ics', 'pack', 'poster'];

export function registerPlanCommands(
  program: Command,
  context: CliContext,
  setExitCode: (code: number) => void,
  addressProbe: AddressProbe = httpAddressProbe(),
): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('timeline')
    .description('List every dated occurrence of the plan')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { workspace, states, withdrawn, held } = await withOrganisation(context, globals(), async (store, organisation) => {
        const plan = await readPlanWithStates(store, organisation, context.now());
        return { ...plan, held: await resultsHolds(store, plan.workspace, context.now()) };
      });
      for (const notice of withdrawn) context.stderr.write(`${notice.message}\n`);
      const stateOfOccurrence = (o: Occurrence) => stateOf(states, refOf(workspace, o)).state;
      // Only what is held once its date has come: before that, nothing is waiting.
      const heldNow = (o: Occurrence) => (o.sendAt <= context.now().toISOString() ? held.get(keyOf(o)) : undefined);
      if (options.json)
        printJson(
          context,
          workspace.timeline.map((o) => ({ ...o, state: stateOfOccurrence(o), ...(heldNow(o) ? { heldBecause: heldNow(o) } : {}) })),
        );
      else {
        context.stdout.write(timelineTable(workspace, states));
        for (const o of workspace.timeline.filter((occurrence) => heldNow(occurrence)))
          context.stdout.write(`Held: ${o.wave ? `${o.activityId} (${o.wave.name})` : o.activityId}: ${heldNow(o)}\n`);
      }
    });

  program
    .command('check')
    .description('List what blocks the plan; exits 1 when anything does')
    .option('--json', 'print JSON')
    .option('--offline', 'do not ask the information pack address over the network whether it answers')
    .action(async (options: { json?: boolean; offline?: boolean }) => {
      const workspace = await readWorkspace(context, globals());
      const results = await withOrganisation(context, globals(), (store) => resultsFindings(store, workspace, context.now()));
      const findings = [
        ...checkPlan(workspace, today(context)),
        ...(await sendingForecastFindings(context, globals())),
        ...results,
        ...publishingFindings(workspace, today(context)),
        ...(options.offline ? [] : await packAddressCheck(workspace, addressProbe)),
      ];
      if (options.json) printJson(context, { ok: !findings.some((f) => f.severity === 'blocker'), findings });
      else context.stdout.write(findingsReport(findings));
      if (findings.some((f) => f.severity === 'blocker')) setExitCode(EXIT_CODES.blockers);
    });

  program
    .command('export')
    .description(
      'Write the plan document (md, html), calendar (ics), information pack (pack: HTML and PDF), A4 poster (poster: PDF) or channel copy (intranet, newsletter, briefing)',
    )
    .requiredOption('--format <format>', 'md, html, ics, pack, poster, intranet, newsletter or briefing')
    .option('--out <file>', 'write to this file instead of the screen; for pack, poster and channel copy, the folder to write into')
    .action(async (options: { format: string; out?: string }) => {
      const format = options.format.toLowerCase();
      if (isChannelCopyFormat(format)) return exportChannelCopy(context, globals(), format, options.out);
      if (!EXPORT_FORMATS.includes(format)) {
        throw new CommsplanError(
          'invalid-input',
          `--format "${options.format}" is not known: use md, html or ics for the plan, pack or poster for staff, or ${CHANNEL_COPY_FORMATS.join(', ')} for channel copy.`,
          { field: 'format' },
        );
      }
      if ((format === 'pack' || format === 'poster') && !options.out) {
        throw new CommsplanError('invalid-input', `--format ${format} writes files: name the folder to write them into with --out DIR.`, {
          field: 'out',
        });
      }
      if (format === 'pack' || format === 'poster') {
        const workspace = await readWorkspace(context, globals());
        const publication =
          format === 'pack'
            ? await informationPackFiles(workspace, today(context), context.now())
            : await posterFiles(workspace, context.now());
        return writePublication(context, options.out as string, publication);
      }
      const { workspace, record, withdrawn } = await withOrganisation(context, globals(), (store, organisation) =>
        readPlanRecord(store, organisation, context.now()),
      );
      for (const notice of withdrawn) context.stderr.write(`${notice.message}\n`);
      const title = builtinPlan(workspace.organisation.planId).title;
      let output: string;
      if (format === 'ics') output = buildPlanCalendar(workspace, context.now(), record);
      else {
        const document = buildPlanDocument(workspace, title, record);
        output = format === 'md' ? toMarkdown(document.blocks) : toHtml(document.title, document.blocks);
        if (document.missing.length)
          context.stderr.write(`Settings not filled yet, marked [not set: ...] in the document: ${document.missing.join(', ')}\n`);
      }
      if (!options.out) return void context.stdout.write(output);
      const target = resolve(context.cwd, options.out);
      writeOutputFile(target, output);
      context.stdout.write(`Wrote ${target}\n`);
    });

  const activity = program.command('activity').description("See and change the plan's activities");
  activity
    .command('list')
    .description('List the activities with owner, status and priority')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const workspace = await readWorkspace(context, globals());
      if (options.json) return printJson(context, workspace.activities);
      context.stdout.write(
        formatTable(
          ['Id', 'Phase', 'Title', 'Owner', 'Status', 'Catch-up', 'Priority'],
          workspace.activities.map((a) => [
            a.id,
            String(workspace.phases.find((p) => p.id === a.phase)?.number),
            a.title,
            a.owner ?? '-',
            a.status,
            a.templateIds.length ? (a.catchUp ? 'yes' : 'no') : '-',
            a.priority ?? DEFAULT_SEND_PRIORITY,
          ]),
        ),
      );
    });
  activity
    .command('set <id>')
    .description("Set an activity's owner, status (planned, ready, done, skipped), sender and/or priority")
    .option('--owner <name>', 'who is responsible, such as "Jane Smith <jane.smith@example.nhs.uk>"')
    .option('--status <status>', 'planned, ready, done or skipped')
    .option('--sender <name>', 'the sender its emails go from (see sender list); "" for the default sender')
    .option('--catch-up <yes|no>', 'whether people who join its audience after an email went are sent it on the next send (default yes)')
    .option('--priority <level>', 'first, high, normal or low: which of the emails due at the same time go first')
    .option('--by <name>', 'who makes the change, for the audit log (default: cli)')
    .option('--keep-approval', 'as an approver, confirm a new sender keeps the approvals of its emails (needs --by)')
    .action(async (id: string, options: ActivitySetOptions) => {
      const result = await withOrganisation(context, globals(), (store, organisation) =>
        setActivity(store, organisation, id, options, context.now()),
      );
      const { activity: updated, tasksClosed } = result;
      const sender = options.sender === undefined ? '' : `, sender ${updated.senderName ?? 'the default'}`;
      const catchUp = options.catchUp === undefined ? '' : `, catch-up ${updated.catchUp ? 'yes' : 'no'}`;
      const priority = options.priority === undefined ? '' : `, priority ${updated.priority ?? DEFAULT_SEND_PRIORITY}`;
      context.stdout.write(`${updated.id}: owner ${updated.owner ?? '-'}, status ${updated.status}${sender}${catchUp}${priority}\n`);
      for (const line of occurrencesClosedLines(updated.id, options.status, result.occurrences)) context.stdout.write(`${line}\n`);
      for (const task of tasksClosed)
        context.stdout.write(
          `Task ${task.taskKey}: ${task.state}${task.messagesCancelled ? `; ${task.messagesCancelled} unsent notice or reminder cancelled` : ''}\n`,
        );
      sayApprovalReview(context, result);
    });
}

/** `activity set`'s options are the change `setActivity` takes. */
type ActivitySetOptions = Parameters<typeof setActivity>[3];

/** What marking an activity done or skipped did to its occurrences, a line each. */
function occurrencesClosedLines(activityId: string, status: string | undefined, occurrences: OccurrencesClosed): string[] {
  const lines = occurrences.closed.map((o) => `${o.key}: ${status?.trim().toLowerCase()} (was ${o.from})`);
  for (const o of occurrences.leftAsTheyAre)
    lines.push(
      `${o.key}: left ${o.state}${o.state === 'sent' ? ', which is done by itself' : ': it is on its way; pause or cancel it with commsplan occurrence'}`,
    );
  if (occurrences.stillToCome.length) {
    const later = occurrences.stillToCome.map((o) => `${o.key} (${o.wave}, ${o.date})`).join(', ');
    lines.push(
      `${activityId} stays open: ${later} ${occurrences.stillToCome.length === 1 ? 'is' : 'are'} still to come. To leave out a later wave, skip it with: commsplan occurrence skip ${occurrences.stillToCome[0]?.key} --by NAME`,
    );
  }
  return lines;
}
