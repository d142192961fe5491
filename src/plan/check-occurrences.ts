import { addDays, formatDate, type LocalDate } from '../calendar/local-date.js';
import { type Finding, isOpen } from './finding.js';
import { emailProgress, taskProgress } from './occurrence-progress.js';
import { occurrenceKey } from './occurrence-state.js';
import type { Occurrence } from './timeline.js';
import { tooLateToSend } from './too-late-to-send.js';
import type { Workspace } from './workspace.js';

/** `wave-reminder --wave "Wave 1"`: the occurrence as the occurrence commands name it. */
const commandTarget = (occurrence: Occurrence) =>
  occurrence.wave ? `${occurrence.activityId} --wave "${occurrence.wave.name}"` : occurrence.activityId;

/**
 * An email approved whose day has passed and that has not started going: a send pass stopped
 * before it (old or missing data, an empty audience) or has not run. Skipping it would drop it.
 */
function approvedNotGone(workspace: Workspace, occurrence: Occurrence, today: LocalDate): Finding[] {
  const key = occurrenceKey(occurrence.activityId, occurrence.wave?.id);
  if (workspace.progress.emailStates.get(key) !== 'approved') return [];
  const tooLate = tooLateToSend(workspace, occurrence, today);
  if (tooLate)
    return [
      {
        severity: 'warning',
        code: 'too-late-to-send',
        activityId: occurrence.activityId,
        wave: occurrence.wave?.name,
        message: tooLate.message,
        problem: tooLate.problem,
        fixAt: activityPlace(occurrence),
      },
    ];
  return [
    {
      severity: 'warning',
      code: 'approved-not-gone',
      activityId: occurrence.activityId,
      wave: occurrence.wave?.name,
      message: `${describe(occurrence)} was approved and due on ${formatDate(occurrence.date)}, but has not gone. Run: commsplan send --due (it says what stops it, such as old data, and how to go on).`,
      problem: `${titled(occurrence)} was approved and due on ${formatDate(occurrence.date)}, but has not gone. The sending page says what stops it, such as old data, and how to go on.`,
      fixAt: { kind: 'sending' },
    },
  ];
}

/** An email that went or is going, whose task (a page, a poster) is not marked done. */
function taskStillOpen(occurrence: Occurrence): Finding {
  return {
    severity: 'blocker',
    code: 'date-passed',
    activityId: occurrence.activityId,
    wave: occurrence.wave?.name,
    message: `${describe(occurrence)} was dated ${formatDate(occurrence.date)}, which has passed, and its task is not marked done. If it was done, mark it done with: commsplan task done ${occurrenceKey(occurrence.activityId, occurrence.wave?.id)} --by NAME`,
    problem: `${titled(occurrence)} was dated ${formatDate(occurrence.date)}, which has passed, and its task is not marked done. If it was done, mark it done on the task’s page.`,
    fixAt: { kind: 'task', taskId: occurrenceKey(occurrence.activityId, occurrence.wave?.id) },
  };
}

const describe = (occurrence: Occurrence) => `${occurrence.activityId}${occurrence.wave ? ` for ${occurrence.wave.name}` : ''}`;

/** "Welcome — Wave 1": the occurrence as people name it, for the words the web shows. */
const titled = (occurrence: Occurrence) => `${occurrence.title}${occurrence.wave ? ` — ${occurrence.wave.name}` : ''}`;

const activityPlace = (occurrence: Occurrence) =>
  ({ kind: 'activity', activityId: occurrence.activityId, title: occurrence.title }) as const;

/** While the wave an unsent email prepares for has not started, it can still go late. */
function lateApproval(workspace: Workspace, occurrence: Occurrence, unsent: boolean, today: LocalDate): { cli: string; words: string } {
  const wave = occurrence.wave && workspace.waves.find((w) => w.id === occurrence.wave?.id);
  if (!unsent || !wave || wave.start <= today) return { cli: '', words: '' };
  return {
    cli: ` ${wave.name} starts on ${formatDate(wave.start)}: to send it late, approve it with: commsplan approve ${commandTarget(occurrence)} --by NAME.`,
    words: ` ${wave.name} starts on ${formatDate(wave.start)}: to send it late, approve it on the activity’s page.`,
  };
}

/**
 * Occurrences whose day has passed with something of theirs never done: an email nobody approved,
 * or a task (a page, a poster, a briefing) not marked done. An email that went, or is going, is no
 * blocker: it is done by itself once every message has reached a final state. The advice closes
 * that one occurrence and never a later wave's.
 */
export function pastOccurrenceFindings(workspace: Workspace, today: LocalDate): Finding[] {
  const findings: Finding[] = [];
  for (const occurrence of workspace.timeline) {
    const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
    if (!activity || !isOpen(activity) || occurrence.date >= today) continue;
    const email = emailProgress(workspace.progress, activity, occurrence);
    const unsent = email === 'unsent';
    const taskOpen = taskProgress(workspace.progress, activity, occurrence) === 'open';
    if (email === 'going') findings.push(...approvedNotGone(workspace, occurrence, today));
    if (!unsent && !taskOpen) continue;
    if (!unsent) {
      findings.push(taskStillOpen(occurrence));
      continue;
    }
    const what = describe(occurrence);
    const left = ['its email was never approved, so it has not gone', taskOpen ? 'its task is not marked done' : '']
      .filter(Boolean)
      .join(', and ');
    const target = commandTarget(occurrence);
    const late = lateApproval(workspace, occurrence, unsent, today);
    findings.push({
      severity: 'blocker',
      code: 'date-passed',
      activityId: occurrence.activityId,
      wave: occurrence.wave?.name,
      message: `${what} was dated ${formatDate(occurrence.date)}, which has passed, and ${left}.${late.cli} If it was done, mark it done with: commsplan occurrence done ${target} --by NAME; if it is not needed, skip it with: commsplan occurrence skip ${target} --by NAME; or change the dates.`,
      problem: `${titled(occurrence)} was dated ${formatDate(occurrence.date)}, which has passed, and ${left}.${late.words} On the activity’s page, mark it done if it was done, skip it if it is not needed, or change the dates.`,
      fixAt: activityPlace(occurrence),
    });
  }
  return findings;
}

/** How far ahead `check` looks for emails nobody has approved yet. */
export const APPROVAL_LOOKAHEAD_DAYS = 14;

/**
 * Emails due from today to two weeks on that nobody has approved: they will not go unless someone
 * does. A warning, not a blocker, so that it never stands in the way of approving them.
 */
export function unapprovedSoonFindings(workspace: Workspace, today: LocalDate): Finding[] {
  const until = addDays(today, APPROVAL_LOOKAHEAD_DAYS);
  const findings: Finding[] = [];
  for (const occurrence of workspace.timeline) {
    const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
    if (!activity || !isOpen(activity) || occurrence.date < today || occurrence.date > until) continue;
    if (emailProgress(workspace.progress, activity, occurrence) !== 'unsent') continue;
    const what = describe(occurrence);
    findings.push({
      severity: 'warning',
      code: 'not-approved',
      activityId: occurrence.activityId,
      wave: occurrence.wave?.name,
      message: `${what} is due on ${formatDate(occurrence.date)} and nobody has approved it, so it will not go. Read it with: commsplan preview ${activity.templateIds[0]}; approve it with: commsplan approve ${commandTarget(occurrence)} --by NAME`,
      problem: `${titled(occurrence)} is due on ${formatDate(occurrence.date)} and nobody has approved it, so it will not go. Read it and approve it on the activity’s page.`,
      fixAt: activityPlace(occurrence),
    });
  }
  return findings;
}
