import { hostname } from 'node:os';
import type { Command } from 'commander';
import { runWorker } from '../delivery/run-worker.js';
import { type PassSummary, sendDue } from '../delivery/send-due.js';
import { describeProgress, ProgressMeter } from '../delivery/send-progress.js';
import { sendTestMessage } from '../delivery/send-test-message.js';
import { type SendingSetup, withSendingDependencies } from '../delivery/sending-dependencies.js';
import { checkEmailAddress } from '../shared/email-address.js';
import { CommsplanError, EXIT_CODE_BY_ERROR, EXIT_CODES } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type CliContext, formatTable, type GlobalOptions, printJson, withOrganisation } from './cli-context.js';
import { queueAndSay } from './delivery-commands.js';
import { readForecast } from './send-forecast.js';

type Clock = () => Date;

const workerId = (context: CliContext) => `${hostname()}:${process.pid}:${context.newId().slice(0, 8)}`;

/** What `send --due` and `worker` tell the sending loop: senders' folders are read from the working folder. */
function cliSending(context: CliContext, store: Store, organisation: Organisation, queueDue: SendingSetup['queueDue']): SendingSetup {
  const now = context.now;
  return {
    store,
    orgId: organisation.id,
    workerId: workerId(context),
    env: context.env,
    baseDir: context.cwd,
    now,
    random: context.random,
    queueDue,
    progress: progressMeter(context, now),
  };
}

/** Redraws of the progress line: often enough to watch, not once a message at hundreds a second. */
const REDRAW_EVERY_MS = 100;

function progressMeter(context: CliContext, clock: Clock): ProgressMeter {
  let drawnAt = Number.NEGATIVE_INFINITY;
  return new ProgressMeter(clock().getTime(), (progress) => {
    if (!context.stderrIsTerminal) return;
    const at = context.monotonicMs();
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
      const summary = await withOrganisation(context, globals(), (store, organisation) =>
        withSendingDependencies(
          cliSending(context, store, organisation, (now) => queue(store, organisation, now)),
          sendDue,
        ),
      );
      if (context.stderrIsTerminal) context.stderr.write('\n');
      context.stdout.write(passLine(summary, clock));
      if (summary.nextDueAt !== undefined)
        context.stdout.write(`The next message is due at ${new Date(summary.nextDueAt).toISOString()}.\n`);
      if (unconfirmed) setExitCode(EXIT_CODE_BY_ERROR['audience-data-unconfirmed']);
    });

  registerWorkerCommand(program, context, globals);
  registerSendPlanAndTest(send, context, globals, setExitCode);
}

/** `worker`: keeps sending as messages come due, until SIGTERM or Ctrl+C. */
function registerWorkerCommand(program: Command, context: CliContext, globals: () => GlobalOptions): void {
  program
    .command('worker')
    .description('Keep sending as messages come due; stops cleanly on SIGTERM or Ctrl+C')
    .option('--poll <seconds>', 'the longest wait between looks at the outbox', '5')
    .action(async (options: { poll: string }) => {
      const clock = context.now;
      const pollSeconds = Number(options.poll);
      if (!(pollSeconds > 0))
        throw new CommsplanError('invalid-input', `--poll "${options.poll}" is not a number of seconds above 0.`, { field: 'poll' });
      const signal = context.stopSignal?.() ?? new AbortController().signal;
      const total = await withOrganisation(context, globals(), (store, organisation) => {
        const setup = cliSending(context, store, organisation, (now) => queueAndSay(context, store, organisation, now));
        context.stdout.write(`Worker started for ${organisation.name}. Stop it with SIGTERM or Ctrl+C.\n`);
        return withSendingDependencies(setup, (deps) =>
          runWorker({
            ...deps,
            signal,
            sleep: context.sleep,
            pollMs: pollSeconds * 1000,
            onPass: (summary) => {
              const happened = summary.sent + summary.failed + summary.retrying + summary.leasesExpired;
              if (happened || summary.sendersPaused.length || summary.occurrencesPaused.length || summary.occurrencesSent.length)
                context.stdout.write(passLine(summary, clock));
            },
          }),
        );
      });
      context.stdout.write(`Worker stopped: ${total.sent} sent, ${total.failed} failed; the messages it held went back to the queue.\n`);
    });
}

/** `send plan` and `send test`. */
function registerSendPlanAndTest(
  send: Command,
  context: CliContext,
  globals: () => GlobalOptions,
  setExitCode: (code: number) => void,
): void {
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
          { now: context.now, env: context.env, baseDir: context.cwd, newId: context.newId },
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
