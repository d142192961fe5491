import { detailText } from '../../audit/audit-detail.js';
import type { ActionMatch, AuditEvent } from '../../audit/audit-log.store.js';
import { actorLabel } from './actor-words.js';
import { inPlainWords, occurrenceName, type PlanNames } from './key-words.js';
import { count, londonClockTime, londonDay, whenWords } from './time-words.js';

/** The kinds of change a person can pick on the audit page, each as the actions it covers. */
export const AUDIT_KINDS: readonly { value: string; text: string; match: ActionMatch }[] = [
  { value: 'approvals', text: 'Approvals', match: { exact: ['approved', 'unapproved'], prefixes: ['approval-'] } },
  {
    value: 'sending',
    text: 'Sending (queued, sent, paused, cancelled, skipped)',
    match: { exact: ['queued', 'requeued', 'paused', 'cancelled', 'skipped', 'marked done'], prefixes: ['message-', 'bounces-'] },
  },
  { value: 'waves', text: 'Waves', match: { exact: [], prefixes: ['wave-', 'waves-'] } },
  { value: 'activities', text: 'Activities (owner, status, sender)', match: { exact: [], prefixes: ['activity-'] } },
  { value: 'templates', text: 'Email wording', match: { exact: [], prefixes: ['template-'] } },
  { value: 'audiences', text: 'Audiences', match: { exact: [], prefixes: ['audience-'] } },
  { value: 'settings', text: 'Settings', match: { exact: [], prefixes: ['setting-'] } },
  { value: 'imports', text: 'Imports', match: { exact: ['imported'], prefixes: ['import-'] } },
  { value: 'tasks', text: 'Tasks', match: { exact: [], prefixes: ['task-'] } },
  { value: 'senders', text: 'Senders', match: { exact: [], prefixes: ['sender-'] } },
  { value: 'results', text: 'Wave results', match: { exact: ['carried-over', 'remainder-accepted'], prefixes: ['results-'] } },
  { value: 'closures', text: 'Closure days', match: { exact: [], prefixes: ['closure-'] } },
  {
    value: 'people',
    text: 'Users and sign-ins',
    match: { exact: ['signed-in', 'password-set'], prefixes: ['user-', 'sign-in-', 'role-'] },
  },
];

/** What each action is, as a person says it; an action not listed shows with its dashes as spaces. */
const ACTION_WORDS: Readonly<Record<string, string>> = {
  approved: 'approved',
  unapproved: 'approval taken back',
  'approval-withdrawn': 'approval withdrawn',
  'approval-kept': 'approval kept',
  queued: 'queued to send',
  requeued: 'queued again',
  paused: 'paused',
  cancelled: 'cancelled',
  skipped: 'skipped',
  'bounces-fetched': 'bounces read',
  'wave-added': 'wave added',
  'wave-moved': 'wave moved',
  'wave-removed': 'wave removed',
  'wave-capacity-set': 'wave capacity changed',
  'waves-planned': 'waves planned',
  'wave-assigned': 'moved to a wave',
  'activity-owner-set': 'owner changed',
  'activity-status-set': 'status changed',
  'activity-sender-set': 'sender changed',
  'activity-priority-set': 'priority changed',
  'activity-catch-up-set': 'late joiners setting changed',
  'template-changed': 'email wording changed',
  'audience-saved': 'audience saved',
  'audience-removed': 'audience removed',
  'setting-changed': 'setting changed',
  'setting-cleared': 'setting cleared',
  imported: 'file imported',
  'task-done': 'task done',
  'task-skipped': 'task skipped',
  'task-reassigned': 'task given to someone else',
  'task-messages-cancelled': 'task notes cancelled',
  'sender-added': 'sender added',
  'sender-paused': 'sender paused',
  'sender-resumed': 'sender resumed',
  'sender-tested': 'test email sent',
  'sender-test-failed': 'test email failed',
  'sender-mailbox-set': 'bounce mailbox set',
  'carried-over': 'carried over',
  'remainder-accepted': 'remainder accepted',
  'closure-added': 'closure day added',
  'closure-removed': 'closure day removed',
  'signed-in': 'signed in',
  'sign-in-refused': 'sign-in refused',
  'password-set': 'password set',
  'user-added': 'user added',
  'user-removed': 'user removed',
  'role-changed': 'role changed',
};

export const actionWords = (action: string) => ACTION_WORDS[action] ?? action.replaceAll('-', ' ');

/** Everything no other kind covers. */
export const OTHER_KIND = {
  value: 'other',
  text: 'Anything else',
  match: {
    exact: AUDIT_KINDS.flatMap((kind) => kind.match.exact),
    prefixes: AUDIT_KINDS.flatMap((kind) => kind.match.prefixes),
    except: true,
  },
};

export function kindMatch(value: string): ActionMatch | undefined {
  return [...AUDIT_KINDS, OTHER_KIND].find((kind) => kind.value === value)?.match;
}

/** "9am" in London time. */
const timeOfDay = (iso: string) => londonClockTime(new Date(iso));
/** "2:14pm on 7 December 2026"; what was stored when it is not an instant. */
export const whenText = (iso: string) => whenWords(iso);

/** "9:00am to 9:40am on 6 March 2027", or across days "11:50pm on 6 March 2027 to 0:10am on 7 March 2027". */
export function spanText(first: string, last: string): string {
  if (first === last) return whenText(first);
  if (londonDay(first) === londonDay(last)) return `${timeOfDay(first)} to ${timeOfDay(last)} on ${londonDay(last)}`;
  return `${whenText(first)} to ${whenText(last)}`;
}

export type { PlanNames };

/** "Weekend reminder — Wave 2" with the activity's address, when the subject is an activity or one of its occurrences. */
export function subjectOf(subject: string, names: PlanNames): { text: string; href?: string } {
  const name = occurrenceName(subject, names);
  if (!name) return { text: inPlainWords(subject, names) };
  const [activityId = ''] = subject.split('@');
  return { text: name, href: `/activities/${encodeURIComponent(activityId)}` };
}

export interface AuditRow {
  when: string;
  actor: string;
  action: string;
  subject: { text: string; href?: string };
  detail: string;
  /** A fold of sent messages: one sentence in place of the action, subject and detail. */
  summary?: string;
}

export function auditRowOf(event: AuditEvent, names: PlanNames): AuditRow {
  const subject = subjectOf(event.subject, names);
  const base = { when: whenText(event.at), actor: actorLabel(event.actor), action: actionWords(event.action), subject };
  if (event.action !== 'message-sent') return { ...base, detail: inPlainWords(detailText(event.detail), names) };
  const messages = event.count === 1 ? '1 message' : `${count(event.count)} messages`;
  return {
    ...base,
    when: whenText(event.lastAt),
    detail: '',
    summary: `${messages} sent for ${subject.text}, ${spanText(event.at, event.lastAt)}`,
  };
}
