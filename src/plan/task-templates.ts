import { formatLongDate } from '../calendar/local-date.js';
import type { TemplateSource } from '../messages/render-template.js';
import { type Activity, type KeyMessage, PHASE_IDS, type PhaseId } from './plan-model.js';
import type { PlannedTask, TaskMessageKind } from './plan-tasks.js';

/**
 * The email that tells an owner about their tasks: every notice and reminder due for them that
 * day, in one email (ADR 0009). Our own words wrap the content to publish: each activity's points
 * and the key messages of its phase, once each, written as template text so that the
 * organisation's settings fill them as they fill every email. What differs per task (title,
 * date, channels, id) and the owner's name come in as values, never as template text.
 *
 * A note's template is not stored: its id names the tasks it lists, in order
 * (`task-notes:r=helpdesk,n=dl-owners`: the reminder of a helpdesk task, then the notice of a
 * dl-owners one), and the template is built from the plan again when the email is made.
 */
export interface TaskNoteEntry {
  kind: TaskMessageKind;
  activityId: string;
}

/**
 * The copy to publish that a note carries for the activities it lists (publishing/): template
 * Markdown, each piece once, and the phases whose key messages it already includes in full.
 */
export type TaskCopy = (activities: readonly Activity[]) => { markdown: string; phasesCovered: readonly PhaseId[] } | undefined;

const NOTE_TEMPLATE_PREFIX = 'task-notes:';
const KIND_CODES: Record<TaskMessageKind, string> = { reminder: 'r', notice: 'n' };

/** Reminders (due today) before notices (to get ready), as a note lists them. */
export const byNoteOrder = (a: { kind: TaskMessageKind }, b: { kind: TaskMessageKind }) =>
  Number(a.kind === 'notice') - Number(b.kind === 'notice');

export function taskNoteTemplateId(entries: readonly TaskNoteEntry[]): string {
  return `${NOTE_TEMPLATE_PREFIX}${entries.map((entry) => `${KIND_CODES[entry.kind]}=${entry.activityId}`).join(',')}`;
}

function entriesOf(templateId: string): TaskNoteEntry[] | undefined {
  if (!templateId.startsWith(NOTE_TEMPLATE_PREFIX)) return undefined;
  const entries = templateId
    .slice(NOTE_TEMPLATE_PREFIX.length)
    .split(',')
    .map((part) => {
      const [code, activityId] = part.split('=');
      const kind = code === 'r' ? 'reminder' : code === 'n' ? 'notice' : undefined;
      return kind && activityId ? { kind, activityId } : undefined;
    });
  return entries.every((entry) => entry !== undefined) ? (entries as TaskNoteEntry[]) : undefined;
}

const field = (index: number, name: 'id' | 'title' | 'date' | 'channels') => `((task ${index + 1} ${name}))`;

function subjectOf(entries: readonly TaskNoteEntry[]): string {
  const reminders = entries.filter((entry) => entry.kind === 'reminder').length;
  const notices = entries.length - reminders;
  if (entries.length === 1)
    return reminders
      ? `Reminder: ${field(0, 'title')} is due on ${field(0, 'date')}`
      : `To publish on ${field(0, 'date')}: ${field(0, 'title')}`;
  if (!notices) return `Reminder: ${reminders} parts of the move to NHSmail are due today`;
  const today = reminders === 1 ? field(0, 'title') : `${reminders} parts of the move to NHSmail`;
  if (reminders) return `Due today: ${today}, and ${notices} more to get ready`;
  return `To get ready: ${notices} parts of the move to NHSmail, the first due on ${field(0, 'date')}`;
}

function taskSection(index: number, activity: Activity): string {
  const when = `Due on **${field(index, 'date')}**, through: ${field(index, 'channels')}. Once it is published: commsplan task done ${field(index, 'id')}`;
  const points = activity.actions.map((action) => `- ${action}`).join('\n');
  return `**${index + 1}. ${field(index, 'title')}**\n\n${when}${points ? `\n\nWhat to cover:\n\n${points}` : ''}`;
}

/** What a section of the note asks, for one task or several. */
const SECTIONS: Record<TaskMessageKind, { heading: string; one: string; several: string }> = {
  reminder: {
    heading: 'Due today',
    one: 'It is not marked done yet. If it is already published, all that is left is to mark it done.',
    several: 'These are not marked done yet. If one is already published, all that is left is to mark it done.',
  },
  notice: {
    heading: 'To get ready now',
    one: 'Please get it ready now, using the points below and the words at the end, and publish it on the day.',
    several: 'Please get these ready now, using the points under each and the words at the end, and publish each on its day.',
  },
};

