import { formatDate, formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { ownerName } from '../plan/owner.js';
import { CHANNELS } from '../plan/plan-model.js';
import { keyOfOccurrence, type MessageCounts, type PlanRecord } from '../plan/plan-record.js';
import { isEmailChannel } from '../plan/plan-tasks.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import type { DocumentBlock } from './document-model.js';
import { emailStateText, taskStateText } from './occurrence-state-text.js';

const count = (n: number) => n.toLocaleString('en-GB');
const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;

/** `Monday 8 February 2027 at 10:00 (UK time)`: the moment the record describes. */
export function asOfText(asOf: string): string {
  const instant = new Date(asOf);
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    instant,
  );
  return `${formatLongDate(londonDate(instant))} at ${time} (UK time)`;
}

const occurrenceTitle = (o: Occurrence) => (o.wave ? `${o.title} (${o.wave.name})` : o.title);

function summary(workspace: Workspace, record: PlanRecord): string {
  const records = workspace.timeline.map((o) => record.occurrences.get(keyOfOccurrence(o)));
  const emails = records.flatMap((r) => (r?.email ? [r.email] : []));
  const tasks = records.flatMap((r) => (r?.task ? [r.task] : []));
  const total = emails.reduce<MessageCounts>(
    (sum, e) => ({
      recipients: sum.recipients + e.counts.recipients,
      sent: sum.sent + e.counts.sent,
      waiting: sum.waiting + e.counts.waiting,
      failed: sum.failed + e.counts.failed,
      bounced: sum.bounced + e.counts.bounced,
      cancelled: sum.cancelled + e.counts.cancelled,
    }),
    { recipients: 0, sent: 0, waiting: 0, failed: 0, bounced: 0, cancelled: 0 },
  );
  const finished = emails.filter((e) => ['sent', 'done'].includes(e.state)).length;
  const closed = tasks.filter((t) => t.state === 'done' || t.state === 'skipped').length;
  const late = tasks.filter((t) => t.state === 'late').length;
  return (
    `Emails: ${count(finished)} of ${plural(emails.length, 'occurrence', 'occurrences')} sent, with ${plural(total.sent, 'message', 'messages')} sent, ` +
    `${count(total.waiting)} waiting, ${count(total.failed)} failed and ${count(total.bounced)} bounced. ` +
    `Tasks for other channels: ${count(closed)} of ${count(tasks.length)} closed${late ? `, ${count(late)} late` : ''}.`
  );
}

/**
 * The live record: each occurrence's email with its state and what its messages did, and each
 * task with its owner and whether it is done, as of the record's moment.
 */
export function progressBlocks(workspace: Workspace, record: PlanRecord): DocumentBlock[] {
  const withRecord = workspace.timeline.map((o) => ({ o, r: record.occurrences.get(keyOfOccurrence(o)) }));
  const emails = withRecord.flatMap(({ o, r }) => (r?.email ? [{ o, email: r.email }] : []));
  const tasks = withRecord.flatMap(({ o, r }) => (r?.task ? [{ o, task: r.task }] : []));
  return [
    { kind: 'heading', level: 2, text: 'Progress' },
    { kind: 'paragraph', text: `Where each activity stood on ${asOfText(record.asOf)}, from what commsplan has recorded.` },
    { kind: 'paragraph', text: summary(workspace, record) },
    { kind: 'heading', level: 3, text: 'Emails' },
    emails.length
      ? {
          kind: 'table',
          headers: ['Email', 'Due', 'State', 'Recipients', 'Sent', 'Waiting', 'Failed', 'Bounced'],
          rows: emails.map(({ o, email }) => [
            occurrenceTitle(o),
            formatDate(o.date),
            emailStateText(email),
            count(email.counts.recipients),
            count(email.counts.sent),
            count(email.counts.waiting),
            count(email.counts.failed),
            count(email.counts.bounced),
          ]),
        }
      : { kind: 'paragraph', text: 'No email is dated yet.' },
    { kind: 'heading', level: 3, text: 'Tasks for other channels' },
    tasks.length
      ? {
          kind: 'table',
          headers: ['Task', 'Due', 'Channels', 'Owner', 'State'],
          rows: tasks.map(({ o, task }) => [
            occurrenceTitle(o),
            formatDate(o.date),
            taskChannels(o),
            ownerName(task.owner),
            taskStateText(task),
          ]),
        }
      : { kind: 'paragraph', text: 'No task is dated yet.' },
  ];
}

const taskChannels = (o: Occurrence) =>
  o.channels
    .filter((channel) => !isEmailChannel(channel))
    .map((channel) => CHANNELS[channel])
    .join(', ');
