import { failedTwice } from '../audiences/move-outcomes.store.js';
import { type MailboxFactsWanted, mailboxFactsWanted } from '../audiences/owned-by.store.js';
import { londonDate } from '../calendar/london-time.js';
import { COLLEAGUES_APART_FIELD } from '../messages/colleagues-apart-field.js';
import { FAILED_MOVE_FIELDS } from '../messages/failed-move-route.js';
import { OWN_WAVE_FIELDS, ownWaveFields, PERSONAL_FIELDS, WAVE_FIELDS, waveFields } from '../messages/message-fields.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { PROGRAMME_OUTCOME_FIELDS } from '../messages/programme-outcome-fields.js';
import { personQuotaDeadline, quotaDeadlineRule } from '../messages/quota-deadline.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { templateVersionOf } from '../outbox/message-key.js';
import { senderOfActivity } from '../plan/activity-sender.store.js';
import { describeOccurrence } from '../plan/occurrence-names.js';
import { DEFAULT_SEND_PRIORITY, priorityRank } from '../plan/send-priority.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Queryable } from '../store/store.js';
import type { ColleaguesApart } from '../waves/colleagues-apart.js';
import { type Wave, waveNamed } from '../waves/wave.js';
import type { CatchUpRule } from './catch-up.js';

/** Audiences of people already moved: their email goes to their NHSmail address when it is known. */
const MOVED_AUDIENCE = /^migrated(:|$)/i;

export interface MessageShape {
  occurrence: Occurrence;
  /** How people who join the audience after it first went are treated. */
  catchUp: CatchUpRule;
  templateId: string;
  templateVersion: string;
  senderName: string;
  /** Whether the audience is of moved people, whose email goes to their NHSmail address. */
  toNhsmail: boolean;
  /** The personal and wave placeholders the template uses: only these are stored. */
  personalFields: string[];
  /** Values the same in every message: the wave placeholders the template uses, and the completion email's counts. */
  waveFields: Record<string, string>;
  /** The mailboxes and lists of each person the template's fields need. */
  mailboxFacts: MailboxFactsWanted;
  /**
   * The fields of a person's own wave (the occurrence's, else theirs) that the template names: the
   * wave and its dates (`OWN_WAVE_FIELDS`), and their clean-up deadline. Someone with no wave the
   * plan knows keeps the deadline as everyone reads it, filled when sending.
   */
  ownWaveOf?: (waveName: string | null) => Record<string, string>;
  /** For a failed-migration email: who has failed twice, to say each person's next step (`failedMoveRoute`). */
  failedMove: { failedTwice: ReadonlySet<string>; workspace: Workspace; today: string } | undefined;
  /** For an email naming each person's colleagues in other waves: who they are, read once for the queue step. */
  colleaguesApart: { of: ColleaguesApart; waves: readonly Wave[]; today: string } | undefined;
  /** For the completion email: how many moved and how many did not, counted when it is queued. */
  usesProgrammeOutcome: boolean;
  /** The activity's priority, stored with each message for the claim's order. */
  priority: number;
  now: string;
  orgId: string;
}

export async function messageShape(
  db: Queryable,
  workspace: Workspace,
  occurrence: Occurrence,
  now: Date,
  colleaguesApart: () => Promise<ColleaguesApart>,
): Promise<Omit<MessageShape, 'catchUp'> | { problem: string }> {
  const activity = workspace.activities.find((a) => a.id === occurrence.activityId);
  const templateId = activity?.templateIds[0];
  const template = workspace.templates.find((t) => t.id === templateId);
  if (!templateId || !template) return { problem: `${describeOccurrence(occurrence)} has no email template, so nothing can be queued.` };
  const senderName = await senderOfActivity(db, workspace.organisation.id, occurrence.activityId);
  if (!senderName)
    throw new CommsplanError(
      'setup-needed',
      `${describeOccurrence(occurrence)} is due, but there is no sender to send it from. Add one with: commsplan sender add NAME --folder DIR (or --smtp HOST), and make it the default.`,
      { field: 'sender' },
    );
  const used = new Set(placeholdersIn(`${template.subject}\n${template.body}`));
  const wave = workspace.waves.find((w) => w.id === occurrence.wave?.id);
  const waveValues = wave ? waveFields(wave, workspace.calendar) : {};
  return {
    occurrence,
    templateId,
    templateVersion: templateVersionOf(template, sha256Hex),
    senderName,
    toNhsmail: occurrence.audiences.some((audience) => MOVED_AUDIENCE.test(audience)),
    personalFields: PERSONAL_FIELDS.filter((name) => used.has(name)),
    waveFields: {
      ...Object.fromEntries(
        Object.entries(waveValues).filter(([name]) => used.has(name) && (WAVE_FIELDS as readonly string[]).includes(name)),
      ),
      // A message to the all-staff list is for no one wave: it keeps the text for everyone.
      ...(OWN_WAVE_FIELDS.some((name) => used.has(name)) ? ownWaveFields(undefined) : {}),
    },
    mailboxFacts: mailboxFactsWanted(used),
    ownWaveOf: ownWaveFieldsOf(workspace, wave, used),
    failedMove: FAILED_MOVE_FIELDS.some((name) => used.has(name))
      ? {
          failedTwice: new Set((await failedTwice(db, workspace.organisation.id)).map((entry) => entry.person)),
          workspace,
          today: londonDate(now),
        }
      : undefined,
    colleaguesApart: used.has(COLLEAGUES_APART_FIELD)
      ? { of: await colleaguesApart(), waves: workspace.waves, today: londonDate(now) }
      : undefined,
    usesProgrammeOutcome: PROGRAMME_OUTCOME_FIELDS.some((name) => used.has(name)),
    priority: priorityRank(activity?.priority ?? DEFAULT_SEND_PRIORITY),
    now: now.toISOString(),
    orgId: workspace.organisation.id,
  };
}

/** `MessageShape.ownWaveOf`, when the template names a person's own wave or clean-up deadline. */
function ownWaveFieldsOf(workspace: Workspace, occurrenceWave: Wave | undefined, used: ReadonlySet<string>): MessageShape['ownWaveOf'] {
  const namesWave = OWN_WAVE_FIELDS.some((name) => used.has(name));
  const namesDeadline = used.has('quota deadline');
  if (!namesWave && !namesDeadline) return undefined;
  const rule = quotaDeadlineRule(workspace.settings);
  return oncePerWave((waveName) => {
    const wave = occurrenceWave ?? waveNamed(workspace.waves, waveName);
    const deadline = namesDeadline ? personQuotaDeadline(rule, wave, workspace.calendar) : undefined;
    return { ...(namesWave ? ownWaveFields(wave) : {}), ...(deadline ? { 'quota deadline': deadline } : {}) };
  });
}

/** A value worked out once for each wave name, not once for each of its people. */
function oncePerWave<T>(work: (waveName: string | null) => T): (waveName: string | null) => T {
  const known = new Map<string | null, T>();
  return (waveName) => {
    if (!known.has(waveName)) known.set(waveName, work(waveName));
    return known.get(waveName) as T;
  };
}
