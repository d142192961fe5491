import type { LocalDate } from '../calendar/local-date.js';
import { workspaceFields } from '../messages/message-fields.js';
import { fieldValues, renderForSending, type TemplateSource } from '../messages/render-template.js';
import { messageIdOf } from '../outbox/message-key.js';
import { CANNOT_BE_MADE } from '../outbox/outbox.store.js';
import { taskTemplateFor } from '../plan/task-templates.js';
import type { Workspace } from '../plan/workspace.js';
import { taskCopyFor } from '../publishing/task-copy.js';
import type { OutgoingMessage, SendOutcome } from '../senders/mail-transport.js';
import type { ClaimedMessage } from './claims.store.js';

/** The templates, and the values every message shares; each message adds its own stored values. */
export interface Templates {
  find: (templateId: string) => TemplateSource | undefined;
  shared: Readonly<Record<string, string | undefined>>;
}

export function sendingTemplates(workspace: Workspace, today?: LocalDate): Templates {
  const known = new Map(workspace.templates.map((t) => [t.id, t]));
  const copy = taskCopyFor(workspace);
  return {
    // Owners' task notes are built from the plan (ADR 0009), not stored: their id names the tasks they list.
    find: (templateId) => {
      const template = known.get(templateId) ?? taskTemplateFor(templateId, workspace.activities, workspace.keyMessages, copy);
      if (template) known.set(templateId, template);
      return template;
    },
    shared: workspaceFields(workspace, today),
  };
}

/**
 * A claimed message made ready to send, or the failure of one that cannot be made, once the
 * current turn of the event loop is over: asked for just after a send starts, it is made while
 * the transport waits for the server, not between one message's reply and the next's start.
 */
export function composeSoon(
  message: ClaimedMessage,
  from: string,
  templates: Templates,
): Promise<OutgoingMessage | Extract<SendOutcome, { ok: false }>> {
  return new Promise((done) =>
    setImmediate(() => {
      try {
        done(composeOutgoing(message, from, templates));
      } catch (error) {
        done({ ok: false, failure: { kind: 'recipient-rejected', reason: `${CANNOT_BE_MADE} ${(error as Error).message}` } });
      }
    }),
  );
}

/** The message as it goes out, rendered from the template and the values stored with the row. */
export function composeOutgoing(message: ClaimedMessage, from: string, templates: Templates): OutgoingMessage {
  const template = templates.find(message.templateId);
  if (!template) throw new Error(`template ${message.templateId} no longer exists`);
  let values: Record<string, string | undefined>;
  try {
    values = JSON.parse(message.fieldsJson) as Record<string, string | undefined>;
  } catch {
    throw new Error('the values stored with it are not valid JSON');
  }
  const rendered = renderForSending(template, fieldValues({ ...templates.shared, ...values }));
  return {
    messageId: messageIdOf(message.messageKey),
    from,
    to: [message.recipient],
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
  };
}
