import { appendAuditEntry } from '../audit/audit-log.store.js';
import { describeImap, type ImapSettings, imapSignIn } from '../senders/imap-settings.js';
import { requireSender } from '../senders/manage-senders.js';
import { clientCredentialsTokens } from '../senders/oauth2-token-request.js';
import type { Sender } from '../senders/sender-config.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { readImapSettings, readMailboxCursor, saveMailboxCursor } from './bounces.store.js';
import type { Sha256Hex } from './delivery-report.js';
import { type MailboxAccess, MailboxUnavailable, type NewMessages, type OpenMailbox, openMailbox } from './imap-mailbox.js';
import { type RecordOutcome, type ReportInput, recordBounceReports } from './record-bounces.js';

export interface CollectContext {
  now: () => Date;
  actor: string;
  sha256Hex: Sha256Hex;
}

export interface FetchDependencies extends CollectContext {
  env: Readonly<Record<string, string | undefined>>;
  timeouts?: { connectMs?: number; answerMs?: number };
  trustedCertificates?: string;
}

export type FetchOutcome = ({ ok: true; mailbox: string; read: number } & RecordOutcome) | { ok: false; mailbox: string; reason: string };

/** `commsplan bounces import`: saved reports, recorded as a fetch would record them, all in one transaction. */
export async function importBounceReports(
  store: Store,
  organisation: Organisation,
  inputs: readonly ReportInput[],
  context: CollectContext,
): Promise<RecordOutcome> {
  const now = context.now();
  return store.db
    .transaction()
    .execute((trx) => recordBounceReports(trx, organisation.id, inputs, { now, actor: context.actor, sha256Hex: context.sha256Hex }));
}

/**
 * `commsplan bounces fetch SENDER`: reads the messages that arrived in the sender's mailbox since
 * the last fetch (by IMAP UID), records the reports among them and marks those seen. When the
 * mailbox cannot be reached or refuses the sign-in, nothing is recorded and the reason comes back.
 */
export async function fetchBounces(
  store: Store,
  organisation: Organisation,
  senderName: string,
  deps: FetchDependencies,
): Promise<FetchOutcome> {
  const sender = await requireSender(store.db, organisation.id, senderName);
  const settings = await readImapSettings(store.db, organisation.id, sender.name);
  if (!settings)
    throw new CommsplanError(
      'setup-needed',
      `Sender ${sender.name} has no mailbox to read yet. Say where its reports arrive with: commsplan sender set ${sender.name} --imap HOST[:PORT]`,
      { field: 'sender', value: sender.name },
    );
  const mailboxName = `${settings.user ?? ''}${settings.user ? ' at ' : ''}${describeImap(settings)}`;
  const access = await mailboxAccess(sender, settings, deps);
  if (!access.ok) return { ok: false, mailbox: mailboxName, reason: access.reason };
  let mailbox: OpenMailbox;
  try {
    mailbox = await openMailbox(access.access);
  } catch (error) {
    if (error instanceof MailboxUnavailable) return { ok: false, mailbox: mailboxName, reason: error.message };
    throw error;
  }
  try {
    const cursor = await readMailboxCursor(store.db, organisation.id, sender.name, settings.folder);
    let found: NewMessages;
    try {
      found = await mailbox.readNew(cursor);
    } catch (error) {
      return { ok: false, mailbox: mailboxName, reason: `reading ${settings.folder} failed: ${(error as Error).message}` };
    }
    const source = (uid: number) => `imap:${sender.name}/${settings.folder} uid ${uid}`;
    const now = deps.now();
    const outcome = await store.db.transaction().execute(async (trx) => {
      const recorded = await recordBounceReports(
        trx,
        organisation.id,
        found.candidates.map((message) => ({ raw: message.raw, source: source(message.uid) })),
        { now, actor: deps.actor, sha256Hex: deps.sha256Hex },
      );
      await saveMailboxCursor(trx, organisation.id, sender.name, settings.folder, found, now);
      const read = found.candidates.length + found.notReports.length;
      await appendAuditEntry(trx, organisation.id, {
        at: now.toISOString(),
        actor: deps.actor,
        action: 'bounces-fetched',
        subject: sender.name,
        detail: `${read} new messages in ${settings.folder}: ${recorded.recorded.length} bounces recorded, ${recorded.alreadyRecorded} reports already recorded, ${recorded.notReports.length + found.notReports.length} not delivery reports`,
      });
      return recorded;
    });
    const notReportSources = new Set(outcome.notReports.map((item) => item.source));
    // Reports are marked seen once recorded; everything else is left unread for the people who read the mailbox.
    await mailbox
      .markSeen(found.candidates.filter((message) => !notReportSources.has(source(message.uid))).map((m) => m.uid))
      .catch(() => {});
    return {
      ok: true,
      mailbox: mailboxName,
      read: found.candidates.length + found.notReports.length,
      ...outcome,
      notReports: [
        ...found.notReports.map((item) => ({ source: source(item.uid), subject: item.subject, why: 'not a delivery report' })),
        ...outcome.notReports,
      ],
    };
  } finally {
    await mailbox.close();
  }
}

async function mailboxAccess(
  sender: Sender,
  settings: ImapSettings,
  deps: FetchDependencies,
): Promise<{ ok: true; access: MailboxAccess } | { ok: false; reason: string }> {
  const signIn = imapSignIn(sender, settings);
  if (!signIn.ok) throw new CommsplanError('setup-needed', signIn.problem, { field: 'sender', value: sender.name });
  const base = { host: settings.host, port: settings.port, security: settings.security, folder: settings.folder, timeouts: deps.timeouts };
  const common = { ...base, trustedCertificates: deps.trustedCertificates, user: signIn.signIn.user };
  if (signIn.signIn.kind === 'password') {
    const password = deps.env[signIn.signIn.passwordEnv];
    if (!password)
      return {
        ok: false,
        reason: `the environment variable ${signIn.signIn.passwordEnv}, which should hold the password of ${signIn.signIn.user}, is not set`,
      };
    return { ok: true, access: { ...common, secret: { password } } };
  }
  const tokens = clientCredentialsTokens(signIn.signIn.oauth2, { env: deps.env, now: deps.now, timeoutMs: deps.timeouts?.connectMs });
  const token = await tokens.accessToken();
  if (!token.ok) return { ok: false, reason: token.failure.reason };
  return { ok: true, access: { ...common, secret: { accessToken: token.accessToken } } };
}
