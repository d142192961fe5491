import type { Command } from 'commander';
import { approveOccurrences, changeOccurrences, type OccurrenceChange } from '../approvals/approve-occurrence.js';
import { dataWarningLines, unconfirmedLines } from '../approvals/audience-data-guard.js';
import { type OccurrenceReport, occurrenceReports } from '../approvals/occurrence-report.js';
import type { QueueConfirmation } from '../approvals/queue-due.js';
import { queuedOccurrenceLine, queueEverythingDue, taskQueueLines } from '../approvals/queue-everything-due.js';
import type { QueueProgress } from '../approvals/queue-occurrence.js';
import { readPlanWithStates } from '../approvals/read-plan-with-states.js';
import type { Withdrawal } from '../approvals/review-approvals.js';
import { detailText } from '../audit/audit-detail.js';
import { type AuditFilter, listAuditEntries } from '../audit/audit-log.store.js';
import { isLocalDate } from '../calendar/local-date.js';
import { londonInstant } from '../calendar/london-time.js';
import { listOutbox } from '../outbox/list-outbox.store.js';
import { MESSAGE_STATES, type MessageState } from '../outbox/message-state.js';
import { countOutboxByOccurrence } from '../outbox/outbox.store.js';
import { keyOf } from '../plan/occurrence-names.js';
import { resultsHolds } from '../results/occurrence-holds.js';
import { addressesUsed } from '../results/recorded-results.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';

function parseLimit(text: string): number {
  if (!/^\d{1,7}$/.test(text.trim()) || Number(text) < 1)
    throw new CommsplanError('invalid-input', `--limit "${text}" is not a whole number of 1 or more.`, { field: 'limit', value: text });
  return Number(text);
}

/** `3 sent`, `3 sent, 1 pending`, or `-`: the catch-ups of an occurrence. */
function caughtUpCell(r: OccurrenceReport): string {
  const parts = [r.caughtUp.sent ? `${count(r.caughtUp.sent)} sent` : '', r.caughtUp.pending ? `${count(r.caughtUp.pending)} pending` : ''];
  return parts.filter(Boolean).join(', ') || '-';
}

function sayWithdrawn(context: CliContext, withdrawn: readonly Withdrawal[]): void {
  for (const notice of withdrawn) context.stderr.write(`${notice.message}\n`);
}

const count = (n: number) => n.toLocaleString('en-GB');

interface OccurrenceOptions {
  wave?: string;
  by: string;
  reason?: string;
}

