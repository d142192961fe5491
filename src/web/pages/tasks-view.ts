import { formatLongDate } from '../../calendar/local-date.js';
import { ownerName } from '../../plan/owner.js';
import type { TaskMessageReport, TaskReport } from '../../tasks/list-tasks.js';
import { actorAfterBy } from './actor-words.js';
import { whenWords } from './time-words.js';

export const taskHref = (id: string) => `/tasks/${encodeURIComponent(id)}`;

const STATE_TAGS: Record<TaskReport['state'], { text: string; colour: string }> = {
  open: { text: 'To do', colour: 'blue' },
  late: { text: 'Late', colour: 'red' },
  done: { text: 'Done', colour: 'green' },
  skipped: { text: 'Skipped', colour: 'grey' },
};

const isStillToDo = (task: TaskReport) => task.state === 'open' || task.state === 'late';

/** Tasks still to do first, then closed ones, each by the day they are due. */
export function tasksInOrder(tasks: readonly TaskReport[]): TaskReport[] {
  return [...tasks].sort((a, b) => Number(isStillToDo(b)) - Number(isStillToDo(a)) || a.date.localeCompare(b.date));
}

function messageWords(kind: string, message: TaskMessageReport | null): string | undefined {
  if (!message) return undefined;
  if (message.state === 'sent') return `The ${kind} went at ${whenWords(message.sentAt)}.`;
  if (message.state === 'failed' || message.state === 'bounced')
    return `The ${kind} did not arrive${message.reason ? `: ${message.reason}` : ''}.`;
  if (message.state === 'cancelled') return `The ${kind} was cancelled.`;
  return `The ${kind} is waiting to go, from ${whenWords(message.due)}.`;
}

/** Whether and when the owner was told, in words; as `commsplan tasks` works it out. */
export function toldWords(task: TaskReport): string {
  const said = [messageWords('notice', task.notice), messageWords('reminder', task.reminder)].filter(Boolean);
  if (said.length) return said.join(' ');
  if (task.nobodyToTell)
    return task.owner ? 'Nobody can be told: the owner has no email address.' : 'Nobody can be told: the task has no owner.';
  if (task.state === 'open') return `The owner will be told on ${formatLongDate(task.noticeDate)}.`;
  return 'Not told.';
}

/** One task as its row and page show it. */
export function taskView(task: TaskReport) {
  return {
    ...task,
    href: taskHref(task.id),
    activityHref: `/activities/${encodeURIComponent(task.activityId)}`,
    due: formatLongDate(task.date),
    ownerText: task.owner ? ownerName(task.owner) : 'No owner',
    stateTag: STATE_TAGS[task.state],
    told: toldWords(task),
    closed: task.closedBy ? `${STATE_TAGS[task.state].text} by ${actorAfterBy(task.closedBy)} at ${whenWords(task.closedAt)}` : '',
    stillToDo: isStillToDo(task),
  };
}
