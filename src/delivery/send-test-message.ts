import { requireActor } from '../approvals/approve-occurrence.js';
import { appendAuditEntry } from '../audit/audit-log.store.js';
import { senderOfActivity } from '../plan/activity-sender.store.js';
import { previewTemplate } from '../plan/preview-template.js';
import { loadWorkspace } from '../plan/workspace.js';
import { requireSender } from '../senders/manage-senders.js';
import { checkEmailAddress } from '../shared/email-address.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type StoredSenderDependencies, storedSenderTransport } from './sender-transports.js';

export interface TestMessageRequest {
  activityId: string;
  to: string;
  /** Fill the personal fields from this person; empty, the organisation's values only. */
  person?: string;
  /** Fill the wave fields from this wave (default: the person's wave). */
  wave?: string;
  by: string;
}

/**
 * `send test`, from the CLI and the web: one preview of the activity's first email, marked [TEST]
 * in its subject, through the activity's sender, to one address; the attempt goes in the audit log.
 */
export async function sendTestMessage(
  store: Store,
  organisation: Organisation,
  request: TestMessageRequest,
  deps: { now: () => Date; env: StoredSenderDependencies['env']; baseDir: string; newId: () => string },
): Promise<
  ({ ok: true; response: string } | { ok: false; reason: string }) & {
    to: string;
    sender: string;
    missing: string[];
    /** The activity's title, and whom the test was filled in as (their name, else their address), when someone was named. */
    title: string;
    filledAs?: string;
  }
> {
  const by = requireActor(request.by);
  if (request.to.trim() === '')
    throw new CommsplanError('invalid-input', 'Enter the email address to send the test to.', { field: 'to', value: request.to });
  const checked = checkEmailAddress(request.to);
  if (!checked.ok)
    throw new CommsplanError('invalid-input', `"${request.to}" is not an email address: it ${checked.reason}.`, {
      field: 'to',
      value: request.to,
    });
  const to = checked.email;
  const workspace = await loadWorkspace(store.db, store.location, organisation.id);
  const activity = workspace.activities.find((a) => a.id === request.activityId.trim());
  if (!activity)
    throw new CommsplanError('unknown-activity', `There is no activity "${request.activityId}". See them with: commsplan activity list`, {
      field: 'activity',
      value: request.activityId,
    });
  const templateId = activity.templateIds[0];
  if (!templateId) throw new CommsplanError('conflict', `Activity ${activity.id} sends no email.`, { field: 'activity' });
  const senderName = await senderOfActivity(store.db, organisation.id, activity.id);
  if (!senderName)
    throw new CommsplanError(
      'setup-needed',
      `Activity ${activity.id} has no sender and there is no default sender: an administrator adds one with "commsplan sender add".`,
      { field: 'sender' },
    );
  const sender = await requireSender(store.db, organisation.id, senderName);
  const rendered = await previewTemplate(store, workspace, { templateId, person: request.person, wave: request.wave }, deps.now());
  const transport = storedSenderTransport(sender, { env: deps.env, now: deps.now, baseDir: deps.baseDir });
  const messageId = `<test-${deps.newId()}@commsplan>`;
  const outcome = await transport
    .send({
      messageId,
      from: sender.from,
      to: [to],
      subject: `[TEST] ${rendered.subject}`,
      html: rendered.html,
      text: rendered.text,
      headers: { 'X-Commsplan-Test': 'yes' },
    })
    .finally(() => transport.close());
  await appendAuditEntry(store.db, organisation.id, {
    actor: by,
    at: deps.now().toISOString(),
    action: outcome.ok ? 'test-sent' : 'test-failed',
    subject: activity.id,
    detail: JSON.stringify({ to, sender: senderName, messageId, ...(outcome.ok ? {} : { reason: outcome.failure.reason }) }),
  });
  const sent = {
    to,
    sender: senderName,
    missing: rendered.missing,
    title: activity.title,
    ...(rendered.personName ? { filledAs: rendered.personName } : {}),
  };
  return outcome.ok ? { ok: true, response: outcome.response, ...sent } : { ok: false, reason: outcome.failure.reason, ...sent };
}