export function registerDeliveryCommands(program: Command, context: CliContext): void {
  const globals = () => program.opts<GlobalOptions>();

  program
    .command('approve <activity>')
    .description("Approve an activity's email to go to its audience when due (every wave's, unless --wave)")
    .option('--wave <name>', 'only the occurrence for this wave')
    .requiredOption('--by <name>', 'who approves it, for the audit log')
    .option('--anyway', 'approve although its audience is empty, or its data was never imported or is older than data-max-age-days')
    .action(async (activityId: string, options: OccurrenceOptions & { anyway?: boolean }) => {
      const now = context.now();
      const result = await withOrganisation(context, globals(), (store, organisation) =>
        approveOccurrences(store, organisation, { activityId, wave: options.wave, by: options.by, anyway: options.anyway }, now),
      );
      sayWithdrawn(context, result.withdrawn);
      if (result.warnings.length) context.stderr.write(`Approved anyway, although:\n${dataWarningLines(result.warnings).join('\n')}\n`);
      context.stdout.write(`Approved by ${options.by.trim()}: ${result.approved.join(', ')}\n`);
      for (const left of result.notApproved) context.stdout.write(`Not approved: ${left.description}: ${left.why}\n`);
    });

  const change = (name: OccurrenceChange, done: string) => async (activityId: string, options: OccurrenceOptions) => {
    const result = await withOrganisation(context, globals(), (store, organisation) =>
      changeOccurrences(store, organisation, name, { activityId, ...options }, context.now()),
    );
    sayWithdrawn(context, result.withdrawn);
    for (const changed of result.changed) {
      context.stdout.write(
        `${changed.key}: ${done} (was ${changed.from})${changed.messagesCancelled ? `; ${count(changed.messagesCancelled)} unsent messages cancelled` : ''}\n`,
      );
      // Approved but not started: nothing of it went, and now nothing will.
      if (changed.from === 'approved' && (name === 'skip' || name === 'cancel'))
        context.stderr.write(`${changed.key} was approved but had not gone: nobody has been sent it, and nobody will be.\n`);
    }
  };
  const occurrenceOptions = (command: Command) =>
    command
      .option('--wave <name>', 'only the occurrence for this wave')
      .requiredOption('--by <name>', 'who does it, for the audit log')
      .option('--reason <text>', 'why, for the audit log');

  occurrenceOptions(program.command('unapprove <activity>').description('Take back an approval: the occurrence is planned again')).action(
    change('unapprove', 'approval taken back'),
  );
  const occurrence = program
    .command('occurrence')
    .description('Pause, cancel, skip or mark done an occurrence of an activity (ACTIVITY --wave NAME, or ACTIVITY@WAVE-ID)');
  occurrenceOptions(occurrence.command('pause <activity>').description('Stop sending it for now; approve it again to carry on')).action(
    change('pause', 'paused'),
  );
  occurrenceOptions(occurrence.command('cancel <activity>').description('Cancel it and its unsent messages, for good')).action(
    change('cancel', 'cancelled'),
  );
  occurrenceOptions(
    occurrence
      .command('skip <activity>')
      .description('Skip it for good, with its task: the way to leave out a later wave (wave-reminder@3, or --wave NAME)'),
  ).action(change('skip', 'skipped'));
  occurrenceOptions(
    occurrence.command('done <activity>').description('Mark it done, with its task: it happened, or its email went another way'),
  ).action(change('done', 'marked done'));

  program
    .command('outbox')
    .description('List messages in the outbox')
    .option('--status <state>', `only messages in this state: ${MESSAGE_STATES.join(', ')}`)
    .option('--limit <n>', 'show at most this many', '100')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; limit: string; json?: boolean }) => {
      const state = options.status?.trim().toLowerCase();
      if (state !== undefined && !(MESSAGE_STATES as readonly string[]).includes(state))
        throw new CommsplanError(
          'invalid-input',
          `--status "${options.status}" is not a message state: use ${MESSAGE_STATES.join(', ')}.`,
          {
            field: 'status',
            value: options.status,
          },
        );
      const limit = parseLimit(options.limit);
      const { messages, total } = await withOrganisation(context, globals(), (store, organisation) =>
        listOutbox(store.db, organisation.id, { state: state as MessageState | undefined, limit }),
      );
      if (options.json) return printJson(context, { total, messages });
      context.stdout.write(
        formatTable(
          ['Occurrence', 'Recipient', 'State', 'Not before', 'Attempts', 'Last error'],
          messages.map((m) => [m.occurrenceKey, m.recipient, m.state, m.notBefore, String(m.attempts), m.lastError ?? '']),
        ),
      );
      if (total > messages.length) context.stdout.write(`Showing ${count(messages.length)} of ${count(total)}; use --limit to see more.\n`);
    });

  const report = program.command('report').description('Reports: per occurrence (the default), or `report wave NAME`');
  report
    .command('occurrences', { isDefault: true })
    .description('Per occurrence: state, recipients, sent, failed (with reasons), pending, cancelled and bounced, and the addresses used')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { rows, withdrawn } = await withOrganisation(context, globals(), async (store, organisation) => {
        const plan = await readPlanWithStates(store, organisation, context.now());
        const counts = await countOutboxByOccurrence(store.db, organisation.id);
        const addresses = await addressesUsed(store.db, organisation.id);
        const byKey = new Map(plan.workspace.timeline.map((o) => [keyOf(o), o]));
        const reportRows = occurrenceReports(plan.workspace, plan.states, counts).map((row) => ({
          ...row,
          addresses: addresses.get(row.occurrence),
          toMovedPeople: byKey.get(row.occurrence)?.audiences.some((a) => /^migrated(:|$)/i.test(a)) ?? false,
        }));
        return { rows: reportRows, withdrawn: plan.withdrawn };
      });
      sayWithdrawn(context, withdrawn);
      if (options.json) return printJson(context, { occurrences: rows, withdrawn });
      context.stdout.write(
        formatTable(
          ['Occurrence', 'Due', 'State', 'Approved by', 'Recipients', 'Sent', 'Failed', 'Pending', 'Cancelled', 'Bounced', 'Caught up'],
          rows.map((r) => [
            r.wave ? `${r.activityId} (${r.wave})` : r.activityId,
            r.sendAt,
            r.state,
            r.approvedBy ?? '-',
            count(r.recipients),
            count(r.sent),
            count(r.failed),
            count(r.pending),
            count(r.cancelled),
            count(r.bounced),
            caughtUpCell(r),
          ]),
        ),
      );
      if (rows.some((r) => r.caughtUp.sent || r.caughtUp.pending))
        context.stdout.write(
          '\nCaught up: of the messages sent or pending, those for people who joined the audience after it first went.\n',
        );
      for (const r of rows.filter((row) => row.tooLate))
        context.stdout.write(
          `\n${r.occurrence}: ${count(r.tooLate)} late ${r.tooLate === 1 ? 'joiner was' : 'joiners were'} not sent it: their wave had started.\n`,
        );
      for (const r of rows.filter((row) => row.toMovedPeople && row.addresses))
        context.stdout.write(
          `\n${r.occurrence} goes to ${count(r.addresses?.nhsmail ?? 0)} NHSmail addresses and ${count(r.addresses?.other ?? 0)} old addresses (no NHSmail account known).${r.wave ? ` Who got which: commsplan waves results "${r.wave}"` : ''}\n`,
        );
      for (const r of rows.filter((row) => row.failures.length))
        context.stdout.write(`\nWhy ${r.occurrence} failed:\n${r.failures.map((f) => `  ${count(f.count)} x ${f.reason}`).join('\n')}\n`);
    });

  program
    .command('log')
    .description('The audit log: every approval, withdrawal, queue, send, failure and change, with who and when')
    .option('--limit <n>', 'only the most recent entries')
    .option('--action <action>', 'only this kind of line, such as wave-moved or approved')
    .option('--actor <name>', 'only what this person (or cli, worker) did')
    .option('--since <date>', 'only from this day (YYYY-MM-DD, UK time)')
    .option('--json', 'print JSON')
    .action(async (options: { limit?: string; action?: string; actor?: string; since?: string; json?: boolean }) => {
      const limit = options.limit === undefined ? undefined : parseLimit(options.limit);
      const filter = logFilter(options);
      const entries = await withOrganisation(context, globals(), (store, organisation) =>
        listAuditEntries(store.db, organisation.id, { limit, filter }),
      );
      if (options.json) return printJson(context, { entries });
      context.stdout.write(
        formatTable(
          ['When', 'Who', 'What', 'Subject', 'Detail'],
          entries.map((e) => [e.at, e.actor, e.action, e.subject, detailText(e.detail)]),
        ),
      );
    });
}

