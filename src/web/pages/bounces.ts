import type { FastifyRequest } from 'fastify';
import { roleAllows } from '../../accounts/role.js';
import { type BounceListing, listBounces } from '../../bounces/bounces.store.js';
import { fetchBounces } from '../../bounces/collect-bounces.js';
import { sha256Hex } from '../../outbox/content-hash.js';
import { listSenders } from '../../senders/senders.store.js';
import { cleanEmailAddress } from '../../shared/email-address.js';
import { plural } from '../../shared/plural.js';
import { ERROR_PAGES, sendErrorPage } from '../error-pages.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { pageOfList } from './list-pages.js';
import { writtenMessageHref } from './mail.js';
import { whenWords } from './time-words.js';

/** A person waits for the page while the mailbox is read: shorter than the CLI's, so a dead server answers in time. */
const WEB_TIMEOUTS = { connectMs: 10_000, answerMs: 20_000 };
const BOUNCES_PAGE_SIZE = 50;

export const addressHref = (address: string) => `/bounces/${encodeURIComponent(address)}`;
const pageHref = (n: number) => (n === 1 ? '/bounces' : `/bounces?page=${n}`);

const KIND_WORDS: Record<string, string> = { permanent: 'Did not arrive', temporary: 'Delayed' };

/** One bounce as the pages show it, with the message it answered when one of ours matched. */
function bounceView(bounce: BounceListing, folderSenders: ReadonlySet<string>) {
  const activityId = bounce.occurrenceKey?.split('@')[0];
  return {
    address: bounce.address || 'No address given',
    addressHref: bounce.address ? addressHref(bounce.address) : undefined,
    recorded: whenWords(bounce.recordedAt),
    kind: KIND_WORDS[bounce.kind] ?? bounce.kind,
    reason: [bounce.status, bounce.reason].filter(Boolean).join(' '),
    reportSubject: bounce.reportSubject,
    reportDate: whenWords(bounce.reportDate),
    message: bounce.messageKey
      ? {
          occurrence: bounce.occurrenceKey,
          activityHref: activityId && !activityId.includes(':') ? `/activities/${encodeURIComponent(activityId)}` : undefined,
          state: bounce.messageState,
          mailHref: writtenMessageHref(folderSenders, bounce.senderName, bounce.messageKey),
        }
      : undefined,
  };
}

async function bounceSources(web: WebContext) {
  const [bounces, senders] = await Promise.all([
    listBounces(web.store.db, web.organisation.id),
    listSenders(web.store.db, web.organisation.id),
  ]);
  return {
    newestFirst: [...bounces].reverse(),
    folderSenders: new Set(senders.filter((s) => s.kind === 'folder').map((s) => s.name)),
    mailboxes: senders.filter((s) => s.reportsFrom).map((s) => ({ name: s.name, reportsFrom: s.reportsFrom })),
  };
}

const canFetch = (request: FastifyRequest) => (request.user ? roleAllows(request.user.role, 'approver') : false);

/** What the last fetch found, as the redirect after it carries it. */
function fetchedWords(request: FastifyRequest): string | undefined {
  const sender = queryField(request, 'fetched');
  if (!sender) return undefined;
  const read = Number(queryField(request, 'read')) || 0;
  const recorded = Number(queryField(request, 'recorded')) || 0;
  return `Read ${plural(read, 'new message')} in the mailbox of ${sender}: ${plural(recorded, 'bounce')} recorded.`;
}

async function bouncesPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const { newestFirst, folderSenders, mailboxes } = await bounceSources(web);
  const page = pageOfList(newestFirst, queryField(request, 'page'), pageHref, BOUNCES_PAGE_SIZE);
  return {
    pageTitle: 'Bounces',
    total: plural(newestFirst.length, 'bounce'),
    unmatched: newestFirst.filter((b) => !b.messageKey).length,
    bounces: page.items.map((b) => bounceView(b, folderSenders)),
    page,
    mailboxes,
    canFetch: canFetch(request),
    fetched: fetchedWords(request),
    ...extra,
  };
}

/** `commsplan bounces`: every bounce recorded, newest first, a page at a time, and reading a sender's mailbox now. */
export const showBounces: PageHandler = async (request, reply, web) => reply.page('bounces.njk', await bouncesPage(request, web));

/** Every bounce of one address, each with the message it answered. */
export const showBouncesOfAddress: PageHandler = async (request, reply, web) => {
  const address = cleanEmailAddress((request.params as { address: string }).address);
  const { newestFirst, folderSenders } = await bounceSources(web);
  const ofAddress = newestFirst.filter((b) => b.address === address);
  if (!ofAddress.length) return sendErrorPage(reply, ERROR_PAGES.notFound);
  return reply.page('bounces-of-address.njk', {
    pageTitle: `Bounces of ${address}`,
    address,
    total: plural(ofAddress.length, 'bounce'),
    bounces: ofAddress.map((b) => bounceView(b, folderSenders)),
  });
};

/** `commsplan bounces fetch SENDER`: reads the sender's mailbox now; the server's refusal comes back in words. */
export const fetchBouncesNow: PageHandler = async (request, reply, web) => {
  const sender = formField(request, 'sender');
  const refuse = async (text: string) => reply.page('bounces.njk', await bouncesPage(request, web, { error: { text } }), 400);
  // An empty name would mean the default sender to the use-case; the page always names one.
  if (!sender.trim()) return refuse('Choose the sender whose mailbox to read.');
  try {
    const outcome = await fetchBounces(web.store, web.organisation, sender, {
      env: web.env ?? {},
      now: web.now,
      actor: request.user?.email ?? 'web',
      sha256Hex,
      timeouts: WEB_TIMEOUTS,
    });
    if (!outcome.ok)
      return reply.page(
        'bounces.njk',
        await bouncesPage(request, web, {
          error: { text: `The mailbox of ${sender} could not be read: ${outcome.reason}. Nothing was recorded.` },
        }),
        502,
      );
    const query = new URLSearchParams({ fetched: sender, read: String(outcome.read), recorded: String(outcome.recorded.length) });
    return reply.redirect(`/bounces?${query}`, 303);
  } catch (error) {
    if (isFormRefusal(error)) return refuse(error.message);
    throw error;
  }
};
