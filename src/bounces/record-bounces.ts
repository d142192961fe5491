import { markBouncedPersons } from '../audiences/bounced-persons.store.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import type { Queryable } from '../store/store.js';
import { findOutboxMessages, insertBounce, isReportRecorded, markMessageBounced, type ReportedMessage } from './bounces.store.js';
import { type BouncedRecipient, messageKeyOfId, type ReadReport, readDeliveryReport, type Sha256Hex } from './delivery-report.js';

/** One message that may be a non-delivery report, and where it came from (`imap:SENDER/INBOX`, `file:NAME`). */
export interface ReportInput {
  raw: string;
  source: string;
}

export interface RecordedBounce {
  source: string;
  reportSubject: string;
  address: string;
  kind: BouncedRecipient['kind'];
  status: string | undefined;
  reason: string;
  /** The outbox message it reports on, when one matched. */
  messageKey: string | undefined;
  /** True when this report moved the message from sent to bounced. */
  messageBounced: boolean;
}

export interface RecordOutcome {
  recorded: RecordedBounce[];
  /** Reports recorded before (fetched or imported again): nothing new was written for them. */
  alreadyRecorded: number;
  /** Messages that are not delivery reports: ignored, counted, listed with why. */
  notReports: { source: string; subject: string; why: string }[];
}

export interface RecordContext {
  now: Date;
  actor: string;
  sha256Hex: Sha256Hex;
}

/**
 * Records each report in the caller's transaction: one row per recipient it names, matched to
 * the outbox message it reports on by Message-ID. A permanent failure moves a sent message to
 * bounced; a temporary one (a delay) leaves it as it is. Reports that match no message are kept.
 */
export async function recordBounceReports(
  db: Queryable,
  orgId: string,
  inputs: readonly ReportInput[],
  context: RecordContext,
): Promise<RecordOutcome> {
  const outcome: RecordOutcome = { recorded: [], alreadyRecorded: 0, notReports: [] };
  for (const input of inputs) {
    const report = readDeliveryReport(input.raw, context.sha256Hex);
    if (!report.isReport) {
      outcome.notReports.push({ source: input.source, subject: report.subject, why: report.why });
      continue;
    }
    if (await isReportRecorded(db, orgId, report.reportId)) {
      outcome.alreadyRecorded += 1;
      continue;
    }
    const matched = await reportedMessage(db, orgId, report);
    for (const recipient of report.recipients) {
      const recorded = await recordRecipient(db, orgId, input.source, report, recipient, matched, context);
      if (recorded) outcome.recorded.push(recorded);
    }
  }
  if (outcome.recorded.some((bounce) => bounce.kind === 'permanent' && bounce.messageKey)) await markBouncedPersons(db, orgId);
  return outcome;
}

/** The first of the report's Message-IDs that is one of ours and in the outbox. */
async function reportedMessage(db: Queryable, orgId: string, report: Extract<ReadReport, { isReport: true }>) {
  const keys = report.originalMessageIds.map(messageKeyOfId).filter((key): key is string => key !== undefined);
  const found = await findOutboxMessages(db, orgId, keys);
  for (const messageId of report.originalMessageIds) {
    const message = found.find((row) => row.messageKey === messageKeyOfId(messageId));
    if (message) return { message, messageId };
  }
  return undefined;
}

async function recordRecipient(
  db: Queryable,
  orgId: string,
  source: string,
  report: Extract<ReadReport, { isReport: true }>,
  recipient: BouncedRecipient,
  matched: { message: ReportedMessage; messageId: string } | undefined,
  context: RecordContext,
): Promise<RecordedBounce | undefined> {
  const message = matched?.message;
  const address = (recipient.address ?? message?.recipient ?? '').toLowerCase();
  const inserted = await insertBounce(db, {
    org_id: orgId,
    report_id: report.reportId,
    address,
    kind: recipient.kind,
    action: recipient.action,
    status: recipient.status ?? null,
    reason: recipient.reason,
    format: report.format,
    message_key: message?.messageKey ?? null,
    original_message_id: matched?.messageId ?? report.originalMessageIds[0] ?? null,
    person_email: message?.personEmail ?? null,
    source,
    report_subject: report.subject,
    report_date: report.date ?? null,
    recorded_at: context.now.toISOString(),
  });
  if (!inserted) return undefined;
  const reason = `${recipient.status ? `${recipient.status} ` : ''}${recipient.reason}`.trim();
  const messageBounced =
    recipient.kind === 'permanent' &&
    message !== undefined &&
    (await markMessageBounced(db, orgId, message.messageKey, `bounced: ${reason}`));
  const what = recipient.kind === 'permanent' ? 'bounced permanently' : 'was delayed (temporary)';
  const about = message
    ? `the message ${message.messageKey} of ${message.occurrenceKey}${messageBounced ? ', now bounced' : ` (left ${message.state})`}`
    : 'no message commsplan sent (kept and listed)';
  await appendAuditEntry(db, orgId, {
    at: context.now.toISOString(),
    actor: context.actor,
    action: recipient.kind === 'permanent' ? 'bounce-permanent' : 'bounce-temporary',
    subject: address || report.reportId,
    detail: `${address || 'an unnamed recipient'} ${what}: ${reason}; report "${report.subject}" from ${source}, about ${about}`,
  });
  return {
    source,
    reportSubject: report.subject,
    address,
    kind: recipient.kind,
    status: recipient.status,
    reason: recipient.reason,
    messageKey: message?.messageKey,
    messageBounced,
  };
}
