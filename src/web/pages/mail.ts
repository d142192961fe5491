import { randomBytes } from 'node:crypto';
import { emlFileNameOf, listMailFolder, type MailFile, readMailFile } from '../../delivery/mail-files.js';
import { readEmail, readEmailHeaders } from '../../delivery/read-email-mime.js';
import { listOutbox } from '../../outbox/list-outbox.store.js';
import { MESSAGE_STATES, type MessageState } from '../../outbox/message-state.js';
import { findSender, listSenders } from '../../senders/senders.store.js';
import { plural } from '../../shared/plural.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { queryField } from '../form-fields.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { pageOfTotal, pageStart } from './list-pages.js';
import { count, londonDateTime } from './time-words.js';

/** Messages on a page of the mail folder and of the outbox: a page reads and parses only its own messages. */
const MAIL_PAGE_SIZE = 50;

const paramsOf = (request: Parameters<PageHandler>[0]) => request.params as { sender: string; file: string };
const messageHref = (sender: string, file: string) => `/mail/${encodeURIComponent(sender)}/${encodeURIComponent(file)}`;

/** Where a message can be read on these pages: only when its sender writes to a folder (`folderSenders`, by name). */
export const writtenMessageHref = (folderSenders: ReadonlySet<string>, senderName: string | undefined, messageKey: string) =>
  senderName && folderSenders.has(senderName) ? messageHref(senderName, emlFileNameOf(messageKey)) : undefined;

/** The names of the senders that write to a folder: the messages these pages can show. */
export async function folderSenderNames(web: Pick<WebContext, 'store' | 'organisation'>): Promise<ReadonlySet<string>> {
  return new Set((await listSenders(web.store.db, web.organisation.id)).filter((s) => s.kind === 'folder').map((s) => s.name));
}

/** The address of /mail with these query fields (empty ones left out), at `#anchor`. */
function mailHref(fields: Record<string, string | number | undefined>, anchor: string): string {
  const query = new URLSearchParams(
    Object.entries(fields).flatMap(([name, value]): [string, string][] => (value ? [[name, String(value)]] : [])),
  );
  const search = query.toString();
  return `/mail${search ? `?${search}` : ''}#${anchor}`;
}

/** How many messages' subjects and recipients are kept, the longest unread forgotten first: a page reads and parses a file once. */
const HEADERS_KEPT = 20_000;
const headersKept = new Map<string, { subject: string; to: string } | undefined>();

/** The subject and recipients of a listed message, parsed from its file the first time it is shown at this size and written time. */
async function headersOf(folder: string, file: MailFile): Promise<{ subject: string; to: string } | undefined> {
  const key = JSON.stringify([folder, file.name, file.size, file.writtenAt]);
  if (headersKept.has(key)) {
    const kept = headersKept.get(key);
    headersKept.delete(key);
    headersKept.set(key, kept);
    return kept;
  }
  const bytes = await readMailFile(folder, file.name);
  const email = bytes ? await readEmailHeaders(bytes) : undefined;
  const headers = email ? { subject: email.subject, to: email.to } : undefined;
  // A file gone since the listing is not kept: it may be written again.
  if (headers) headersKept.set(key, headers);
  if (headersKept.size > HEADERS_KEPT) headersKept.delete(headersKept.keys().next().value as string);
  return headers;
}

/** One page of the chosen folder sender's messages, newest first: only that page's files are read (the first time it is shown), and only their headers parsed. */
async function folderPage(sender: { name: string; folder: string }, page: string, others: Record<string, string | undefined>, now: Date) {
  const files = await listMailFolder(sender.folder, now);
  const { offset, limit } = pageStart(files.length, page, MAIL_PAGE_SIZE);
  const messages = await Promise.all(
    files.slice(offset, offset + limit).map(async (file) => {
      const email = await headersOf(sender.folder, file);
      return {
        href: messageHref(sender.name, file.name),
        subject: email?.subject || '(no subject)',
        to: email?.to ?? '',
        writtenAt: londonDateTime(file.writtenAt),
      };
    }),
  );
  const hrefOf = (n: number) => mailHref({ ...others, sender: sender.name, page: n > 1 ? n : undefined }, 'folder');
  return {
    name: sender.name,
    folder: sender.folder,
    total: count(files.length),
    totalWords: plural(files.length, 'message'),
    page: pageOfTotal(messages, files.length, offset, hrefOf, MAIL_PAGE_SIZE),
  };
}

