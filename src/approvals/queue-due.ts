import type { DirectoryReadOptions } from '../audiences/audiences.store.js';
import { audienceMembersPage, countDirectory, type DirectoryPerson } from '../audiences/audiences.store.js';
import { PROGRAMME_COUNT_FILTERS, personalLimits } from '../audiences/builtin-audiences.js';
import { parseFilter } from '../audiences/filter-language.js';
import { readDirectory, resolveAudience } from '../audiences/manage-audiences.js';
import { failedTwice } from '../audiences/move-outcomes.store.js';
import { type MailboxFactsWanted, mailboxFactsOf, mailboxFactsWanted } from '../audiences/owned-by.store.js';
import { type PersonalLimits, personalFields } from '../audiences/personal-fields.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { londonDate } from '../calendar/london-time.js';
import { directoryState } from '../directory/directory-state.store.js';
import { COLLEAGUES_APART_FIELD, colleaguesApartField } from '../messages/colleagues-apart-field.js';
import { FAILED_MOVE_FIELDS, failedMoveFields, failedMoveRoute } from '../messages/failed-move-route.js';
import { OWN_WAVE_FIELDS, ownWaveFields, PERSONAL_FIELDS, WAVE_FIELDS, waveFields } from '../messages/message-fields.js';
import { placeholdersIn } from '../messages/placeholders.js';
import { PROGRAMME_OUTCOME_FIELDS, programmeOutcomeFields } from '../messages/programme-outcome-fields.js';
import { personQuotaDeadline, quotaDeadlineRule } from '../messages/quota-deadline.js';
import { allStaffListAddress } from '../outbox/approval-scope.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { messageKey, templateVersionOf } from '../outbox/message-key.js';
import { linkedNhsmailAddresses } from '../outbox/nhsmail-addresses.store.js';
import {
  addCurrentRecipients,
  cancelMessagesNoLongerDue,
  cancelMessagesToOldAddresses,
  insertOutboxRows,
  knownAmong,
  type NewOutboxRow,
  senderFor,
  startCurrentRecipients,
  startKnownPeople,
} from '../outbox/outbox.store.js';
import { describeOccurrence, keyOf, refOf } from '../plan/occurrence-names.js';
import {
  moveOccurrence,
  type OccurrenceStateRecord,
  readOccurrenceStates,
  recordAudienceRead,
  stateOf,
} from '../plan/occurrence-states.store.js';
import { DEFAULT_SEND_PRIORITY, priorityRank } from '../plan/send-priority.js';
import type { Occurrence } from '../plan/timeline.js';
import { tooLateToSend } from '../plan/too-late-to-send.js';
import type { Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { type ColleaguesApart, colleaguesOf, readColleaguesApart } from '../waves/colleagues-apart.js';
import { type Wave, waveNamed } from '../waves/wave.js';
import { audienceDataWarnings, type DataWarning } from './audience-data-guard.js';
import { type CatchUpRule, catchUpRule, tooLateFor } from './catch-up.js';
import { readPlanWithStates, type Withdrawal } from './review-approvals.js';

/** People read from the directory at a time: big enough to be fast, small enough to stay light. */
const PAGE_SIZE = 20_000;

/** How far the queueing of one occurrence has got: first told with no recipients as it starts, then after each page of them. */
export interface QueueProgress {
  occurrenceKey: string;
  recipients: number;
}

export interface QueuedOccurrence {
  occurrenceKey: string;
  description: string;
  /** Who it is for now: people, or the one all-staff list. */
  recipients: number;
  /** Messages written this time; the rest were there already. */
  newMessages: number;
  /** Unsent messages cancelled because their person left the audience. */
  cancelled: number;
  /** Of the new messages, those for people who joined the audience after it first went (late joiners). */
  caughtUp: number;
  /** Late joiners not sent it because it is too late for them (their wave has started), and why, a reason each. */
  tooLate: number;
  tooLateWhy: string[];
  /** Read again after it went, for late joiners: nothing to say when nothing changed. */
  readAfterSent: boolean;
}

export interface QueueOutcome {
  queued: QueuedOccurrence[];
  withdrawn: Withdrawal[];
  /** Occurrences that are due but could not be queued, and why. */
  problems: { occurrenceKey: string; message: string }[];
  /** Occurrences that are due but held back until something happens (a wave's results, everyone moved), and why. */
  held: { occurrenceKey: string; message: string }[];
  /** Approved occurrences left approved, not queued, because the data behind their audience would spoil them (`--anyway` sends them). */
  unconfirmed: DataWarning[];
}

/** Whether to queue approved occurrences whose audience's data warns (`send --due --anyway`, or confirmed on the web). */
export interface QueueConfirmation {
  anyway?: boolean;
}

/**
 * Occurrences that must wait although their date has come, by occurrence key, with why: a
 * welcome before its wave's results are in, the completion email before everyone has moved.
 */
export type OccurrenceHolds = (store: Store, workspace: Workspace, now: Date) => Promise<Map<string, string>>;

/** Audiences of people already moved: their email goes to their NHSmail address when it is known. */
const MOVED_AUDIENCE = /^migrated(:|$)/i;

/** Welcome, failed-migration and not-finished emails are read again after later results, even once sent. */
export function followsResults(occurrence: Pick<Occurrence, 'audiences'>): boolean {
  return occurrence.audiences.some((audience) => /^(migrated|failed|unfinished):/i.test(audience));
}

interface MessageShape {
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

/**
 * The queue step: every approved occurrence that is due at `now` gets one outbox row per
 * recipient, its audience read from the directory as it is now. An occurrence already sending
 * is read again after an import, so newcomers are added and leavers' unsent messages cancelled.
 */
export async function queueDue(
  store: Store,
  organisation: Organisation,
  now: Date,
  onProgress: (progress: QueueProgress) => void,
  holds: OccurrenceHolds,
  confirmation: QueueConfirmation = {},
): Promise<QueueOutcome> {
  const orgId = organisation.id;
  const directoryWasStale = (await directoryState(store.db, orgId)).stale;
  const { workspace, states, withdrawn } = await readPlanWithStates(store, organisation, now);
  const due = workspace.timeline
    .filter((o) => o.sendAt <= now.toISOString())
    .map((occurrence) => ({ occurrence, record: stateOf(states, refOf(workspace, occurrence)) }))
    .filter(({ occurrence, record }) => isQueueable(record, catchUpRule(workspace, occurrence, now)));
  const outcome: QueueOutcome = { queued: [], withdrawn, problems: [], held: [], unconfirmed: [] };
  if (due.length === 0) return outcome;
  const held = await holds(store, workspace, now);
  const today = londonDate(now);
  const colleaguesApart = onceOnly(() => readColleaguesApart(store.db, orgId, now));
  for (const { occurrence, record } of due) {
    const tooLate = record.state === 'approved' ? tooLateToSend(workspace, occurrence, today) : undefined;
    if (tooLate && !held.has(keyOf(occurrence))) held.set(keyOf(occurrence), tooLate.message);
  }
  const unconfirmed = await warningsBeforeFirstQueue(store, workspace, due, held, confirmation, now);
  const { builtAt, ...options } = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  for (const { occurrence, record } of due) {
    const reason = held.get(keyOf(occurrence));
    if (reason) {
      outcome.held.push({ occurrenceKey: keyOf(occurrence), message: reason });
      continue;
    }
    const warning = unconfirmed.get(keyOf(occurrence));
    if (warning) {
      outcome.unconfirmed.push(warning);
      continue;
    }
    const unchanged = (current: OccurrenceStateRecord) =>
      current.state !== 'approved' && !directoryWasStale && current.audienceAsOf === builtAt;
    if (unchanged(record)) continue;
    const found = await messageShape(store.db, workspace, occurrence, now, colleaguesApart);
    if ('problem' in found) {
      outcome.problems.push({ occurrenceKey: keyOf(occurrence), message: found.problem });
      continue;
    }
    const shape = found.usesProgrammeOutcome
      ? { ...found, waveFields: { ...found.waveFields, ...(await programmeOutcomeValues(store, orgId, options)) } }
      : found;
    const queued = await queueOccurrence(
      store,
      workspace,
      { ...shape, catchUp: catchUpRule(workspace, occurrence, now) },
      { ...options, builtAt },
      onProgress,
      unchanged,
    );
    if (queued) outcome.queued.push(queued);
  }
  return outcome;
}

/** The data warnings of approved occurrences about to be queued for the first time, unless sent anyway. */
async function warningsBeforeFirstQueue(
  store: Store,
  workspace: Workspace,
  due: readonly { occurrence: Occurrence; record: OccurrenceStateRecord }[],
  held: ReadonlyMap<string, string>,
  confirmation: QueueConfirmation,
  now: Date,
): Promise<Map<string, DataWarning>> {
  if (confirmation.anyway) return new Map();
  const first = due.filter(({ occurrence, record }) => record.state === 'approved' && !held.has(keyOf(occurrence)));
  const warnings = await audienceDataWarnings(
    store,
    workspace,
    first.map(({ occurrence }) => occurrence),
    now,
  );
  return new Map(warnings.map((w) => [w.occurrenceKey, w]));
}

/**
 * Approved and sending occurrences are queued; one that went is read again while late joiners can
 * still be sent it or told of (its catch-up rule), as a welcome is when later results add people.
 */
function isQueueable(record: OccurrenceStateRecord, catchUp: CatchUpRule): boolean {
  return record.state === 'approved' || record.state === 'sending' || (record.state === 'sent' && catchUp.kind !== 'off');
}

async function messageShape(
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
  const senderName = await senderFor(db, workspace.organisation.id, occurrence.activityId);
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

function outboxRow(
  shape: Omit<MessageShape, 'catchUp'>,
  person: string,
  fields: Record<string, string | undefined>,
  to: string = person,
): NewOutboxRow {
  const occurrenceKey = keyOf(shape.occurrence);
  const address = to.trim().toLowerCase();
  return {
    org_id: shape.orgId,
    message_key: messageKey({ occurrenceKey, recipient: address, templateVersion: shape.templateVersion }, sha256Hex),
    occurrence_key: occurrenceKey,
    recipient: address,
    person_email: person.trim().toLowerCase(),
    template_id: shape.templateId,
    template_version: shape.templateVersion,
    sender_name: shape.senderName,
    fields_json: JSON.stringify(fields),
    state: 'queued',
    priority: shape.priority,
    not_before: shape.occurrence.sendAt,
    created_at: shape.now,
  };
}

async function personRow(
  db: Queryable,
  shape: MessageShape,
  person: DirectoryPerson,
  limits: PersonalLimits,
  linked: ReadonlyMap<string, string>,
): Promise<NewOutboxRow> {
  const wanted = shape.mailboxFacts;
  const mailboxes =
    wanted.used || wanted.owned || wanted.lists
      ? await mailboxFactsOf(
          db,
          shape.orgId,
          [person.email, person.staff_email, person.nhsmail_email].filter((a): a is string => Boolean(a)),
          wanted,
        )
      : undefined;
  const personal = shape.personalFields.length ? personalFields(person, limits, mailboxes) : {};
  const fields: Record<string, string | undefined> = { ...shape.waveFields };
  for (const name of shape.personalFields) fields[name] = personal[name];
  if (shape.ownWaveOf) Object.assign(fields, shape.ownWaveOf(person.wave));
  if (shape.failedMove) {
    const { workspace, today } = shape.failedMove;
    const route = failedMoveRoute(person, shape.failedMove.failedTwice.has(person.email), workspace.waves, today);
    Object.assign(fields, failedMoveFields(route, workspace.calendar));
  }
  if (shape.colleaguesApart) {
    const { of, waves, today } = shape.colleaguesApart;
    Object.assign(fields, colleaguesApartField(colleaguesOf(of, person), waves, today));
  }
  const nhsmail = person.nhsmail_email ?? linked.get(person.local_email ?? person.email);
  return outboxRow(shape, person.email, fields, (shape.toNhsmail && nhsmail) || person.email);
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

/** Work done the first time it is asked for, and not again: what a queue step reads for several occurrences. */
function onceOnly<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => {
    result ??= work();
    return result;
  };
}

/** A value worked out once for each wave name, not once for each of its people. */
function oncePerWave<T>(work: (waveName: string | null) => T): (waveName: string | null) => T {
  const known = new Map<string | null, T>();
  return (waveName) => {
    if (!known.has(waveName)) known.set(waveName, work(waveName));
    return known.get(waveName) as T;
  };
}

/** How many people moved and how many with a local mailbox did not, for the completion email. */
async function programmeOutcomeValues(store: Store, orgId: string, options: DirectoryReadOptions): Promise<Record<string, string>> {
  const filters = [parseFilter(PROGRAMME_COUNT_FILTERS.moved), parseFilter(PROGRAMME_COUNT_FILTERS.unmoved)];
  const { counts } = await countDirectory(store, orgId, filters, options);
  return programmeOutcomeFields({ moved: counts[0] ?? 0, unmoved: counts[1] ?? 0 });
}

/**
 * Writes the occurrence's messages; undefined when, by the time this process had the write lock,
 * another had queued it already or it was no longer due to be queued (paused, say).
 */
async function queueOccurrence(
  store: Store,
  workspace: Workspace,
  shape: MessageShape,
  options: DirectoryReadOptions & { builtAt: string },
  onProgress: (progress: QueueProgress) => void,
  unchanged: (current: OccurrenceStateRecord) => boolean,
): Promise<QueuedOccurrence | undefined> {
  const { occurrence } = shape;
  const orgId = workspace.organisation.id;
  const key = keyOf(occurrence);
  onProgress({ occurrenceKey: key, recipients: 0 });
  const allStaffAddress = allStaffListAddress(workspace, occurrence);
  return store.db.transaction().execute(async (trx) => {
    // The state as it is under the write lock: several passes may queue at once.
    const record = stateOf(await readOccurrenceStates(trx, orgId), refOf(workspace, occurrence));
    if (!isQueueable(record, shape.catchUp) || unchanged(record)) return undefined;
    await startCurrentRecipients(trx);
    // Once anyone has a message of it, whoever has none yet is a late joiner.
    const readAgain = (await startKnownPeople(trx, orgId, key)) > 0;
    const late = { caughtUp: 0, tooLate: 0, why: new Set<string>() };
    let recipients = 0;
    let newMessages = 0;
    if (allStaffAddress) {
      // A list message: made once, and never a catch-up (people who join the list get what it gets next).
      newMessages += await insertOutboxRows(trx, [outboxRow(shape, allStaffAddress, { ...shape.waveFields })]);
      await addCurrentRecipients(store, [allStaffAddress.toLowerCase()]);
      recipients = 1;
    } else {
      const limits = personalLimits(workspace.typedSettings);
      const seen = occurrence.audiences.length > 1 ? new Set<string>() : undefined;
      for (const name of occurrence.audiences) {
        const audience = await resolveAudience(trx, orgId, name);
        for (let after = ''; ; ) {
          const page = await audienceMembersPage(trx, orgId, audience.filter, options, after, PAGE_SIZE);
          if (page.length === 0) break;
          after = (page.at(-1) as DirectoryPerson).email;
          const fresh = seen ? page.filter((person) => !seen.has(person.email) && seen.add(person.email)) : page;
          const rows = [];
          const linked = shape.toNhsmail
            ? await linkedNhsmailAddresses(
                trx,
                orgId,
                fresh.map((person) => person.local_email ?? person.email),
              )
            : new Map<string, string>();
          const known = readAgain
            ? await knownAmong(
                trx,
                fresh.map((person) => person.email),
              )
            : new Map<string, boolean>();
          for (const person of fresh) {
            const wasSent = known.get(person.email);
            // Sent it already, in any version or to any address: never a second time.
            if (wasSent) continue;
            const lateJoiner = readAgain && wasSent === undefined;
            if (lateJoiner) {
              if (shape.catchUp.kind === 'off') continue;
              const why = tooLateFor(shape.catchUp, person.wave);
              if (why) {
                late.tooLate++;
                late.why.add(why);
                continue;
              }
            }
            const row = await personRow(trx, shape, person, limits, linked);
            // Every row of one insert names the column: a row without it would be written as NULL.
            rows.push({ ...row, catch_up: lateJoiner ? 1 : 0 });
          }
          const inserted = await insertOutboxRows(trx, rows);
          newMessages += inserted;
          if (readAgain) late.caughtUp += rows.filter((row) => row.catch_up === 1).length;
          // Everyone in the audience now, sent it already or not: their unsent messages stay.
          await addCurrentRecipients(
            store,
            fresh.map((person) => person.email.trim().toLowerCase()),
          );
          recipients += fresh.length;
          onProgress({ occurrenceKey: key, recipients });
        }
      }
    }
    const now = new Date(shape.now);
    let cancelled = await cancelMessagesNoLongerDue(trx, orgId, key, shape.templateVersion, now);
    if (shape.toNhsmail) cancelled += await cancelMessagesToOldAddresses(trx, orgId, key, now);
    if (record.state === 'approved' || (record.state === 'sent' && newMessages > 0))
      await moveOccurrence(trx, orgId, refOf(workspace, occurrence), 'sending', {}, now);
    await recordAudienceRead(trx, orgId, key, options.builtAt, readAgain ? late.tooLate : null);
    const tooLateWhy = [...late.why];
    if (record.state === 'approved' || newMessages || cancelled || late.tooLate)
      await appendAuditEntry(trx, orgId, {
        at: shape.now,
        actor: 'commsplan',
        action: record.state === 'approved' ? 'queued' : 'requeued',
        subject: key,
        detail: `${describeOccurrence(occurrence)}: ${recipients} recipients, ${newMessages} new messages (${late.caughtUp} caught up), ${cancelled} cancelled, ${late.tooLate} late joiners not sent (too late${tooLateWhy.length ? `: ${tooLateWhy.join('; ')}` : ''}), from sender ${shape.senderName}`,
      });
    return {
      occurrenceKey: key,
      description: describeOccurrence(occurrence),
      recipients,
      newMessages,
      cancelled,
      caughtUp: late.caughtUp,
      tooLate: late.tooLate,
      tooLateWhy,
      readAfterSent: record.state === 'sent',
    };
  });
}
