import type { OccurrenceReport } from '../../approvals/occurrence-report.js';
import { describeAudience } from '../../audiences/audience-names.js';
import { formatLongDate } from '../../calendar/local-date.js';
import { placeholderSource } from '../../messages/known-placeholders.js';
import { workspaceFields } from '../../messages/message-fields.js';
import { placeholdersIn } from '../../messages/placeholders.js';
import { emailProgress, taskProgress } from '../../plan/occurrence-progress.js';
import { initialOccurrenceStateOf, type OccurrenceState } from '../../plan/occurrence-state.js';
import type { Activity } from '../../plan/plan-model.js';
import { DEFAULT_SEND_PRIORITY } from '../../plan/send-priority.js';
import { describeTiming } from '../../plan/timing-rule.js';
import type { Workspace } from '../../plan/workspace.js';
import { channelNames } from '../../plan-outputs/plan-document.js';
import { actorLabel } from './actor-words.js';
import { keyMessageViews } from './key-message-view.js';
import { occurrenceStateWords, overallState } from './occurrence-words.js';
import { taskHref } from './tasks-view.js';
import { textBlocks } from './text-blocks.js';
import { count, whenWords } from './time-words.js';

/** A missing value in a preview reads "missing: NAME". */
export const missingInPreview = (name: string) => ({ text: `missing: ${name}` });

/** A preview's text (subject or body) as headings, paragraphs and lists, missing values marked. */
export function previewBlocks(text: string) {
  return textBlocks(text, missingInPreview);
}

const SOURCE_WORDS = {
  setting: 'an organisation setting',
  programme: "the programme's dates",
  personal: 'each person, when sent',
  wave: 'each wave, when sent',
  unknown: 'nothing: no value can fill it',
} as const;

/** Each placeholder of a template: where its value comes from and whether it has one now. */
export function placeholderRows(workspace: Workspace, activity: Activity, template: { subject: string; body: string }) {
  const known = workspaceFields(workspace);
  const perWave = activity.timing.kind === 'wave';
  return placeholdersIn(`${template.subject}\n${template.body}`).map((name) => {
    const source = placeholderSource(name, perWave);
    const value = known[name];
    const filled = source === 'personal' || source === 'wave' ? 'per-recipient' : value !== undefined && value.trim() !== '' ? 'yes' : 'no';
    return { name, source: SOURCE_WORDS[source], filled, value: filled === 'yes' ? value : undefined, unknown: source === 'unknown' };
  });
}

/** The activity's content as the page shows it. */
export function activityDetails(workspace: Workspace, activity: Activity) {
  const phase = workspace.phases.find((p) => p.id === activity.phase);
  return {
    id: activity.id,
    title: activity.title,
    phase: phase ? `Phase ${phase.number}: ${phase.title}` : activity.phase,
    audiences: activity.audiences.map((a) => describeAudience(a)),
    timing: describeTiming(activity.timing),
    channels: channelNames(activity.channels),
    actions: activity.actions,
    owner: activity.owner ?? '',
    status: activity.status,
    catchUp: activity.catchUp,
    priority: activity.priority ?? DEFAULT_SEND_PRIORITY,
    keyMessages: keyMessageViews(workspace, activity.phase),
    perWave: activity.timing.kind === 'wave',
  };
}

/** Audience sizes as last counted (the audiences page counts them), and when. */
export interface CountedAudiences {
  sizes: ReadonlyMap<string, number>;
  countedAt: string;
}

/**
 * Who an occurrence goes to, in words: once queued, the people its messages were made for; until
 * then the people in its audience as last counted, so an approved reminder for a 55-person wave
 * says "55 expected", not 0.
 */
function recipientWords(report: OccurrenceReport | undefined, audiences: readonly string[], counted: CountedAudiences | undefined) {
  if (!report) return undefined;
  if (report.recipients > 0 || !['planned', 'approved', 'paused'].includes(report.state))
    return { number: count(report.recipients), label: 'queued' };
  const sizes = audiences.map((name) => counted?.sizes.get(name));
  if (!counted || sizes.some((size) => size === undefined)) return { number: 'Not counted yet', label: '' };
  return { number: count(sizes.reduce((sum: number, size) => sum + (size ?? 0), 0)), label: 'expected' };
}

/**
 * The send status of each occurrence, as `commsplan report` has it, with its date, its state and
 * its task's in words, the people it goes to, and whether it can still be skipped or marked done
 * on its own (a later wave's included).
 */
export function occurrenceRows(
  workspace: Workspace,
  activity: Activity,
  reports: readonly OccurrenceReport[],
  counted: CountedAudiences | undefined,
) {
  const sendsEmail = activity.templateIds.length > 0;
  return workspace.timeline
    .filter((o) => o.activityId === activity.id)
    .map((o) => {
      const report = reports.find((r) => r.activityId === o.activityId && r.wave === o.wave?.name);
      const email = emailProgress(workspace.progress, activity, o);
      const task = taskProgress(workspace.progress, activity, o);
      const emailState = report?.state;
      return {
        date: formatLongDate(o.date),
        time: o.time,
        wave: o.wave?.name ?? '',
        report,
        state: report?.state,
        stateWords: report ? occurrenceStateWords(report.state, sendsEmail) : task === 'open' ? 'To do' : task === 'none' ? '' : 'Done',
        approved: report?.approvedBy ? `${actorLabel(report.approvedBy)}, at ${whenWords(report.approvedAt)}` : '',
        recipients: recipientWords(report, o.audiences, counted),
        task: task === 'none' ? '' : task === 'open' ? 'to do' : 'closed',
        taskHref: task === 'none' ? undefined : taskHref(o.wave ? `${o.activityId}@${o.wave.id}` : o.activityId),
        canApprove: emailState === 'planned' || emailState === 'paused',
        // Taking back an approval before anything goes; pausing once it may be going.
        canUnapprove: emailState === 'approved' || emailState === 'paused',
        canPause: emailState === 'approved' || emailState === 'sending',
        canSkip: task === 'open' || emailState === 'planned' || emailState === 'approved',
        canMarkDone: (task === 'open' && email !== 'going') || emailState === 'planned',
      };
    });
}

type OccurrenceRow = ReturnType<typeof occurrenceRows>[number];

/** Where the whole activity stands, from its occurrences, and the first one waiting for approval. */
export function activityStanding(activity: Activity, rows: readonly OccurrenceRow[]) {
  const sendsEmail = activity.templateIds.length > 0;
  const stateOfRow = (row: OccurrenceRow): OccurrenceState =>
    row.state ?? (row.task === 'closed' ? 'done' : row.task === 'to do' ? 'planned' : initialOccurrenceStateOf(activity.status));
  return { ...overallState(rows.map(stateOfRow), sendsEmail), next: rows.find((row) => row.canApprove) };
}
