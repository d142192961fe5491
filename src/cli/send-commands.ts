import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { audienceForWave } from '../audiences/audience-names.js';
import { countDirectory } from '../audiences/audiences.store.js';
import type { FilterNode } from '../audiences/filter-language.js';
import { readDirectory, resolveAudience } from '../audiences/manage-audiences.js';
import { londonDate } from '../calendar/london-time.js';
import {
  findSender,
  occurrenceStatesByKey,
  pendingBySender,
  recentUsage,
  senderNameOfActivity,
  senderNames,
} from '../delivery/claim.store.js';
import {
  forecastSending,
  lateSendingFindings,
  type OccurrenceForecast,
  type SenderBacklog,
  type UpcomingOccurrence,
} from '../delivery/forecast.js';
import { outcomeJournalFor } from '../delivery/outcome-journal.js';
import { runWorker } from '../delivery/run-worker.js';
import { type PassSummary, sendDue, type TransportTimeouts } from '../delivery/send-due.js';
import { describeProgress, ProgressMeter } from '../delivery/send-progress.js';
import { sendTestMessage } from '../delivery/send-test-message.js';
import { transportForSender } from '../delivery/transport-for-sender.js';
import type { Finding } from '../plan/finding.js';
import { occurrenceKey } from '../plan/occurrence-state.js';
import { DEFAULT_SEND_PRIORITY, priorityRank } from '../plan/send-priority.js';
import { loadWorkspace, type Workspace } from '../plan/workspace.js';
import type { MailTransport } from '../senders/mail-transport.js';
import { requireSender } from '../senders/manage-senders.js';
import { checkEmailAddress } from '../shared/email-address.js';
import { CommsplanError, EXIT_CODE_BY_ERROR, EXIT_CODES } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation, withStore, workspacePath } from './cli-context.js';
import { queueAndSay } from './delivery-commands.js';

type Clock = () => Date;

/** The transport of each sender, made once, from its stored definition; secrets come from the environment. */
export function transportsFor(store: Store, orgId: string, context: CliContext, clock: Clock) {
  const made = new Map<string, MailTransport>();
  const transportFor = async (name: string, timeouts?: TransportTimeouts): Promise<MailTransport> => {
    const known = made.get(name);
    if (known) return known;
    const sender = await requireSender(store.db, orgId, name);
    const definition = sender.kind === 'folder' ? { ...sender, folder: resolve(context.cwd, sender.folder) } : sender;
    const transport = transportForSender(definition, { env: context.env, now: clock, timeouts });
    made.set(name, transport);
    return transport;
  };
  const closeAll = async () => {
    for (const transport of made.values()) await transport.close();
  };
  return { transportFor, closeAll };
}

const workerId = () => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** Redraws of the progress line: often enough to watch, not once a message at hundreds a second. */
const REDRAW_EVERY_MS = 100;

function progressMeter(context: CliContext, clock: Clock): ProgressMeter {
  let drawnAt = Number.NEGATIVE_INFINITY;
  return new ProgressMeter(clock().getTime(), (progress) => {
    if (!context.stderrIsTerminal) return;
    const at = performance.now();
    if (at - drawnAt < REDRAW_EVERY_MS && progress.remaining > 0) return;
    drawnAt = at;
    context.stderr.write(`\r\x1b[K${describeProgress(progress)}`);
  });
}

function passLine(summary: PassSummary, clock: Clock): string {
  const parts = [`${summary.sent} sent`];
  if (summary.retrying) parts.push(`${summary.retrying} to retry`);
  if (summary.failed) parts.push(`${summary.failed} failed`);
  if (summary.leasesExpired) parts.push(`${summary.leasesExpired} taken back from a stopped worker`);
  if (summary.sentTwice) parts.push(`${summary.sentTwice} sent again after another worker had sent them`);
  const lines = [`${clock().toISOString()}  ${parts.join(', ')}.`];
  for (const sender of summary.sendersPaused) lines.push(`Sender ${sender.name} is paused: ${sender.reason}`);
  for (const occurrence of summary.occurrencesPaused) lines.push(`${occurrence.key} is paused: ${occurrence.reason}`);
  for (const key of summary.occurrencesSent) lines.push(`${key}: every message has gone.`);
  return `${lines.join('\n')}\n`;
}

