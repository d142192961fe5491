import { londonDate } from '../calendar/london-time.js';
import { initialOccurrenceStateOf, type OccurrenceState, occurrenceKey } from './occurrence-state.js';
import { isEmailChannel, type TaskState, taskState } from './plan-tasks.js';
import type { Occurrence } from './timeline.js';
import type { Workspace } from './workspace.js';

/** What one occurrence's email messages did, counted from the outbox. */
export interface MessageCounts {
  /** Messages made, one per person, whatever became of them. */
  recipients: number;
  sent: number;
  /** Queued, being sent or waiting to be tried again. */
  waiting: number;
  failed: number;
  bounced: number;
  /** Not sent: the occurrence was cancelled, or the person left its audience before it went. */
  cancelled: number;
}

export interface EmailRecord {
  state: OccurrenceState;
  counts: MessageCounts;
  approvedBy: string | undefined;
  /** Its send time had come by the record's moment. */
  due: boolean;
  /** Why it is paused or cancelled, when that was recorded. */
  reason: string | undefined;
}

export interface TaskRecord {
  state: TaskState;
  owner: string | undefined;
  closedBy: string | undefined;
  closedAt: string | undefined;
}

/** Where one occurrence stands: its email (if its activity sends one) and its task (if a person publishes part of it). */
export interface OccurrenceRecord {
  key: string;
  email: EmailRecord | undefined;
  task: TaskRecord | undefined;
}

/** Where the whole programme stands at one moment, as the stored states and the outbox say. */
export interface PlanRecord {
  /** The moment it describes (ISO 8601, UTC): the export's clock. */
  asOf: string;
  occurrences: ReadonlyMap<string, OccurrenceRecord>;
  /**
   * Audience sizes by audience name (`all-staff`, `wave:Wave 1`), when they have been counted; an
   * audience whose data was never imported has no size, only why (`not imported yet: mailboxes`).
   */
  audienceSizes: { counts: ReadonlyMap<string, number>; notKnown: ReadonlyMap<string, string>; countedAt: string } | undefined;
}

/** What the stores hold, read by the use-case; keyed by occurrence key. */
export interface PlanRecordInputs {
  asOf: Date;
  emailStates: ReadonlyMap<string, { state: OccurrenceState; approvedBy?: string; reason?: string }>;
  counts: ReadonlyMap<string, MessageCounts>;
  closedTasks: ReadonlyMap<string, { state: 'done' | 'skipped'; closedBy: string; closedAt: string }>;
  audienceSizes?: PlanRecord['audienceSizes'];
}

const NO_MESSAGES: MessageCounts = { recipients: 0, sent: 0, waiting: 0, failed: 0, bounced: 0, cancelled: 0 };

export const keyOfOccurrence = (o: Pick<Occurrence, 'activityId' | 'wave'>) => occurrenceKey(o.activityId, o.wave?.id);

/** Every occurrence of the timeline with its email's state and counts and its task's state, as of `inputs.asOf`. */
export function planRecordOf(workspace: Pick<Workspace, 'activities' | 'timeline'>, inputs: PlanRecordInputs): PlanRecord {
  const today = londonDate(inputs.asOf);
  const occurrences = new Map<string, OccurrenceRecord>();
  for (const occurrence of workspace.timeline) {
    const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
    const key = keyOfOccurrence(occurrence);
    const stored = inputs.emailStates.get(key);
    const email: EmailRecord | undefined = activity?.templateIds.length
      ? {
          state: stored?.state ?? initialOccurrenceStateOf(activity.status),
          counts: inputs.counts.get(key) ?? NO_MESSAGES,
          approvedBy: stored?.approvedBy,
          due: occurrence.sendAt <= inputs.asOf.toISOString(),
          reason: stored?.reason,
        }
      : undefined;
    const closed = inputs.closedTasks.get(key);
    const task: TaskRecord | undefined = occurrence.channels.some((channel) => !isEmailChannel(channel))
      ? {
          state: taskState({ date: occurrence.date, activityStatus: occurrence.status }, closed?.state, today),
          owner: occurrence.owner,
          closedBy: closed?.closedBy,
          closedAt: closed?.closedAt,
        }
      : undefined;
    occurrences.set(key, { key, email, task });
  }
  return { asOf: inputs.asOf.toISOString(), occurrences, audienceSizes: inputs.audienceSizes };
}
