import { appendAuditEntry, type ChangeMaker, entryBy } from '../audit/audit-log.store.js';
import type { OutgoingMessage, SendOutcome } from '../senders/mail-transport.js';
import { requireSender } from '../senders/manage-senders.js';
import { describeDestination, isEmailAddress, type Sender } from '../senders/sender-config.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { type TransportDependencies, transportForSender } from './transport-for-sender.js';

/**
 * `sender test`, from the CLI and the web: one short email through the sender to one address, to
 * show it can send. It goes even when the sender is paused (that is often when one is wanted), and
 * the attempt and the server's answer go in the audit log.
 */
export async function testSender(
  store: Store,
  organisation: Organisation,
  request: { name: string; to: string },
  dependencies: TransportDependencies,
  context: ChangeMaker,
): Promise<{ sender: Sender; to: string; outcome: SendOutcome }> {
  const to = request.to.trim();
  if (to === '') throw new CommsplanError('invalid-input', 'Enter the email address the test email goes to.', { field: 'to' });
  if (!isEmailAddress(to))
    throw new CommsplanError('invalid-input', `"${to}" is not an email address: write it like name@example.nhs.uk.`, {
      field: 'to',
      value: to,
    });
  const sender = await requireSender(store.db, organisation.id, request.name);
  const transport = transportForSender(sender, dependencies);
  const outcome = await transport.send(testMessage(sender, to, context.now)).finally(() => transport.close());
  await appendAuditEntry(
    store.db,
    organisation.id,
    entryBy(context, {
      action: outcome.ok ? 'sender-tested' : 'sender-test-failed',
      subject: sender.name,
      detail: outcome.ok ? `to ${to}: ${outcome.response}` : `to ${to} (${outcome.failure.kind}): ${outcome.failure.reason}`,
    }),
  );
  return { sender, to, outcome };
}

function testMessage(sender: Sender, to: string, now: Date): OutgoingMessage {
  const when = now.toISOString();
  const lines = [
    `This is a test email from commsplan, sent through the sender ${sender.name} (${describeDestination(sender)}) at ${when}.`,
    'If it has reached you, the sender works. There is nothing else to do.',
  ];
  return {
    messageId: `<sender-test.${now.getTime()}.${encodeURIComponent(sender.name)}@commsplan>`,
    from: sender.from,
    to: [to],
    subject: `[commsplan test] ${sender.name} can send email`,
    text: `${lines.join('\n\n')}\n`,
    html: lines.map((line) => `<p>${line.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c)}</p>`).join('\n'),
    headers: { 'X-Commsplan-Test': 'yes' },
  };
}
