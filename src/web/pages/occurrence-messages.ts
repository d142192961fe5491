import { listOutbox, type OutboxMessage } from '../../outbox/list-outbox.store.js';
import type { MessageState } from '../../outbox/message-state.js';
import { sendErrorPage } from '../error-pages.js';
import { queryField } from '../form-fields.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { subjectOf } from './audit-log-view.js';
import { readPlanNames } from './key-words.js';
import { pageOfTotal, pageStart, sendCsv } from './list-pages.js';
import { folderSenderNames, writtenMessageHref } from './mail.js';
import { count, whenWords } from './time-words.js';

/** Messages on a page, as on the mail page; the CSV download has them all. */
export const MESSAGES_PAGE_SIZE = 50;
/** Messages read at a time for the download. */
const CSV_BATCH = 5000;

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

type Request = Parameters<PageHandler>[0];
type Reply = Parameters<PageHandler>[1];

/** The list the address asks for (an occurrence and one of the report's counts), or undefined when it names none. */
function listOf(request: Request) {
  const occurrence = queryField(request, 'occurrence');
  const countName = queryField(request, 'count');
  const column = REPORT_COUNTS[countName];
  return occurrence && column ? { occurrence, countName, column } : undefined;
}

const noSuchList = (reply: Reply) =>
  sendErrorPage(reply, {
    status: 404,
    pageTitle: 'There is no such list',
    paragraphs: ['The reports page links each of its counts to the people it counts.'],
    nextStep: { href: '/reports', text: 'Go to the reports' },
  });

/** The message's own page on /mail, for a sent message a folder sender wrote. */
const messageHref = (m: OutboxMessage, folders: ReadonlySet<string>) =>
  m.state === 'sent' ? writtenMessageHref(folders, m.senderName, m.messageKey) : undefined;

const whenOf = (m: OutboxMessage) => (m.sentAt ? whenWords(m.sentAt) : `from ${whenWords(m.notBefore)}`);

export const showOccurrenceMessages: PageHandler = async (request, reply, web) => {
  const list = listOf(request);
  if (!list) return noSuchList(reply);
  const { occurrence, countName, column } = list;
  const filter = { occurrence, states: column.states };
  const { total } = await listOutbox(web.store.db, web.organisation.id, { ...filter, limit: 0 });
  const { offset, limit } = pageStart(total, queryField(request, 'page'), MESSAGES_PAGE_SIZE);
  const [{ messages }, folders, names] = await Promise.all([
    listOutbox(web.store.db, web.organisation.id, { ...filter, limit, offset }),
    folderSenderNames(web),
    readPlanNames(web),
  ]);
  const occurrenceName = subjectOf(occurrence, names).text;
  const href = occurrenceMessagesHref(occurrence, countName);
  const page = pageOfTotal(messages, total, offset, (n) => (n > 1 ? `${href}&page=${n}` : href), MESSAGES_PAGE_SIZE);
  return reply.page('occurrence-messages.njk', {
    pageTitle: `${column.label}: ${occurrenceName}`,
    occurrence: occurrenceName,
    label: column.label,
    total: count(total),
    page,
    csvHref: `/reports/messages/csv?occurrence=${encodeURIComponent(occurrence)}&count=${countName}`,
    rows: page.items.map((m) => [
      { text: m.recipient, href: messageHref(m, folders) },
      { text: MESSAGE_STATE_WORDS[m.state] },
      { text: whenOf(m) },
      { text: m.lastError ?? '' },
    ]),
  });
};

const CSV_COLUMNS = ['Sent to', 'State', 'When', 'Why it failed or was cancelled'] as const;

/** Every message of the list, a batch at a time, as the CSV's rows. */
async function* messageRows(web: WebContext, filter: { occurrence: string; states?: readonly MessageState[] }) {
  for (let offset = 0; ; offset += CSV_BATCH) {
    const { messages } = await listOutbox(web.store.db, web.organisation.id, { ...filter, limit: CSV_BATCH, offset });
    for (const m of messages) yield [m.recipient, MESSAGE_STATE_WORDS[m.state], whenOf(m), m.lastError ?? ''];
    if (messages.length < CSV_BATCH) return;
  }
}

/** The list as CSV: every message, not only a page, with formulas neutralised. */
export const downloadOccurrenceMessages: PageHandler = async (request, reply, web) => {
  const list = listOf(request);
  if (!list) return noSuchList(reply);
  const fileName = `${list.occurrence.replace(/[^A-Za-z0-9-]+/g, '-')}-${list.countName}.csv`;
  return sendCsv(reply, fileName, CSV_COLUMNS, messageRows(web, { occurrence: list.occurrence, states: list.column.states }));
};
