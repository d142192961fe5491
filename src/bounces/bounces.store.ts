import type { Insertable } from 'kysely';
import { type MessageState, messageStatesBefore } from '../outbox/message-state.js';
import type { ImapSecurity, ImapSettings } from '../senders/imap-settings.js';
import type { BouncesTable } from '../store/schema-delivery.js';
import type { Queryable } from '../store/store.js';

export async function readImapSettings(db: Queryable, orgId: string, senderName: string): Promise<ImapSettings | undefined> {
  const row = await db
    .selectFrom('senders')
    .select(['imap_host', 'imap_port', 'imap_security', 'imap_user', 'imap_password_env', 'imap_folder'])
    .where('org_id', '=', orgId)
    .where('name', '=', senderName)
    .executeTakeFirst();
  if (!row?.imap_host) return undefined;
  return {
    host: row.imap_host,
    port: Number(row.imap_port ?? 993),
    security: (row.imap_security ?? 'tls') as ImapSecurity,
    user: row.imap_user ?? undefined,
    passwordEnv: row.imap_password_env ?? undefined,
    folder: row.imap_folder ?? 'INBOX',
  };
}

export async function saveImapSettings(db: Queryable, orgId: string, senderName: string, settings: ImapSettings): Promise<void> {
  await db
    .updateTable('senders')
    .set({
      imap_host: settings.host,
      imap_port: settings.port,
      imap_security: settings.security,
      imap_user: settings.user ?? null,
      imap_password_env: settings.passwordEnv ?? null,
      imap_folder: settings.folder,
    })
    .where('org_id', '=', orgId)
    .where('name', '=', senderName)
    .execute();
}

/** How far a folder has been read: the UIDs above `lastUid` are new while `uidValidity` stays the same (RFC 3501). */
export interface MailboxCursor {
  uidValidity: string;
  lastUid: number;
}

export async function readMailboxCursor(
  db: Queryable,
  orgId: string,
  senderName: string,
  folder: string,
): Promise<MailboxCursor | undefined> {
  const row = await db
    .selectFrom('bounce_mailboxes')
    .select(['uid_validity', 'last_uid'])
    .where('org_id', '=', orgId)
    .where('sender_name', '=', senderName)
    .where('folder', '=', folder)
    .executeTakeFirst();
  return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : undefined;
}

export async function saveMailboxCursor(
  db: Queryable,
  orgId: string,
  senderName: string,
  folder: string,
  cursor: MailboxCursor,
  now: Date,
): Promise<void> {
  const values = { uid_validity: cursor.uidValidity, last_uid: cursor.lastUid, fetched_at: now.toISOString() };
  await db
    .insertInto('bounce_mailboxes')
    .values({ org_id: orgId, sender_name: senderName, folder, ...values })
    .onConflict((conflict) => conflict.columns(['org_id', 'sender_name', 'folder']).doUpdateSet(values))
    .execute();
}

export async function isReportRecorded(db: Queryable, orgId: string, reportId: string): Promise<boolean> {
  const row = await db
    .selectFrom('bounces')
    .select('report_id')
    .where('org_id', '=', orgId)
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Writes one recipient of a report; false when that report's recipient is already there. */
export async function insertBounce(db: Queryable, row: Insertable<BouncesTable>): Promise<boolean> {
  const result = await db
    .insertInto('bounces')
    .values(row)
    .onConflict((conflict) => conflict.columns(['org_id', 'report_id', 'address']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface ReportedMessage {
  messageKey: string;
  recipient: string;
  personEmail: string;
  occurrenceKey: string;
  state: MessageState;
}

export async function findOutboxMessages(db: Queryable, orgId: string, keys: readonly string[]): Promise<ReportedMessage[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .selectFrom('outbox')
    .select(['message_key', 'recipient', 'person_email', 'occurrence_key', 'state'])
    .where('org_id', '=', orgId)
    .where('message_key', 'in', [...keys])
    .execute();
  return rows.map((row) => ({
    messageKey: row.message_key,
    recipient: row.recipient,
    personEmail: row.person_email,
    occurrenceKey: row.occurrence_key,
    state: row.state as MessageState,
  }));
}

/** sent → bounced, guarded: false when the message is not (or no longer) sent. */
export async function markMessageBounced(db: Queryable, orgId: string, messageKey: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ state: 'bounced', last_error: reason })
    .where('org_id', '=', orgId)
    .where('message_key', '=', messageKey)
    .where('state', 'in', messageStatesBefore('bounced'))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface BounceListing {
  reportId: string;
  address: string;
  kind: string;
  action: string;
  status: string | undefined;
  reason: string;
  format: string;
  messageKey: string | undefined;
  occurrenceKey: string | undefined;
  messageState: string | undefined;
  /** The sender the message went from, to find it among the sent mail. */
  senderName: string | undefined;
  originalMessageId: string | undefined;
  source: string;
  reportSubject: string;
  reportDate: string | undefined;
  recordedAt: string;
}

export async function listBounces(db: Queryable, orgId: string): Promise<BounceListing[]> {
  const rows = await db
    .selectFrom('bounces as b')
    .leftJoin('outbox as o', (join) => join.onRef('o.org_id', '=', 'b.org_id').onRef('o.message_key', '=', 'b.message_key'))
    .select([
      'b.report_id',
      'b.address',
      'b.kind',
      'b.action',
      'b.status',
      'b.reason',
      'b.format',
      'b.message_key',
      'b.original_message_id',
      'b.source',
      'b.report_subject',
      'b.report_date',
      'b.recorded_at',
      'o.occurrence_key',
      'o.state',
      'o.sender_name',
    ])
    .where('b.org_id', '=', orgId)
    .orderBy('b.recorded_at')
    .orderBy('b.report_id')
    .orderBy('b.address')
    .execute();
  return rows.map((row) => ({
    reportId: row.report_id,
    address: row.address,
    kind: row.kind,
    action: row.action,
    status: row.status ?? undefined,
    reason: row.reason,
    format: row.format,
    messageKey: row.message_key ?? undefined,
    occurrenceKey: row.occurrence_key ?? undefined,
    messageState: row.state ?? undefined,
    senderName: row.sender_name ?? undefined,
    originalMessageId: row.original_message_id ?? undefined,
    source: row.source,
    reportSubject: row.report_subject,
    reportDate: row.report_date ?? undefined,
    recordedAt: row.recorded_at,
  }));
}

/** How many bounces are recorded, for a count that links to them. */
export async function countBounces(db: Queryable, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('bounces')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
