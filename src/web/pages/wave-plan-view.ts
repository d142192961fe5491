import { formatLongDate, formatLongDateSpan } from '../../calendar/local-date.js';
import { plural } from '../../shared/plural.js';
import type { PlannedWave, WavePlanOutcome } from '../../waves/plan-outcome.js';
import { brokenLinkCells, firstOf } from './wave-links-view.js';

const GB = 1024 ** 3;

function plannedWaveRow(wave: PlannedWave) {
  const capacity = [
    wave.capacity === undefined ? '' : plural(wave.capacity, 'mailbox', 'mailboxes'),
    wave.capacityBytes === undefined ? '' : `${(wave.capacityBytes / GB).toFixed(0)} GB`,
  ].filter(Boolean);
  return {
    name: wave.name,
    tag: wave.isNew ? 'New' : wave.started ? 'Started' : '',
    dates: formatLongDateSpan(wave),
    people: wave.people,
    shared: wave.sharedMailboxes,
    gb: (wave.bytes / GB).toFixed(1),
    capacity: capacity.join(', ') || 'No limit',
    broken: wave.brokenLinks ? `${wave.brokenLinks} (weight ${wave.brokenWeight})` : '0',
  };
}

/** A list of lines for the page: the first ones, and how many more there are. */
function lines(items: readonly string[]) {
  const { shown, more } = firstOf(items);
  return { items: shown, more };
}

/** A plan worked out and not saved, as the preview shows it. */
export function planPreview(outcome: WavePlanOutcome) {
  const names = new Map(Object.entries(outcome.names));
  const links = firstOf(outcome.brokenLinks);
  const moved = firstOf(outcome.movedFromWave);
  const left = outcome.leftOut;
  return {
    summary: outcome.summary,
    fingerprint: outcome.fingerprint,
    waves: outcome.waves.map(plannedWaveRow),
    newWaves: outcome.newWaves.length,
    brokenLinks: links.shown.map((link) => brokenLinkCells(link, names)),
    moreLinks: links.more,
    linkCount: plural(outcome.brokenLinks.length, 'link'),
    brokenWeight: outcome.brokenWeight,
    moved: moved.shown.map((change) => ({ name: change.name, email: change.email, from: change.from ?? '', to: change.to })),
    moreMoved: moved.more,
    movedCount: plural(outcome.movedFromWave.length, 'person or shared mailbox', 'people and shared mailboxes'),
    departmentsSplit: lines(outcome.departmentsSplit.map((d) => `${d.department}: ${d.waves.join(', ')}`)),
    serviceAccounts: lines(outcome.serviceAccounts.map((a) => `${a.email} (rights on ${plural(a.mailboxes, 'mailbox', 'mailboxes')})`)),
    broadAccounts: lines(outcome.broadAccounts.map((a) => `${a.email} (rights on ${plural(a.mailboxes, 'mailbox', 'mailboxes')})`)),
    unknownNames: lines(outcome.unknownNames.map((r) => `${r.holder} on ${r.mailbox} (${r.access})`)),
    unknownStaffWaves: lines(outcome.unknownStaffWaves.map((u) => `${u.email}: "${u.wave}"`)),
    skippedWeekends: lines(outcome.skippedWeekends.map((w) => `${formatLongDate(w.start)}: ${w.reason}`)),
    leftOut: `Not planned: ${left.moved} already moved, ${left.inStartedWaves} in waves that have started, ${left.notCurrent} not current (disabled or left), ${left.notGettingNhsmail} not getting NHSmail.`,
  };
}
