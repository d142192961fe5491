import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { parseOwner } from '../plan/owner.js';
import type { EmailRecord, MessageCounts, OccurrenceRecord, TaskRecord } from '../plan/plan-record.js';

const count = (n: number) => n.toLocaleString('en-GB');

/** An email's state in a few words: `sent`, `approved by Priya Shah`, `paused by Priya Shah`, `planned, not approved yet`. */
export function emailStateText(email: EmailRecord): string {
  switch (email.state) {
    case 'approved':
      return email.approvedBy ? `approved by ${email.approvedBy}` : 'approved';
    case 'sending':
      return `sending (${count(email.counts.waiting)} waiting)`;
    case 'paused':
    case 'cancelled':
      if (!email.reason) return email.state;
      return email.reason.startsWith(email.state) ? email.reason : `${email.state}: ${email.reason}`;
    case 'planned':
      return email.due ? 'not sent: nobody approved it by its date' : 'planned, not approved yet';
    default:
      return email.state;
  }
}

/** What an email's messages did, for a reader: `1,240 people: 1,236 sent, 3 failed, 1 bounced`. */
export function messageCountsText(counts: MessageCounts): string {
  if (counts.recipients === 0) return 'no messages made yet';
  const parts = [`${count(counts.sent)} sent`];
  if (counts.waiting) parts.push(`${count(counts.waiting)} waiting`);
  parts.push(`${count(counts.failed)} failed`, `${count(counts.bounced)} bounced`);
  if (counts.cancelled) parts.push(`${count(counts.cancelled)} not sent (cancelled)`);
  return `${count(counts.recipients)} ${counts.recipients === 1 ? 'person' : 'people'}: ${parts.join(', ')}`;
}

const closedByName = (closedBy: string) => (closedBy.includes('@') || closedBy.includes('<') ? parseOwner(closedBy).name : closedBy);

/** A task's state in a few words: `open`, `late: its day has passed`, `done by Tom Okafor on Monday 14 December 2026`. */
export function taskStateText(task: TaskRecord): string {
  if (task.state === 'late') return 'open and late: its day has passed';
  if ((task.state === 'done' || task.state === 'skipped') && task.closedBy)
    return `${task.state} by ${closedByName(task.closedBy)}${task.closedAt ? ` on ${formatLongDate(londonDate(new Date(task.closedAt)))}` : ''}`;
  return task.state;
}

/**
 * Both halves of an occurrence in one short cell: `email sent; task done`; with `withCounts`, what
 * its messages did too: `email sent (1,240 people: 1,236 sent, ...); task done`.
 */
export function occurrenceStateText(record: OccurrenceRecord | undefined, options: { withCounts?: boolean } = {}): string {
  if (!record) return 'not dated';
  const counts = (email: EmailRecord) => (options.withCounts && email.counts.recipients ? ` (${messageCountsText(email.counts)})` : '');
  // With the counts beside it, a sending email's waiting messages are not named twice.
  const state = (email: EmailRecord) => (counts(email) && email.state === 'sending' ? 'sending' : emailStateText(email));
  const email = record.email ? `${state(record.email)}${counts(record.email)}` : undefined;
  const task = record.task ? taskStateText(record.task) : undefined;
  if (email && task) return `email ${email}; task ${task}`;
  return email ?? (task ? `task ${task}` : 'nothing to do');
}
