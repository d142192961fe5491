import type { DirectoryReadOptions } from '../audiences/audiences.store.js';
import { audienceMembersPage, type DirectoryPerson } from '../audiences/audiences.store.js';
import { personalLimits } from '../audiences/builtin-audiences.js';
import { resolveAudience } from '../audiences/manage-audiences.js';
import type { PersonalLimits } from '../audiences/personal-fields.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { allStaffListAddress } from '../outbox/approval-scope.js';
import { linkedNhsmailAddresses } from '../outbox/nhsmail-addresses.store.js';
import {
  addCurrentRecipients,
  cancelMessagesNoLongerDue,
  cancelMessagesToOldAddresses,
  insertOutboxRows,
  knownAmong,
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
import type { Workspace } from '../plan/workspace.js';
import type { Queryable, Store } from '../store/store.js';
import { type CatchUpRule, tooLateFor } from './catch-up.js';
import type { MessageShape } from './message-shape.js';
import { outboxRow, personRow } from './outbox-row.js';

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

/** Late joiners met while queueing one occurrence: sent it as a catch-up, or not because it is too late for them. */
interface LateJoiners {
  caughtUp: number;
  tooLate: number;
  why: Set<string>;
}

/** What queueing one occurrence wrote, before its stale messages are cancelled. */
interface Written {
  recipients: number;
  newMessages: number;
  late: LateJoiners;
}

/**
 * Approved and sending occurrences are queued; one that went is read again while late joiners can
 * still be sent it or told of (its catch-up rule), as a welcome is when later results add people.
 */
export function isQueueable(record: OccurrenceStateRecord, catchUp: CatchUpRule): boolean {
  return record.state === 'approved' || record.state === 'sending' || (record.state === 'sent' && catchUp.kind !== 'off');
}

/**
 * Writes the occurrence's messages; undefined when, by the time this process had the write lock,
 * another had queued it already or it was no longer due to be queued (paused, say).
 */
export async function queueOccurrence(
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
    const written = allStaffAddress
      ? await queueListMessage(trx, store, shape, allStaffAddress)
      : await queueAudiences(trx, store, workspace, shape, options, readAgain, onProgress);
    return finishQueueing(trx, workspace, shape, options.builtAt, record, readAgain, written);
  });
}

/** A list message: made once, and never a catch-up (people who join the list get what it gets next). */
async function queueListMessage(trx: Queryable, store: Store, shape: MessageShape, allStaffAddress: string): Promise<Written> {
  const newMessages = await insertOutboxRows(trx, [outboxRow(shape, allStaffAddress, { ...shape.waveFields })]);
  await addCurrentRecipients(store, trx, [allStaffAddress.toLowerCase()]);
  return { recipients: 1, newMessages, late: { caughtUp: 0, tooLate: 0, why: new Set<string>() } };
}

/** One message for each person in the occurrence's audiences, read a page at a time. */
async function queueAudiences(
  trx: Queryable,
  store: Store,
  workspace: Workspace,
  shape: MessageShape,
  options: DirectoryReadOptions,
  readAgain: boolean,
  onProgress: (progress: QueueProgress) => void,
): Promise<Written> {
  const { occurrence } = shape;
  const orgId = workspace.organisation.id;
  const key = keyOf(occurrence);
  const late: LateJoiners = { caughtUp: 0, tooLate: 0, why: new Set<string>() };
  let recipients = 0;
  let newMessages = 0;
  const limits = personalLimits(workspace.typedSettings);
  const seen = occurrence.audiences.length > 1 ? new Set<string>() : undefined;
  for (const name of occurrence.audiences) {
    const audience = await resolveAudience(trx, orgId, name);
    for (let after = ''; ; ) {
      const page = await audienceMembersPage(trx, orgId, audience.filter, options, after, PAGE_SIZE);
      if (page.length === 0) break;
      after = (page.at(-1) as DirectoryPerson).email;
      const fresh = seen ? page.filter((person) => !seen.has(person.email) && seen.add(person.email)) : page;
      newMessages += await queuePage(trx, store, shape, fresh, readAgain, limits, late);
      recipients += fresh.length;
      onProgress({ occurrenceKey: key, recipients });
    }
  }
  return { recipients, newMessages, late };
}

/** Writes the messages of one page of people; returns how many were new. */
async function queuePage(
  trx: Queryable,
  store: Store,
  shape: MessageShape,
  fresh: readonly DirectoryPerson[],
  readAgain: boolean,
  limits: PersonalLimits,
  late: LateJoiners,
): Promise<number> {
  const orgId = shape.orgId;
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
  if (readAgain) late.caughtUp += rows.filter((row) => row.catch_up === 1).length;
  // Everyone in the audience now, sent it already or not: their unsent messages stay.
  await addCurrentRecipients(
    store,
    trx,
    fresh.map((person) => person.email.trim().toLowerCase()),
  );
  return inserted;
}

/** Cancels the messages no longer due, moves the occurrence on, and records what was done. */
async function finishQueueing(
  trx: Queryable,
  workspace: Workspace,
  shape: MessageShape,
  builtAt: string,
  record: OccurrenceStateRecord,
  readAgain: boolean,
  { recipients, newMessages, late }: Written,
): Promise<QueuedOccurrence> {
  const { occurrence } = shape;
  const orgId = workspace.organisation.id;
  const key = keyOf(occurrence);
  const now = new Date(shape.now);
  let cancelled = await cancelMessagesNoLongerDue(trx, orgId, key, shape.templateVersion, now);
  if (shape.toNhsmail) cancelled += await cancelMessagesToOldAddresses(trx, orgId, key, now);
  if (record.state === 'approved' || (record.state === 'sent' && newMessages > 0))
    await moveOccurrence(trx, orgId, refOf(workspace, occurrence), 'sending', {}, now);
  await recordAudienceRead(trx, orgId, key, builtAt, readAgain ? late.tooLate : null);
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
}
