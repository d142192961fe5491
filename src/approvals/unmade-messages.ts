import { appendAuditEntry } from '../audit/audit-log.store.js';
import { sha256Hex } from '../outbox/content-hash.js';
import { templateVersionOf } from '../outbox/message-key.js';
import { unmadeMessagesOfSentOccurrences } from '../outbox/unmade-messages-of-sent-occurrences.store.js';
import { approveCommand, describeOccurrence, keyOf, refOf } from '../plan/occurrence-names.js';
import { moveOccurrence } from '../plan/occurrence-states.store.js';
import type { Workspace } from '../plan/workspace.js';
import { plural } from '../shared/plural.js';
import type { Queryable } from '../store/store.js';

/** A sent occurrence that waits to be approved again because some of its messages could not be made. */
export interface UnmadeNotice {
  occurrenceKey: string;
  approvedBy: string | undefined;
  message: string;
}

/**
 * A sent occurrence whose messages, with its template as it is now, could not be made (the
 * template asks for a value the message cannot have) is not done: it pauses, its approval
 * withdrawn, so that once the template or the data is fixed it can be approved again, and those
 * messages are made again (discardUnmadeMessages, then the queue step). Call it inside the caller's transaction.
 */
export async function pauseUnmadeOccurrences(db: Queryable, workspace: Workspace, now: Date): Promise<UnmadeNotice[]> {
  const orgId = workspace.organisation.id;
  const unmade = (await unmadeMessagesOfSentOccurrences(db, orgId)).filter((group) => {
    const template = workspace.templates.find((t) => t.id === group.templateId);
    return template !== undefined && templateVersionOf(template, sha256Hex) === group.templateVersion;
  });
  const notices: UnmadeNotice[] = [];
  for (const group of unmade) {
    const occurrence = workspace.timeline.find((o) => keyOf(o) === group.occurrenceKey);
    if (!occurrence || notices.some((n) => n.occurrenceKey === group.occurrenceKey)) continue;
    const what = `${plural(group.count, 'message')} could not be made (${group.reason})`;
    await moveOccurrence(
      db,
      orgId,
      refOf(workspace, occurrence),
      'paused',
      { reason: `${what}; fix the template, then approve it again`, withdrawApproval: true },
      now,
    );
    await appendAuditEntry(db, orgId, {
      at: now.toISOString(),
      actor: 'commsplan',
      action: 'approval-withdrawn',
      subject: group.occurrenceKey,
      detail: `${what}: it waits to be approved again once its template is fixed`,
    });
    notices.push({
      occurrenceKey: group.occurrenceKey,
      approvedBy: undefined,
      message: `${describeOccurrence(occurrence)} is not sent: ${what}. Fix its template ${group.templateId} (or the data it needs), then approve it again with: ${approveCommand(occurrence)}`,
    });
  }
  return notices;
}
