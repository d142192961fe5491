import type { FastifyRequest } from 'fastify';
import { londonDate } from '../../calendar/london-time.js';
import { sortWaves } from '../../plan/timeline.js';
import { acceptRemainder, countUnmoved, unmovedPeoplePage } from '../../results/completion.js';
import { latestRemainderAcceptance } from '../../results/recorded-results.store.js';
import { plural } from '../../shared/plural.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { roleCan } from '../role-can.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { workspaceSnapshot } from '../workspace-snapshot.js';
import { actorAfterBy } from './actor-words.js';
import { whenWords } from './time-words.js';

const SHOWN = 50;
const NO_REASON = 'Enter why the people left will not move';

/** Whom accepting the remainder is about (the people with a local mailbox still to move), a page at a time. */
async function remainderPage(request: FastifyRequest, web: WebContext, extra: Record<string, unknown> = {}) {
  const orgId = web.organisation.id;
  const now = web.now();
  const after = queryField(request, 'after');
  const [{ workspace }, unmoved, people, accepted] = await Promise.all([
    workspaceSnapshot(web.store, orgId),
    countUnmoved(web.store, orgId, now),
    unmovedPeoplePage(web.store, orgId, now, after, SHOWN),
    latestRemainderAcceptance(web.store.db, orgId),
  ]);
  const running = sortWaves(workspace.waves).filter((w) => w.end >= londonDate(now));
  return {
    pageTitle: 'Accept the people left unmoved',
    unmoved: plural(unmoved, 'person', 'people'),
    unmovedCount: unmoved,
    people: people.map((p) => ({
      email: p.email,
      name: p.display_name ?? ([p.first_name, p.last_name].filter(Boolean).join(' ') || ''),
      wave: p.wave ?? '',
    })),
    next: people.length === SHOWN ? people.at(-1)?.email : undefined,
    first: after !== '',
    running: running.map((w) => w.name),
    accepted: accepted
      ? {
          by: actorAfterBy(accepted.acceptedBy),
          at: whenWords(accepted.acceptedAt),
          people: plural(accepted.people, 'person', 'people'),
          reason: accepted.reason,
        }
      : undefined,
    done: queryField(request, 'done'),
    canApprove: roleCan(request, 'approver'),
    ...extra,
  };
}

/** The people still to move, and the form to accept that they will not, with why. */
export const showAcceptRemainder: PageHandler = async (request, reply, web) =>
  reply.page('accept-remainder.njk', await remainderPage(request, web));

/** `commsplan waves accept-remainder --by NAME --reason TEXT`, by the signed-in person; a reason is required here. */
export const confirmAcceptRemainder: PageHandler = async (request, reply, web) => {
  const reason = formField(request, 'reason').trim();
  if (!reason)
    return reply.page('accept-remainder.njk', await remainderPage(request, web, { error: { text: NO_REASON, field: 'reason' } }), 400);
  try {
    await acceptRemainder(web.store, web.organisation, { by: request.user?.email ?? 'web', reason }, web.now());
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    const text = error.message.replace(/ Nothing was changed\.$/, '');
    return reply.page('accept-remainder.njk', await remainderPage(request, web, { error: { text, field: 'reason' }, reason }), 400);
  }
  return reply.redirect('/waves/accept-remainder?done=accepted', 303);
};