function bodyOf(
  entries: readonly TaskNoteEntry[],
  activities: readonly Activity[],
  keyMessages: readonly KeyMessage[],
  copy: ReturnType<TaskCopy>,
): string {
  const section = (kind: TaskMessageKind) => {
    const tasks = entries.flatMap((entry, index) => (entry.kind === kind ? [taskSection(index, activities[index] as Activity)] : []));
    const words = SECTIONS[kind];
    return tasks.length && `## ${words.heading}\n\n${tasks.length === 1 ? words.one : words.several}\n\n${tasks.join('\n\n')}`;
  };
  const phases = new Set(activities.map((activity) => activity.phase).filter((phase) => !copy?.phasesCovered.includes(phase)));
  const messages = PHASE_IDS.filter((phase) => phases.has(phase))
    .flatMap((phase) => keyMessages.filter((message) => message.phase === phase))
    .map((message) => `**${message.heading}**\n\n${message.body}`);
  const opening =
    entries.length === 1
      ? 'You own this part of the move to NHSmail.'
      : `You own these ${entries.length} parts of the move to NHSmail. They are all in this one email, so that you hear from us once today rather than once for each.`;
  return [
    `Hello ((owner name)),\n\n${opening}`,
    section('reminder'),
    section('notice'),
    messages.length &&
      `## Key messages to use\n\nThese are the plan's own words, filled in with the organisation's details.\n\n${messages.join('\n\n')}`,
    copy?.markdown,
    `Marking ${entries.length === 1 ? 'it' : 'each'} done as soon as it is published means nobody reminds you about it. This note is for you as the owner, not for staff.`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

/** The template of a note listing these tasks; undefined when one of their activities no longer exists. */
export function taskNoteTemplate(
  entries: readonly TaskNoteEntry[],
  activities: readonly Activity[],
  keyMessages: readonly KeyMessage[],
  copy?: TaskCopy,
): TemplateSource | undefined {
  const listed = entries.map((entry) => activities.find((activity) => activity.id === entry.activityId));
  if (entries.length === 0 || listed.some((activity) => activity === undefined)) return undefined;
  return {
    id: taskNoteTemplateId(entries),
    subject: subjectOf(entries),
    body: `${bodyOf(entries, listed as Activity[], keyMessages, copy?.(listed as Activity[]))}\n`,
  };
}

/**
 * The template a task note was queued with, built from its id: a note's, or one from before
 * notes were bundled (`task-notice:ACTIVITY`, `task-reminder:ACTIVITY`, each filled with
 * unnumbered values such as `((task title))`), so that one queued before an upgrade still goes.
 */
export function taskTemplateFor(
  templateId: string,
  activities: readonly Activity[],
  keyMessages: readonly KeyMessage[],
  copy?: TaskCopy,
): TemplateSource | undefined {
  const entries = entriesOf(templateId);
  if (entries) return taskNoteTemplate(entries, activities, keyMessages, copy);
  const single = /^task-(notice|reminder):(.+)$/.exec(templateId);
  if (!single) return undefined;
  const template = taskNoteTemplate(
    [{ kind: single[1] as TaskMessageKind, activityId: single[2] as string }],
    activities,
    keyMessages,
    copy,
  );
  if (!template) return undefined;
  const unnumbered = (text: string) => text.replaceAll('((task 1 ', '((task ');
  return { id: templateId, subject: unnumbered(template.subject), body: unnumbered(template.body) };
}

/** The values a note is filled with, beside the organisation's settings: the owner's name, and each task's in the note's order. */
export function taskNoteFields(tasks: readonly PlannedTask[]): Record<string, string> {
  const [first] = tasks;
  const fields: Record<string, string> = { 'owner name': first?.ownerName ?? first?.ownerAddress ?? 'there' };
  tasks.forEach((task, index) => {
    fields[`task ${index + 1} id`] = task.key;
    fields[`task ${index + 1} title`] = task.title;
    fields[`task ${index + 1} date`] = formatLongDate(task.date);
    fields[`task ${index + 1} channels`] = task.channels.join(', ');
  });
  return fields;
}