export function registerSendCommands(program: Command, context: CliContext, setExitCode: (code: number) => void): void {
  const globals = () => program.opts<GlobalOptions>();

  const send = program
    .command('send')
    .description('Send what is due (--due), queue it only (--queue-only), forecast sending (send plan) or send a test (send test)')
    .option('--due', 'queue what has come due, then send every message that is due, within each sender’s limits, and stop')
    .option('--queue-only', 'only write the messages of approved occurrences that are due to the outbox')
    .option('--anyway', 'send approved emails although their audience is empty, or its data was never imported or is old')
    .action(async (options: { due?: boolean; queueOnly?: boolean; anyway?: boolean }) => {
      if (!options.due && !options.queueOnly)
        throw new CommsplanError(
          'invalid-input',
          'Say what to send: "commsplan send --due", "send --queue-only", "send plan" or "send test ACTIVITY --to ADDRESS".',
        );
      const clock = context.now;
      const confirmation = { anyway: options.anyway === true };
      let unconfirmed = 0;
      const queue = async (store: Store, organisation: Organisation, now: Date, sayWhenNothing = false) => {
        unconfirmed += await queueAndSay(context, store, organisation, now, sayWhenNothing, confirmation);
      };
      if (options.queueOnly) {
        await withOrganisation(context, globals(), (store, organisation) => queue(store, organisation, clock(), true));
        if (unconfirmed) setExitCode(EXIT_CODE_BY_ERROR['audience-data-unconfirmed']);
        return;
      }
      const summary = await withOrganisation(context, globals(), async (store, organisation) => {
        const transports = transportsFor(store, organisation.id, context, clock);
        const worker = workerId();
        const journal = outcomeJournalFor(store, worker);
        try {
          return await sendDue({
            store,
            orgId: organisation.id,
            queueDue: (now) => queue(store, organisation, now),
            transportFor: transports.transportFor,
            now: clock,
            random: Math.random,
            workerId: worker,
            journal,
            progress: progressMeter(context, clock),
          });
        } finally {
          journal?.close();
          await transports.closeAll();
        }
      });
      if (context.stderrIsTerminal) context.stderr.write('\n');
      context.stdout.write(passLine(summary, clock));
      if (summary.nextDueAt !== undefined)
        context.stdout.write(`The next message is due at ${new Date(summary.nextDueAt).toISOString()}.\n`);
      if (unconfirmed) setExitCode(EXIT_CODE_BY_ERROR['audience-data-unconfirmed']);
    });

  program
    .command('worker')
    .description('Keep sending as messages come due; stops cleanly on SIGTERM or Ctrl+C')
    .option('--poll <seconds>', 'the longest wait between looks at the outbox', '5')
    .action(async (options: { poll: string }) => {
      const clock = context.now;
      const pollSeconds = Number(options.poll);
      if (!(pollSeconds > 0))
        throw new CommsplanError('invalid-input', `--poll "${options.poll}" is not a number of seconds above 0.`, { field: 'poll' });
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      try {
        const total = await withOrganisation(context, globals(), async (store, organisation) => {
          const transports = transportsFor(store, organisation.id, context, clock);
          const worker = workerId();
          const journal = outcomeJournalFor(store, worker);
          context.stdout.write(`Worker started for ${organisation.name}. Stop it with SIGTERM or Ctrl+C.\n`);
          try {
            return await runWorker({
              store,
              orgId: organisation.id,
              queueDue: (now) => queueAndSay(context, store, organisation, now),
              transportFor: transports.transportFor,
              now: clock,
              random: Math.random,
              workerId: worker,
              journal,
              progress: progressMeter(context, clock),
              signal: controller.signal,
              pollMs: pollSeconds * 1000,
              onPass: (summary) => {
                const happened = summary.sent + summary.failed + summary.retrying + summary.leasesExpired;
                if (happened || summary.sendersPaused.length || summary.occurrencesPaused.length || summary.occurrencesSent.length)
                  context.stdout.write(passLine(summary, clock));
              },
            });
          } finally {
            journal?.close();
            await transports.closeAll();
          }
        });
        context.stdout.write(`Worker stopped: ${total.sent} sent, ${total.failed} failed; the messages it held went back to the queue.\n`);
      } finally {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      }
    });

  send
    .command('plan')
    .description('Forecast each upcoming email: recipients, time to send under its sender’s limits, and whether it is in time')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const clock = context.now;
      const forecasts = await readForecast(context, globals(), clock);
      if (options.json) return printJson(context, forecasts);
      if (forecasts.length === 0) return void context.stdout.write('No emails are still to send.\n');
      context.stdout.write(
        formatTable(
          ['Occurrence', 'Starts (UTC)', 'Messages', 'Sender', 'Finishes (UTC)', 'Deadline (UTC)', 'In time'],
          forecasts.map((f) => [
            f.key,
            f.startsAt.slice(0, 16).replace('T', ' '),
            String(f.messages),
            f.sender ?? '-',
            f.finishesAt?.slice(0, 16).replace('T', ' ') ?? '-',
            `${f.deadline.slice(0, 16).replace('T', ' ')} (${f.deadlineRule})`,
            f.problem ? `unknown: ${f.problem}` : f.late ? 'LATE' : 'yes',
          ]),
        ),
      );
      const late = forecasts.filter((f) => f.late).length;
      context.stdout.write(late ? `${late} will not finish in time.\n` : 'Every email with a sender finishes in time.\n');
    });

  send
    .command('test <activity>')
    .description('Send one preview of an activity’s email to an address, marked as a test in its subject')
    .requiredOption('--to <address>', 'who gets the test')
    .option('--person <email>', 'fill the personal fields from this person in the directory')
    .option('--wave <name>', 'fill the wave fields from this wave (default: the person’s wave)')
    .action(async (activityId: string, options: { to: string; person?: string; wave?: string }) => {
      if (!checkEmailAddress(options.to).ok)
        throw new CommsplanError('invalid-input', `--to "${options.to}" is not an email address.`, { field: 'to', value: options.to });
      const result = await withOrganisation(context, globals(), (store, organisation) =>
        sendTestMessage(
          store,
          organisation,
          { activityId, to: options.to, person: options.person, wave: options.wave, by: 'cli' },
          { now: context.now, env: context.env, baseDir: context.cwd },
        ),
      );
      if (result.ok) context.stdout.write(`Sent a test of ${activityId} to ${result.to} from ${result.sender}: ${result.response}\n`);
      else {
        context.stderr.write(`The test was not sent: ${result.reason}\n`);
        setExitCode(EXIT_CODES.mailServer);
      }
      if (result.missing.length)
        context.stdout.write(
          `Note: not filled yet, so the real email would not go: ${result.missing.map((name) => `((${name}))`).join(', ')}\n`,
        );
    });
}

