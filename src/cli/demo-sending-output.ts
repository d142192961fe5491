import { relative } from 'node:path';
import { queuedOccurrenceLine, taskQueueLines } from '../approvals/queue-everything-due.js';
import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { describeProgress, durationWords } from '../delivery/send-progress.js';
import { DEMO_SENDER, demoFolders, sendDemoEmails } from '../demo/demo-sending.js';
import { findOrganisation } from '../plan/plan.store.js';
import { resultsHolds } from '../results/occurrence-holds.js';
import { findSender } from '../senders/senders.store.js';
import { plural } from '../shared/plural.js';
import { type CliContext, formatTable, withStore } from './cli-context.js';

const clockTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
const when = (at: Date) => `${formatLongDate(londonDate(at))} at ${clockTime.format(at)}`;
const count = (n: number) => n.toLocaleString('en-GB');

/** How to name the workspace in a hint: relative to where the command runs when it is below it. */
function shown(context: CliContext, path: string): string {
  const near = relative(context.cwd, path);
  return near && !near.startsWith('..') ? near : path;
}

type DemoSendResult = Awaited<ReturnType<typeof sendDemoEmails>>;

/**
 * `start`: sends the demo's approved emails as if it were the time each is due, into its mail
 * folder, with the send progress (count, rate, time left), then says what went to whom and
 * where to look further.
 */
export async function showWhatWouldBeSent(context: CliContext, path: string, folder: string): Promise<void> {
  const out = (text: string) => context.stdout.write(text);
  const mail = demoFolders(folder).mail;
  out('\nWhat would be sent\n\n');
  const result = await sendAsIfDue(context, path, out);
  if (!result) {
    out(
      'This demo workspace has no people and no sender (it was made with --plan-only, or by an earlier commsplan), so there is nothing to send. ' +
        `To see the demo send, remove ${folder} and run this again.\n`,
    );
    return;
  }
  for (const sender of result.sendersPaused) out(`Sender ${sender.name} is paused: ${sender.reason}\n`);
  for (const problem of result.problems) out(`${problem}\n`);
  const db = shown(context, path);
  if (result.occurrences.length === 0) {
    out(
      `Nothing new was due: the demo's approved emails have been sent already (${plural(result.sentInAll, 'email')}, in ${mail}). ` +
        `Approve another with: commsplan --db ${db} approve month-3-all-staff --by "Priya Shah", then run this again.\n`,
    );
  } else showWhatWasSent(out, result, mail, db);
  out(
    `\nLook further:\n  commsplan --db ${db} report     what each email reached\n  commsplan --db ${db} outbox     every message\n  commsplan --db ${db} log        approvals and sends, with who and when\n  commsplan --db ${db} audiences  the made-up people, from the files in ${demoFolders(folder).exports}\n`,
  );
}

/** Sends the demo's emails, saying what each pass queued and how sending goes; undefined when the demo has no sender. */
async function sendAsIfDue(context: CliContext, path: string, out: (text: string) => void): Promise<DemoSendResult | undefined> {
  return withStore(path, false, async (store) => {
    const organisation = await findOrganisation(store.db, path);
    const perMinute = (await findSender(store.db, organisation.id, DEMO_SENDER))?.limits.perMinute;
    if (perMinute === undefined) return undefined;
    let redrawn = false;
    return sendDemoEmails(store, organisation, {
      env: context.env,
      baseDir: context.cwd,
      now: context.now(),
      random: () => 0.5,
      repeat: context.repeat,
      holds: resultsHolds,
      onQueued: (at, { occurrences, tasks }) => {
        out(`${when(at)}, as if it were then (${DEMO_SENDER} sends ${perMinute} a minute):\n`);
        for (const q of occurrences.queued.filter((queued) => queuedOccurrenceLine(queued) !== undefined))
          out(`  ${q.description}: ${plural(q.recipients, 'recipient')}, ${plural(q.newMessages, 'new message')} queued\n`);
        for (const line of taskQueueLines(tasks).said) out(`  ${line}\n`);
      },
      onProgress: (at, progress) => {
        if (!context.stderrIsTerminal) return;
        redrawn = true;
        context.stderr.write(`\r\x1b[K  ${clockTime.format(at)}  ${describeProgress(progress)}`);
      },
      onPass: (at, progress, summary) => {
        if (redrawn) context.stderr.write('\r\x1b[K');
        redrawn = false;
        if (summary.sent + summary.failed > 0) out(`  ${clockTime.format(at)}  ${describeProgress(progress)}\n`);
      },
    });
  });
}

/** Each email sent, when it was due and whom it reached, then how many files were written where. */
function showWhatWasSent(out: (text: string) => void, result: DemoSendResult, mail: string, db: string): void {
  out('\n');
  out(
    formatTable(
      ['Email', 'Due', 'To', 'Sent'],
      result.occurrences.map((o) => [
        o.description,
        when(new Date(o.dueAt)),
        o.toAllStaffList ? `${o.audience}, as one message to the all-staff list` : o.audience,
        `${count(o.sent)}${o.failed ? ` (${count(o.failed)} failed)` : ''}`,
      ]),
    ),
  );
  const sent = result.occurrences.reduce((sum, o) => sum + o.sent, 0);
  const longest = result.rounds.reduce((most, r) => Math.max(most, Date.parse(r.finishedAt) - Date.parse(r.startedAt)), 0);
  const tasks = result.taskMessagesSent;
  out(
    `\n${plural(sent + tasks, 'email')} written, one .eml file each (any mail program opens them), to ${mail}.\n` +
      (tasks
        ? `Among them, ${plural(tasks, 'note')} to the owners of tasks, one per owner a day listing their notices and reminders: see them with commsplan --db ${db} tasks\n`
        : '') +
      (longest > 0
        ? `At the sender's limits the longest send took ${durationWords(longest / 1000)}; the demo moved its clock on instead of waiting.\n`
        : ''),
  );
}
