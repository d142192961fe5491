import { personName } from '../audiences/owner-fields.js';
import type { LocalDate } from '../calendar/local-date.js';
import { plural } from '../shared/plural.js';
import type { ColleagueApart } from '../waves/colleagues-apart.js';
import { LINK_KINDS, type LinkKind } from '../waves/link-kinds.js';
import { type Wave, waveNamed } from '../waves/wave.js';
import { waveDates } from './message-fields.js';

/**
 * `((colleagues in other waves))`: one line per colleague or shared mailbox a person shares with
 * that moves on another weekend, what they share, and when the other side moves. Empty, a known
 * value, for someone whose colleagues all move with them, so the text about it is left out.
 */
export const COLLEAGUES_APART_FIELD = 'colleagues in other waves';

/** The settings that decide which rights count as broken (a weight of 0 leaves a kind out) and whose: a change changes what the field says. */
export const COLLEAGUES_APART_SETTINGS: readonly string[] = [...LINK_KINDS.map((kind) => `link-weight-${kind}`), 'service-account-links'];

/** How many colleagues are named before the rest are counted. */
export const COLLEAGUES_NAMED = 10;

/** What a right means to the person reading, by who holds it: they on the colleague's, the colleague on theirs, they on a shared mailbox. */
const RIGHT_WORDS: Readonly<Record<LinkKind, { onTheirs: string; onYours: string; onShared: string }>> = {
  'calendar-delegate': {
    onTheirs: 'you manage their calendar as their delegate',
    onYours: 'they manage your calendar as your delegate',
    onShared: 'you manage its calendar',
  },
  'full-access': { onTheirs: 'you can open their mailbox', onYours: 'they can open your mailbox', onShared: 'you can open it' },
  'calendar-editor': {
    onTheirs: 'you can change their calendar',
    onYours: 'they can change your calendar',
    onShared: 'you can change its calendar',
  },
  'send-as': { onTheirs: 'you send email as them', onYours: 'they send email as you', onShared: 'you send email from it' },
  'send-on-behalf': {
    onTheirs: 'you send email on their behalf',
    onYours: 'they send email on your behalf',
    onShared: 'you send email on its behalf',
  },
  'read-only': { onTheirs: 'you can see their calendar', onYours: 'they can see your calendar', onShared: 'you can see its calendar' },
};

function joinWithAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "moves with Wave 2 on Saturday 27 and Sunday 28 February 2027", or "moved" once that wave is over. */
function whenTheyMove(waveName: string, waves: readonly Wave[], today: LocalDate): string {
  const wave = waveNamed(waves, waveName);
  if (!wave) return `moves with ${waveName}`;
  return `${wave.end < today ? 'moved' : 'moves'} with ${wave.name} on ${waveDates(wave)}`;
}

/** A calendar delegate can change the calendar, and whoever can change it can see it: only the most a right gives is said. */
function withoutImplied(kinds: readonly LinkKind[]): LinkKind[] {
  const implied = new Set<LinkKind>();
  if (kinds.includes('calendar-delegate')) implied.add('calendar-editor').add('read-only');
  if (kinds.includes('calendar-editor')) implied.add('read-only');
  return [...new Set(kinds)].filter((kind) => !implied.has(kind));
}

function colleagueLine(colleague: ColleagueApart, waves: readonly Wave[], today: LocalDate): string {
  const name =
    personName({ email: colleague.email, displayName: colleague.displayName, firstName: null, lastName: null }) ?? colleague.email;
  const when = whenTheyMove(colleague.wave, waves, today);
  if (colleague.sharedMailbox) {
    const rights = withoutImplied(colleague.onTheirs).map((kind) => RIGHT_WORDS[kind].onShared);
    return `${name}, a shared mailbox that ${when}: ${joinWithAnd(rights)}.`;
  }
  const rights = [
    ...withoutImplied(colleague.onTheirs).map((kind) => RIGHT_WORDS[kind].onTheirs),
    ...withoutImplied(colleague.onYours).map((kind) => RIGHT_WORDS[kind].onYours),
  ];
  return `${name}, who ${when}: ${joinWithAnd(rights)}.`;
}

/**
 * The field for one person, given their colleagues in other waves (heaviest first). Up to
 * `COLLEAGUES_NAMED` are named; the rest are counted. Every line is text: the renderer escapes it.
 */
export function colleaguesApartField(
  colleagues: readonly ColleagueApart[],
  waves: readonly Wave[],
  today: LocalDate,
): Record<typeof COLLEAGUES_APART_FIELD, string> {
  const named = colleagues.slice(0, COLLEAGUES_NAMED).map((colleague) => colleagueLine(colleague, waves, today));
  const rest = colleagues.length - named.length;
  if (rest > 0)
    named.push(
      `And ${plural(rest, 'other colleague or shared mailbox', 'other colleagues or shared mailboxes')}: the project team can tell you who.`,
    );
  return { [COLLEAGUES_APART_FIELD]: named.join('\n') };
}
