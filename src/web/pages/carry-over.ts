import type { FastifyRequest } from 'fastify';
import { formatLongDateSpan } from '../../calendar/local-date.js';
import { sortWaves } from '../../plan/timeline.js';
import { type CarryOverOutcome, carryOver, previewCarryOver } from '../../results/carry-over.js';
import { plural } from '../../shared/plural.js';
import type { Wave } from '../../waves/wave.js';
import type { WaveSize } from '../../waves/waves-in-force.js';
import { formField, queryField } from '../form-fields.js';
import { isFormRefusal } from '../form-refusal.js';
import { roleCan } from '../role-can.js';
import type { PageHandler, WebContext } from '../web-context.js';
import { count } from './time-words.js';
import { waveOfRequest } from './wave-results.js';

const by = (request: FastifyRequest) => request.user?.email ?? 'web';

/** Who goes into which wave, and why: the colleagues rule, the wave chosen, or the first later wave with room. */
function placements(outcome: CarryOverOutcome, chosen: boolean) {
  return [...outcome.carriedTo].flatMap(([to, people]) =>
    people.map((person) => ({
      person,
      to,
      why: chosen
        ? 'the wave chosen on this page'
        : outcome.withColleagues.has(person)
          ? `people they share mail or a calendar with are in ${to} and have not moved yet`
          : 'the first wave after this one with room',
    })),
  );
}

/**
 * Each later wave's size before and after the carry-over, and its capacity: the mailboxes it has
 * still to move, counted as the waves page counts them (waveSizesOf), people and shared apart.
 */
function roomRows(outcome: CarryOverOutcome) {
  return outcome.laterWaves.map((room) => {
    const after = room.people + (outcome.carriedTo.get(room.wave.name)?.length ?? 0);
    return {
      name: room.wave.name,
      dates: formatLongDateSpan(room.wave),
      now: toMoveWords(room.size),
      after: plural(after, 'mailbox', 'mailboxes'),
      capacity: room.capacity === undefined ? 'no limit' : plural(room.capacity, 'mailbox', 'mailboxes'),
      roomLeft: room.capacity === undefined ? 'no limit' : count(Math.max(0, room.capacity - after)),
    };
  });
}

/** "12 mailboxes (10 people, 2 shared mailboxes)": what a wave has still to move. */
export function toMoveWords(size: WaveSize): string {
  const total = plural(size.people + size.sharedMailboxes, 'mailbox', 'mailboxes');
  return `${total} (${plural(size.people, 'person', 'people')}, ${plural(size.sharedMailboxes, 'shared mailbox', 'shared mailboxes')})`;
}

async function carryOverPage(request: FastifyRequest, web: WebContext, to: string) {
  const { wave, workspace } = await waveOfRequest(request, web);
  const later = sortWaves(workspace.waves).filter((w: Wave) => w.start > wave.end);
  const base = {
    pageTitle: `Carry over the failed moves of ${wave.name}`,
    wave: { id: wave.id, name: wave.name, dates: formatLongDateSpan(wave) },
    choices: [
      { value: '', text: 'Each into the best wave with room', selected: to === '' },
      ...later.map((w) => ({ value: w.name, text: `${w.name} (${formatLongDateSpan(w)})`, selected: w.name === to })),
    ],
    to,
    canEdit: roleCan(request, 'editor'),
  };
  try {
    const outcome = await previewCarryOver(web.store, web.organisation, { wave: wave.name, to: to || undefined }, web.now());
    const people = placements(outcome, to !== '');
    return {
      ...base,
      people,
      count: plural(people.length, 'person', 'people'),
      helpdesk: outcome.helpdesk,
      leftOver: outcome.leftOver,
      rooms: roomRows(outcome),
    };
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return { ...base, refusal: error.message.replace(/ Nothing was changed\.$/, '') };
  }
}

/** The preview: who would be carried into which wave and why, and the room in each later wave. Nothing is kept. */
export const showCarryOver: PageHandler = async (request, reply, web) => {
  const page = await carryOverPage(request, web, queryField(request, 'to').trim());
  return reply.page('carry-over.njk', page, 'refusal' in page ? 400 : 200);
};

/** `commsplan waves carry-over WAVE [--to WAVE] --by NAME`, by the signed-in person. */
export const confirmCarryOver: PageHandler = async (request, reply, web) => {
  const { wave } = await waveOfRequest(request, web);
  const to = formField(request, 'to').trim();
  try {
    const outcome = await carryOver(web.store, web.organisation, { wave: wave.name, to: to || undefined, by: by(request) }, web.now());
    const carried = [...outcome.carriedTo.values()].reduce((sum, people) => sum + people.length, 0);
    return reply.redirect(`/waves/${wave.id}/results?done=carried&count=${encodeURIComponent(plural(carried, 'person', 'people'))}`, 303);
  } catch (error) {
    if (!isFormRefusal(error)) throw error;
    return reply.page('carry-over.njk', await carryOverPage(request, web, to), 400);
  }
};
