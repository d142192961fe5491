import { changeReviewingApprovals } from '../approvals/change-reviewing-approvals.js';
import type { ApprovalReview } from '../approvals/review-approvals.js';
import { appendAuditEntry, type ChangeMaker, entryBy } from '../audit/audit-log.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import type { SendOutcome } from './mail-transport.js';
import { describeDestination, describeSignIn, type Sender, type SenderDefinition } from './sender-config.js';
import { pauseSenderRow, resumeSenderRow } from './sender-state.store.js';
import { findDefaultSender, findSender, insertSender, listSenders, makeDefaultSender } from './senders.store.js';

export interface AddSenderOptions {
  /** Make this the default sender even when there is one already (the first sender always is). */
  makeDefault?: boolean;
  /** Connects and signs in before anything is stored; left out, the sender is stored unchecked. */
  check?: (sender: SenderDefinition) => Promise<SendOutcome>;
  /** The person, an approver, confirms a new default sender keeps the approvals of the emails that go from it. */
  keepApproval?: boolean;
}

/**
 * Adds a sender after checking it can connect and sign in; nothing is stored when it cannot. A new
 * default sender changes where approved emails come from: their approvals are withdrawn unless an
 * approver keeps them.
 */
export async function addSender(
  store: Store,
  organisation: Organisation,
  sender: SenderDefinition,
  options: AddSenderOptions,
  context: ChangeMaker,
): Promise<Sender & ApprovalReview> {
  if (await findSender(store.db, organisation.id, sender.name))
    throw new CommsplanError('already-exists', `There is already a sender called ${sender.name}: choose another name.`, {
      field: 'name',
      value: sender.name,
    });
  const checked = options.check ? await options.check(sender) : undefined;
  if (checked && !checked.ok)
    throw new CommsplanError(
      'invalid-input',
      `Sender ${sender.name} was not added: ${describeDestination(sender)} failed the check: ${checked.failure.reason}.`,
      {
        field: 'sender',
        value: sender.name,
      },
    );
  const maker = { actor: context.actor, keepApproval: options.keepApproval };
  const review = await changeReviewingApprovals(store, organisation, maker, context.now, async (trx) => {
    const makeDefault = options.makeDefault === true || !(await findDefaultSender(trx, organisation.id));
    await insertSender(trx, organisation.id, sender, makeDefault, context.now);
    if (makeDefault) await makeDefaultSender(trx, organisation.id, sender.name);
    const detail = `${describeDestination(sender)}, from ${sender.from}, sign-in ${describeSignIn(sender)}${makeDefault ? ', default' : ''}`;
    await appendAuditEntry(trx, organisation.id, entryBy(context, { action: 'sender-added', subject: sender.name, detail }));
    return {};
  });
  return { ...(await requireSender(store.db, organisation.id, sender.name)), ...review };
}

export async function sendersOf(store: Store, organisation: Organisation): Promise<Sender[]> {
  return listSenders(store.db, organisation.id);
}

/** The named sender, or the default one when `name` is unset; a person-readable error when there is none. */
export async function requireSender(db: Queryable, orgId: string, name: string | null | undefined): Promise<Sender> {
  const sender = name ? await findSender(db, orgId, name) : await findDefaultSender(db, orgId);
  if (sender) return sender;
  const known = (await listSenders(db, orgId)).map((s) => s.name);
  if (!name)
    throw new CommsplanError(
      'setup-needed',
      'There is no sender yet: add one with commsplan sender add NAME --folder DIR (or --smtp HOST).',
    );
  throw new CommsplanError(
    'unknown-sender',
    `There is no sender called ${name}. ${known.length ? `Senders: ${known.join(', ')}.` : 'Add one with commsplan sender add.'}`,
    { field: 'sender', value: name },
  );
}

/**
 * Pauses a sender with the reason (a person's, or the server's reply that was about the sender).
 * Returns false when it was already paused, so the reason first given stays.
 */
export async function pauseSender(db: Queryable, orgId: string, name: string, given: string, context: ChangeMaker): Promise<boolean> {
  const reason = given.trim();
  if (!reason)
    throw new CommsplanError('invalid-input', 'Give a few words saying why the sender is paused, for whoever resumes it.', {
      field: 'reason',
    });
  await requireSender(db, orgId, name);
  const paused = await pauseSenderRow(db, orgId, name, reason, context.now);
  if (paused) await appendAuditEntry(db, orgId, entryBy(context, { action: 'sender-paused', subject: name, detail: reason }));
  return paused;
}

/** Resumes a paused sender; false when it was not paused. */
export async function resumeSender(db: Queryable, orgId: string, name: string, context: ChangeMaker): Promise<boolean> {
  const sender = await requireSender(db, orgId, name);
  const resumed = await resumeSenderRow(db, orgId, name);
  if (resumed)
    await appendAuditEntry(
      db,
      orgId,
      entryBy(context, { action: 'sender-resumed', subject: name, detail: `paused since ${sender.pausedAt}: ${sender.pausedReason}` }),
    );
  return resumed;
}
