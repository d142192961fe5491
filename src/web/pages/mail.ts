import { emlFileNameOf, listMailFolder, readMailFile } from '../../delivery/mail-folder.js';
import { MESSAGE_STATES, type MessageState } from '../../delivery/message-state.js';
import { listOutbox } from '../../delivery/outbox.store.js';
import { readEmail } from '../../delivery/read-email.js';
import { findSender, listSenders } from '../../delivery/senders.store.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { queryField } from '../form-fields.js';
import type { PageHandler } from '../web-context.js';
import { count, londonDateTime } from './time-words.js';

const SHOWN = 100;

const paramsOf = (request: Parameters<PageHandler>[0]) => request.params as { sender: string; file: string };
const messageHref = (sender: string, file: string) => `/mail/${encodeURIComponent(sender)}/${encodeURIComponent(file)}`;

export const showMail: PageHandler = async (request, reply, web) => {
  const senders = (await listSenders(web.store.db, web.organisation.id)).filter((s) => s.kind === 'folder');
  const folders = await Promise.all(
    senders.map(async (sender) => {
      const files = await listMailFolder(sender.folder);
      const shown = await Promise.all(
        files.slice(0, SHOWN).map(async (file) => {
          const bytes = await readMailFile(sender.folder, file.name);
          const email = bytes ? await readEmail(bytes) : undefined;
          return {
            href: messageHref(sender.name, file.name),
            subject: email?.subject || '(no subject)',
            to: email?.to ?? '',
            writtenAt: londonDateTime(file.writtenAt),
          };
        }),
      );
      return { name: sender.name, folder: sender.folder, total: count(files.length), more: files.length > SHOWN, messages: shown };
    }),
  );
  const rawState = queryField(request, 'state');
  const state = (MESSAGE_STATES as readonly string[]).includes(rawState) ? (rawState as MessageState) : undefined;
  const { messages, total } = await listOutbox(web.store.db, web.organisation.id, { state, limit: SHOWN });
  const folderOf = new Map(senders.map((s) => [s.name, s.folder]));
  return reply.page('mail.njk', {
    pageTitle: 'Mail',
    folders,
    states: ['', ...MESSAGE_STATES].map((s) => ({ value: s, text: s || 'Every state', selected: s === (state ?? '') })),
    outbox: messages.map((m) => ({
      ...m,
      notBefore: londonDateTime(m.notBefore),
      sentAt: londonDateTime(m.sentAt),
      href: m.state === 'sent' && folderOf.has(m.senderName) ? messageHref(m.senderName, emlFileNameOf(m.messageKey)) : undefined,
    })),
    outboxTotal: count(total),
    outboxMore: total > messages.length,
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
 * The message's HTML part alone, for the message page's iframe. Its own Content-Security-Policy
 * puts it in a sandbox (a unique origin, no scripts, no forms) that loads nothing from anywhere,
 * so nothing in an email can run in the app's origin or call home.
 */
export const showMessageHtml: PageHandler = async (request, reply, web) => {
  const found = await messageOf(request, web);
  if (!found?.email.html) return sendErrorPage(reply, ERROR_PAGES.notFound);
  return reply
    .header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
    .header('x-frame-options', 'SAMEORIGIN')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(found.email.html);
};
