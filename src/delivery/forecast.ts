import { addDays, type LocalDate } from '../calendar/local-date.js';
import { londonInstant } from '../calendar/london-time.js';
import type { Finding } from '../plan/finding.js';
import { DEFAULT_SEND_PRIORITY, priorityRank } from '../plan/send-priority.js';
import type { SenderLimits } from '../senders/sender-config.js';
import type { SentMessage } from '../senders/sent-message.js';
import { MINUTE_MS, pacedSchedule } from './pacing.js';

const NORMAL_RANK = priorityRank(DEFAULT_SEND_PRIORITY);

/** An occurrence still to send, with its recipients counted from the directory as it is now. */
export interface UpcomingOccurrence {
  key: string;
  activityId: string;
  date: LocalDate;
  /** When its sending may start, milliseconds since 1970. */
  sendAt: number;
  wave?: { name: string; start: LocalDate };
  /** Messages it will make: one per recipient, or one for an all-staff list. */
  messages: number;
  senderName: string | undefined;
  /** Its activity's priority (1 first … 4 low): of occurrences due at the same moment, the lowest goes first. */
  priority?: number;
}

export interface SenderBacklog {
  limits: SenderLimits;
  /** What it sent in the last 24 hours. */
  recent: readonly SentMessage[];
  /** Messages already in the outbox for it, not yet sent: they go first. */
  queued: number;
}

export interface OccurrenceForecast {
  key: string;
  activityId: string;
  wave?: string;
  messages: number;
  sender?: string;
  startsAt: string;
  /** Sending finished by then, under the sender's limits and after everything ahead of it. */
  finishesAt?: string;
  minutes?: number;
  deadline: string;
  deadlineRule: 'before the wave starts' | 'by the end of its day';
  late: boolean;
  /** Why there is no forecast (no sender). */
  problem?: string;
}

/**
 * A wave's emails before the wave must be finished before it starts (a reminder that arrives
 * during the move is too late); everything else by the end of its own day.
 */
export function deadlineOf(occurrence: Pick<UpcomingOccurrence, 'date' | 'wave'>): {
  at: number;
  rule: OccurrenceForecast['deadlineRule'];
} {
  if (occurrence.wave && occurrence.date < occurrence.wave.start)
    return { at: londonInstant(occurrence.wave.start, '00:00').getTime(), rule: 'before the wave starts' };
  return { at: londonInstant(addDays(occurrence.date, 1), '00:00').getTime(), rule: 'by the end of its day' };
}

/**
 * How long each occurrence's sending takes on its sender, in date order (and, at the same
 * moment, in order of priority, as the sending loop claims them), after what the sender already
 * has queued and what the occurrences before it will send. Pure.
 */
export function forecastSending(
  now: number,
  occurrences: readonly UpcomingOccurrence[],
  senders: ReadonlyMap<string, SenderBacklog>,
): OccurrenceForecast[] {
  const state = new Map<string, { recent: SentMessage[]; freeAt: number }>();
  for (const [name, backlog] of senders) {
    const queued = pacedSchedule(backlog.limits, backlog.recent, now, backlog.queued);
    state.set(name, {
      recent: [...backlog.recent, ...queued.sending],
      freeAt: backlog.queued > 0 ? queued.finish + MINUTE_MS : now,
    });
  }
  const ordered = [...occurrences].sort(
    (a, b) => a.sendAt - b.sendAt || (a.priority ?? NORMAL_RANK) - (b.priority ?? NORMAL_RANK) || a.key.localeCompare(b.key),
  );
  return ordered.map((occurrence) => {
    const deadline = deadlineOf(occurrence);
    const base = {
      key: occurrence.key,
      activityId: occurrence.activityId,
      ...(occurrence.wave ? { wave: occurrence.wave.name } : {}),
      messages: occurrence.messages,
      deadline: new Date(deadline.at).toISOString(),
      deadlineRule: deadline.rule,
    };
    const backlog = occurrence.senderName === undefined ? undefined : senders.get(occurrence.senderName);
    const sender = occurrence.senderName === undefined ? undefined : state.get(occurrence.senderName);
    if (!backlog || !sender) {
      return {
        ...base,
        startsAt: new Date(occurrence.sendAt).toISOString(),
        late: false,
        problem: occurrence.senderName
          ? `there is no sender called ${occurrence.senderName}`
          : 'it has no sender and there is no default sender',
      };
    }
    const start = Math.max(occurrence.sendAt, sender.freeAt);
    const schedule = pacedSchedule(backlog.limits, sender.recent, start, occurrence.messages);
    const finish = occurrence.messages > 0 ? schedule.finish + MINUTE_MS : start;
    sender.recent.push(...schedule.sending);
    sender.freeAt = finish;
    return {
      ...base,
      sender: occurrence.senderName,
      startsAt: new Date(start).toISOString(),
      finishesAt: new Date(finish).toISOString(),
      minutes: Math.round((finish - occurrence.sendAt) / MINUTE_MS),
      late: finish > deadline.at,
    };
  });
}

/** A `check` finding for each occurrence whose sending will not finish by its deadline. */
export function lateSendingFindings(forecasts: readonly OccurrenceForecast[]): Finding[] {
  return forecasts
    .filter((f) => f.late)
    .map((f) => ({
      severity: 'warning' as const,
      code: 'sending-late',
      activityId: f.activityId,
      ...(f.wave ? { wave: f.wave } : {}),
      message: `${f.key}: ${f.messages} messages from sender ${f.sender} will take until ${f.finishesAt}, but must be sent ${f.deadlineRule} (${f.deadline}). Start it earlier, raise the sender's limits or give it another sender.`,
    }));
}
