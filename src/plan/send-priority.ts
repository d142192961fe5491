import { CommsplanError } from '../shared/errors.js';

/**
 * Where an activity's emails stand among the messages due at the same time: `first` goes before
 * `high`, before `normal`, before `low`. Within a level, the earliest due goes first, then the
 * order they were queued in. A sender at 30 a minute with 2,800 staff emails waiting still sends
 * the helpdesk briefing (first) and the owners' briefings and task notes (high) straight away.
 */
export const SEND_PRIORITIES = ['first', 'high', 'normal', 'low'] as const;
export type SendPriority = (typeof SEND_PRIORITIES)[number];

/** An activity the plan gives no level: staff emails. */
export const DEFAULT_SEND_PRIORITY: SendPriority = 'normal';
/** Every owner's task note (ADR 0009): with the owners' briefings, before staff emails. */
export const TASK_NOTE_PRIORITY: SendPriority = 'high';

/** The number stored with the activity and each outbox message; the claim takes the lowest first. */
export function priorityRank(priority: SendPriority): number {
  return SEND_PRIORITIES.indexOf(priority) + 1;
}

/** The level a stored number stands for; a number out of range reads as the nearest level. */
export function priorityOfRank(rank: number): SendPriority {
  const index = Math.min(Math.max(Math.round(rank), 1), SEND_PRIORITIES.length) - 1;
  return SEND_PRIORITIES[index] ?? DEFAULT_SEND_PRIORITY;
}

export function isSendPriority(text: string): text is SendPriority {
  return (SEND_PRIORITIES as readonly string[]).includes(text);
}

/** A level as a person types it (any case, spaces around); refused with the levels to choose from. */
export function parseSendPriority(text: string): SendPriority {
  const level = text.trim().toLowerCase();
  if (isSendPriority(level)) return level;
  throw new CommsplanError(
    'invalid-input',
    `Priority "${text}" is not known: use ${SEND_PRIORITIES.join(', ')} (first goes before the others among emails due at the same time).`,
    { field: 'priority', value: text },
  );
}