export const showMail: PageHandler = async (request, reply, web) => {
  const senders = (await listSenders(web.store.db, web.organisation.id)).filter((s) => s.kind === 'folder');
  const rawState = queryField(request, 'state');
  const state = (MESSAGE_STATES as readonly string[]).includes(rawState) ? (rawState as MessageState) : undefined;
  const chosen = senders.find((s) => s.name === queryField(request, 'sender')) ?? senders[0];
  const outboxPage = queryField(request, 'outbox');
  const folder = chosen ? await folderPage(chosen, queryField(request, 'page'), { state, outbox: outboxPage }, web.now()) : undefined;

  const total = (await listOutbox(web.store.db, web.organisation.id, { state, limit: 0 })).total;
  const { offset, limit } = pageStart(total, outboxPage, MAIL_PAGE_SIZE);
  const { messages } = await listOutbox(web.store.db, web.organisation.id, { state, limit, offset });
  const folderSenders = new Set(senders.map((s) => s.name));
  const outboxRows = messages.map((m) => ({
    ...m,
    notBefore: londonDateTime(m.notBefore),
    sentAt: londonDateTime(m.sentAt),
    href: m.state === 'sent' ? writtenMessageHref(folderSenders, m.senderName, m.messageKey) : undefined,
  }));
  const outboxHrefOf = (n: number) =>
    mailHref({ sender: chosen?.name, page: queryField(request, 'page'), state, outbox: n > 1 ? n : undefined }, 'outbox');
  return reply.page('mail.njk', {
    pageTitle: 'Mail',
    folder,
    senders: senders.map((s) => ({ value: s.name, text: s.name, selected: s.name === chosen?.name })),
    states: ['', ...MESSAGE_STATES].map((s) => ({ value: s, text: s || 'Every state', selected: s === (state ?? '') })),
    outbox: pageOfTotal(outboxRows, total, offset, outboxHrefOf, MAIL_PAGE_SIZE),
    outboxTotal: count(total),
    outboxTotalWords: plural(total, 'message'),
  });
};

/** The message's bytes, or undefined (a 404) for an unknown sender or any name the folder does not list. */
async function messageOf(request: Parameters<PageHandler>[0], web: Parameters<PageHandler>[2]) {
  const { sender: senderName, file } = paramsOf(request);
  const sender = await findSender(web.store.db, web.organisation.id, senderName);
  if (sender?.kind !== 'folder') return undefined;
  const bytes = await readMailFile(sender.folder, file);
  return bytes ? { sender, file, email: await readEmail(bytes) } : undefined;
}

export const showMessage: PageHandler = async (request, reply, web) => {
  const found = await messageOf(request, web);
  if (!found) return sendErrorPage(reply, ERROR_PAGES.notFound);
  const { sender, file, email } = found;
  return reply.page('mail-message.njk', {
    pageTitle: email.subject || 'A message',
    sender: sender.name,
    file,
    email: { ...email, date: londonDateTime(email.date) },
    htmlHref: email.html ? `${messageHref(sender.name, file)}/html` : undefined,
  });
};

/**
 * The one script the email's frame runs (the server's, by its nonce; none of the email's own):
 * it tells the message page how tall the email is, whenever that changes and whenever the page
 * asks (the page's script may start listening after the frame has loaded), so the page can show
 * all of it. It sends a number and nothing else.
 */
const REPORT_HEIGHT = `(() => {
  const say = () => window.parent.postMessage({ commsplanEmailHeight: document.documentElement.getBoundingClientRect().height }, '*');
  window.addEventListener('load', say);
  window.addEventListener('resize', say);
  window.addEventListener('message', (event) => {
    if (event.source === window.parent && event.data?.commsplanAskHeight === true) say();
  });
  say();
})();`;

/**
 * The message's HTML part alone, for the message page's iframe. Its own Content-Security-Policy
 * puts it in a sandbox (a unique origin, no forms, no pop-ups) that loads nothing from anywhere,
 * so nothing in an email can reach the app's origin or call home. The only script that runs is
 * the server's own (by a nonce made for this response), which reports the email's height.
 */
export const showMessageHtml: PageHandler = async (request, reply, web) => {
  const found = await messageOf(request, web);
  if (!found?.email.html) return sendErrorPage(reply, ERROR_PAGES.notFound);
  const nonce = randomBytes(16).toString('base64');
  return reply
    .header(
      'content-security-policy',
      `sandbox allow-scripts; default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'`,
    )
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`${found.email.html}\n<script nonce="${nonce}">${REPORT_HEIGHT}</script>\n`);
};
