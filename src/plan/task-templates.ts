import { formatLongDate } from '../calendar/local-date.js';
import type { TemplateSource } from '../messages/render-template.js';
import type { Activity, KeyMessage } from './plan-model.js';
import { isEmailChannel, type PlannedTask, type TaskMessageKind } from './plan-tasks.js';

/**
 * The emails that tell an owner about their task. Our own words wrap the content to publish:
 * the activity's points and its phase's key messages, written as template text so that the
 * organisation's settings fill them as they fill every email. What differs per occurrence
 * (title, date, channels, who it is for) comes in as values, never as template text.
 */
const INTRODUCTION: Record<TaskMessageKind, { subject: string; opening: string }> = {
  notice: {
    subject: 'To publish on ((task date)): ((task title))',
    opening: `Hello ((owner name)),

You own this part of the move to NHSmail: **((task title))**. It is due on **((task date))**, through: ((task channels)).

Please get it ready now, using the points and words below, and publish it on the day. They are the plan's own, filled in with the organisation's details.`,
  },
  reminder: {
    subject: 'Reminder: ((task title)) is due on ((task date))',
    opening: `Hello ((owner name)),

**((task title))** is due on **((task date))**, through: ((task channels)). It is not marked done yet.

If it is already published, you need do nothing more than mark it done. If not, the points and words to use are below again.`,
  },
};

const CLOSING = `## When it is published

Mark it done, so that nobody reminds you about it: commsplan task done ((task id))

This note is for you as the owner of the activity, not for staff.`;

function contentToPublish(activity: Activity, keyMessages: readonly KeyMessage[]): string {
  const points = activity.actions.map((action) => `- ${action}`).join('\n');
  const messages = keyMessages
    .filter((message) => message.phase === activity.phase)
    .map((message) => `**${message.heading}**\n\n${message.body}`)
    .join('\n\n');
  return [`## What to cover\n\n${points}`, messages && `## Key messages to use\n\n${messages}`].filter(Boolean).join('\n\n');
}

const taskTemplateId = (kind: TaskMessageKind, activityId: string) => `task-${kind}:${activityId}`;

/** The notice or reminder template of one activity's tasks. */
export function taskTemplate(kind: TaskMessageKind, activity: Activity, keyMessages: readonly KeyMessage[]): TemplateSource {
  const { subject, opening } = INTRODUCTION[kind];
  return {
    id: taskTemplateId(kind, activity.id),
    subject,
    body: `${opening}\n\n${contentToPublish(activity, keyMessages)}\n\n${CLOSING}\n`,
  };
}

/** Both templates of every activity with a channel a person publishes through. */
export function taskTemplates(activities: readonly Activity[], keyMessages: readonly KeyMessage[]): TemplateSource[] {
  return activities
    .filter((activity) => activity.channels.some((channel) => !isEmailChannel(channel)))
    .flatMap((activity) => [taskTemplate('notice', activity, keyMessages), taskTemplate('reminder', activity, keyMessages)]);
}

/** The values one task's emails are filled with, beside the organisation's settings and the programme's dates. */
export function taskFields(task: PlannedTask): Record<string, string> {
  return {
    'task id': task.key,
    'task title': task.title,
    'task date': formatLongDate(task.date),
    'task channels': task.channels.join(', '),
    'owner name': task.ownerName ?? task.ownerAddress ?? 'there',
  };
}