const ALL_STAFF = 'all-staff';
const FINISHED_STATES = new Set(['sending', 'sent', 'paused', 'cancelled', 'done', 'skipped']);

/** The occurrences still to send, with their recipients counted now and their sender's backlog. */
async function forecastFor(store: Store, workspace: Workspace, now: Date, onlyWithSenders: boolean): Promise<OccurrenceForecast[]> {
  const orgId = workspace.organisation.id;
  const names = await senderNames(store.db, orgId);
  if (names.length === 0 && onlyWithSenders) return [];
  const states = await occurrenceStatesByKey(store.db, orgId);
  const today = londonDate(now);
  const upcoming = workspace.timeline.filter((o) => {
    const activity = workspace.activities.find((a) => a.id === o.activityId);
    const state = states.get(occurrenceKey(o.activityId, o.wave?.id));
    return (
      activity &&
      activity.templateIds.length > 0 &&
      o.date >= today &&
      o.status !== 'done' &&
      o.status !== 'skipped' &&
      !FINISHED_STATES.has(state ?? '')
    );
  });
  const directory = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const audienceFilters: FilterNode[] = [];
  const counted: number[] = [];
  for (const occurrence of upcoming) {
    if (occurrence.audiences.includes(ALL_STAFF)) {
      counted.push(-1);
      continue;
    }
    const filters = await Promise.all(
      occurrence.audiences.map(
        async (audience) => (await resolveAudience(store.db, orgId, audienceForWave(audience, occurrence.wave?.name ?? ''))).filter,
      ),
    );
    counted.push(audienceFilters.length);
    audienceFilters.push(filters.reduce((left, right) => ({ kind: 'or', left, right })));
  }
  const { counts } = audienceFilters.length ? await countDirectory(store, orgId, audienceFilters, directory) : { counts: [] };
  const senderOf = new Map<string, string | undefined>();
  for (const activity of workspace.activities) senderOf.set(activity.id, await senderNameOfActivity(store.db, orgId, activity.id));
  const occurrences: UpcomingOccurrence[] = upcoming.map((o, i) => {
    const wave = o.wave ? workspace.waves.find((w) => w.id === o.wave?.id) : undefined;
    const index = counted[i] as number;
    return {
      key: occurrenceKey(o.activityId, o.wave?.id),
      activityId: o.activityId,
      date: o.date,
      sendAt: Math.max(Date.parse(o.sendAt), now.getTime()),
      ...(wave ? { wave: { name: wave.name, start: wave.start } } : {}),
      messages: index === -1 ? 1 : (counts[index] ?? 0),
      senderName: senderOf.get(o.activityId),
      priority: priorityRank(workspace.activities.find((a) => a.id === o.activityId)?.priority ?? DEFAULT_SEND_PRIORITY),
    };
  });
  const pending = await pendingBySender(store.db, orgId);
  const backlogs = new Map<string, SenderBacklog>();
  for (const name of names) {
    const sender = await findSender(store.db, orgId, name);
    if (!sender) continue;
    backlogs.set(name, {
      limits: sender.limits,
      recent: await recentUsage(store.db, orgId, name, now.getTime()),
      queued: pending.get(name) ?? 0,
    });
  }
  return forecastSending(now.getTime(), occurrences, backlogs);
}

async function readForecast(
  context: CliContext,
  options: GlobalOptions,
  clock: Clock,
  onlyWithSenders = false,
): Promise<OccurrenceForecast[]> {
  const path = workspacePath(context, options);
  return withStore(path, false, async (store) =>
    forecastFor(store, await loadWorkspace(store.db, path, options.orgId), clock(), onlyWithSenders),
  );
}

/**
 * For `check`: the emails whose sending will not finish by their deadline. Without any sender
 * there is nothing to forecast, and the audiences are not counted.
 */
export async function sendingForecastFindings(context: CliContext, options: GlobalOptions): Promise<Finding[]> {
  return lateSendingFindings(await readForecast(context, options, context.now, true));
}
