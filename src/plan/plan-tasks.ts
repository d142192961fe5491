import type { LocalDate } from '../calendar/local-date.js';
import { type LocalTime, londonInstant } from '../calendar/london-time.js';
import { addWorkingDays, type WorkingCalendar } from '../calendar/working-days.js';
import { parseOwner } from './owner.js';
import { CHANNELS, type Channel, type PhaseId } from './plan-model.js';
import type { Occurrence } from './timeline.js';

/** The channels commsplan sends itself; every other channel is published by a person. */
const EMAIL_CHANNELS: readonly Channel[] = ['all-staff-email', 'targeted-email'];

export const isEmailChannel = (channel: Channel) => EMAIL_CHANNELS.includes(channel);

/**
 * One occurrence of an activity that someone has to publish by hand (an intranet page, a
 * newsletter item, posters, a briefing): its owner is told N working days before, with the
 * words to publish, and reminded on the day unless it is done.
 */
export interface PlannedTask {
  /** The occurrence key: `posters-and-banners`, or `activity@3` for wave 3's occurrence. */
  key: string;
  activityId: string;
  /** The activity's title, with the wave's name for an occurrence tied to a wave. */
  title: string;
  phase: PhaseId;
  wave: { id: number; name: string } | undefined;
  /** The channels a person publishes through, as the plan names them. */
  channels: string[];
  /** The day it is due. */
  date: LocalDate;
  /** When the owner is told: `noticeDays` working days before the day, at the send time. */
  noticeDate: LocalDate;
  noticeAt: string;
  /** When the owner is reminded if it is not done: the day itself, at the send time. */
  reminderAt: string;
  /** As written on the activity: `Name <address>`, a bare address, a name, or nobody. */
  owner: string | undefined;
  ownerName: string | undefined;
  /** Where the notice and reminder go; none when the owner has no address or there is no owner. */
  ownerAddress: string | undefined;
  activityStatus: Occurrence['status'];
}

/** The key of an occurrence: the activity id, and `@` and the wave id for an occurrence tied to a wave. */
const taskKeyOf = (occurrence: Pick<Occurrence, 'activityId' | 'wave'>) =>
  occurrence.wave ? `${occurrence.activityId}@${occurrence.wave.id}` : occurrence.activityId;

/** Every occurrence with a channel other than email becomes a task, in timeline order. */
export function plannedTasks(
  timeline: readonly Occurrence[],
  calendar: WorkingCalendar,
  options: { noticeDays: number; sendTime: LocalTime },
): PlannedTask[] {
  return timeline
    .filter((occurrence) => occurrence.channels.some((channel) => !isEmailChannel(channel)))
    .map((occurrence) => {
      const owner = occurrence.owner ? parseOwner(occurrence.owner) : undefined;
      const noticeDate = addWorkingDays(calendar, occurrence.date, -options.noticeDays);
      return {
        key: taskKeyOf(occurrence),
        activityId: occurrence.activityId,
        title: occurrence.wave ? `${occurrence.title} (${occurrence.wave.name})` : occurrence.title,
        phase: occurrence.phase,
        wave: occurrence.wave,
        channels: occurrence.channels.filter((channel) => !isEmailChannel(channel)).map((channel) => CHANNELS[channel]),
        date: occurrence.date,
        noticeDate,
        noticeAt: londonInstant(noticeDate, options.sendTime).toISOString(),
        reminderAt: occurrence.sendAt,
        owner: occurrence.owner,
        ownerName: owner?.name,
        ownerAddress: owner?.email?.toLowerCase(),
        activityStatus: occurrence.status,
      };
    });
}

export type TaskState = 'open' | 'late' | 'done' | 'skipped';

/**
 * Where a task stands on `today`: closed when it or its activity is done or skipped; late once
 * its day has passed without that; open before.
 */
export function taskState(
  task: Pick<PlannedTask, 'date' | 'activityStatus'>,
  closed: 'done' | 'skipped' | undefined,
  today: LocalDate,
): TaskState {
  if (closed) return closed;
  if (task.activityStatus === 'done' || task.activityStatus === 'skipped') return task.activityStatus;
  return today > task.date ? 'late' : 'open';
}

/** What the task's emails are filed under in the outbox: one occurrence key each for the notice and the reminder. */
export type TaskMessageKind = 'notice' | 'reminder';

export const taskMessageKey = (kind: TaskMessageKind, taskKey: string) => `task-${kind}:${taskKey}`;
