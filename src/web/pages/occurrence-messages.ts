import { emlFileNameOf } from '../../delivery/mail-folder.js';
import type { MessageState } from '../../delivery/message-state.js';
import { listOutbox } from '../../delivery/outbox.store.js';
import { listSenders } from '../../delivery/senders.store.js';
import { sendErrorPage } from '../error-pages.js';
import { queryField } from '../form-fields.js';
import type { PageHandler } from '../web-context.js';
import { planNames } from './audit-log.js';
import { subjectOf } from './audit-log-view.js';
import { count, whenWords } from './time-words.js';

const SHOWN = 200;

/** The report's columns that count messages, and the outbox states each counts (recipients: every state). */
export const REPORT_COUNTS: Readonly<Record<string, { label: string; states?: readonly MessageState[] }>> = {
  recipients: { label: 'Every recipient' },
  sent: { label: 'Sent', states: ['sent'] },
  failed: { label: 'Failed', states: ['failed'] },
  pending: { label: 'Waiting to go', states: ['queued', 'sending', 'retrying'] },
  cancelled: { label: 'Cancelled', states: ['cancelled'] },
};

/** The page listing the people a count of the report stands for. */
export const occurrenceMessagesHref = (occurrence: string, column: string) =>
  `/reports/messages?occurrence=${encodeURIComponent(occurrence)}&count=${column}`;

/** The messages of one occurrence in the states one count of the report counts: the people behind the number. */
/** A message's state as the comms lead reads it. */
const MESSAGE_STATE_WORDS: Readonly<Record<MessageState, string>> = {
  queued: 'Waiting to go',
  sending: 'Being sent',
  retrying: 'Waiting to be tried again',
  sent: 'Sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
  bounced: 'Bounced',
};

export const showOccurrenceMessages: PageHandler = async (request, reply, web) => {
  const occurrence = queryField(request, 'occurrence');
  const column = REPORT_COUNTS[queryField(request, 'count')];
  if (!occurrence || !column)
    return sendErrorPage(reply, {
      status: 404,
      pageTitle: 'There is no such list',
      paragraphs: ['The reports page links each of its counts to the people it counts.'],
      nextStep: { href: '/reports', text: 'Go to the reports' },
    });
  const [{ messages, total }, senders, names] = await Promise.all([
    listOutbox(web.store.db, web.organisation.id, { occurrence, states: column.states, limit: SHOWN }),
    listSenders(web.store.db, web.organisation.id),
    planNames(web),
  ]);
  const occurrenceName = subjectOf(occurrence, names).text;
  const folders = new Set(senders.filter((s) => s.kind === 'folder').map((s) => s.name));
  return reply.page('occurrence-messages.njk', {
    pageTitle: `${column.label}: ${occurrenceName}`,
    occurrence: occurrenceName,
    label: column.label,
    total: count(total),
    more: total > messages.length,
    shown: count(messages.length),
    rows: messages.map((m) => [
      {
        text: m.recipient,
        href:
          m.state === 'sent' && folders.has(m.senderName)
            ? `/mail/${encodeURIComponent(m.senderName)}/${encodeURIComponent(emlFileNameOf(m.messageKey))}`
            : undefined,
      },
      { text: MESSAGE_STATE_WORDS[m.state] },
      { text: m.sentAt ? whenWords(m.sentAt) : `from ${whenWords(m.notBefore)}` },
      { text: m.lastError ?? '' },
    ]),
  });
};