/** `log --action --actor --since` as a filter of the audit log. */
function logFilter(options: { action?: string; actor?: string; since?: string }): AuditFilter {
  const since = options.since?.trim();
  if (since !== undefined && !isLocalDate(since))
    throw new CommsplanError('invalid-input', `"${options.since}" is not a date: write it as YYYY-MM-DD.`, {
      field: 'since',
      value: since,
    });
  return {
    ...(options.action ? { actions: { exact: [options.action.trim()], prefixes: [] } } : {}),
    ...(options.actor ? { actor: options.actor.trim() } : {}),
    ...(since ? { from: londonInstant(since, '00:00').toISOString() } : {}),
  };
}

/**
 * Queues what has come due, saying what was queued, withdrawn or refused: the first step of every
 * send. Returns how many approved occurrences were left unsent because their audience's data warns.
 */
export async function queueAndSay(
  context: CliContext,
  store: Store,
  organisation: Organisation,
  now: Date,
  sayWhenNothing = false,
  confirmation: QueueConfirmation = {},
): Promise<number> {
  const progress = progressPrinter(context);
  const { occurrences: outcome, tasks } = await queueEverythingDue(
    store,
    organisation,
    now,
    resultsHolds,
    progress.show,
    confirmation,
  ).finally(progress.finish);
  sayWithdrawn(context, outcome.withdrawn);
  for (const held of outcome.held) context.stderr.write(`${held.occurrenceKey} is held: ${held.message}\n`);
  for (const problem of outcome.problems) context.stderr.write(`${problem.occurrenceKey}: ${problem.message}\n`);
  for (const line of unconfirmedLines(outcome.unconfirmed)) context.stderr.write(`${line}\n`);
  for (const line of outcome.queued.map((q) => queuedOccurrenceLine(q))) if (line) context.stdout.write(`${line}\n`);
  for (const q of outcome.queued.filter((queued) => queued.recipients === 0 && !queued.readAfterSent))
    context.stderr.write(`${q.description} went to no one: nobody is in its audience now.\n`);
  const taskLines = taskQueueLines(tasks);
  for (const line of taskLines.problems) context.stderr.write(`${line}\n`);
  for (const line of taskLines.said) context.stdout.write(`${line}\n`);
  if (outcome.queued.length === 0 && tasks.queued.length === 0 && sayWhenNothing) context.stdout.write('Nothing is due to be queued.\n');
  return outcome.unconfirmed.length;
}

/** Progress of a long queue on stderr: one line redrawn for a person watching, a line every 100,000 otherwise. */
function progressPrinter(context: CliContext): { show: (progress: QueueProgress) => void; finish: () => void } {
  let lastLogged = 0;
  let redrawn = false;
  let started = 0;
  const show = (progress: QueueProgress) => {
    if (progress.recipients === 0) {
      started = context.monotonicMs();
      return;
    }
    const seconds = (context.monotonicMs() - started) / 1000;
    const rate = seconds > 0 ? Math.round(progress.recipients / seconds) : 0;
    const line = `${progress.occurrenceKey}: ${count(progress.recipients)} recipients queued (${count(rate)} a second)`;
    if (context.stderrIsTerminal) {
      redrawn = true;
      return void context.stderr.write(`\r${line}`);
    }
    if (progress.recipients - lastLogged >= 100_000) {
      lastLogged = progress.recipients;
      context.stderr.write(`${line}\n`);
    }
  };
  return { show, finish: () => void (redrawn && context.stderr.write('\n')) };
}
