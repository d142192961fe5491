import { CommsplanError } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import type { PlanInputs } from './plan-inputs.js';
import { GB, type MailboxToPlace, waveSpace } from './plan-problem.js';
import type { Wave } from './wave.js';

/**
 * How many new weekends the plan needs for everyone to fit by count and size. Refuses, saying
 * how much more is needed, when even every free weekend would not be enough.
 */
export function newWavesNeeded(inputs: PlanInputs, mailboxes: readonly MailboxToPlace[], open: readonly Wave[]): number {
  const demand = { count: mailboxes.length, bytes: mailboxes.reduce((sum, m) => sum + m.bytes, 0) };
  const largest = mailboxes.reduce<MailboxToPlace | undefined>((big, m) => (!big || m.bytes > big.bytes ? m : big), undefined);
  let room = { count: 0, bytes: 0 };
  for (const wave of open) room = add(room, waveSpace(wave, inputs.limits));
  let extra = 0;
  const perNewWave = inputs.weekends.free.length > 0 ? newWaveSpace(inputs) : { mailboxes: 0, bytes: 0 };
  while ((room.count < demand.count || room.bytes < demand.bytes) && extra < inputs.weekends.free.length) {
    room = add(room, perNewWave);
    extra += 1;
  }
  if (
    largest &&
    Number.isFinite(perNewWave.bytes) &&
    largest.bytes > Math.max(perNewWave.bytes, ...open.map((w) => waveSpace(w, inputs.limits).bytes))
  )
    throw new CommsplanError(
      'over-capacity',
      `${largest.email} holds ${(largest.bytes / GB).toFixed(1)} GB, more than any wave can move. Raise the capacity in GB (--capacity-gb) or move that mailbox on its own. Nothing was changed.`,
      { field: 'capacity-gb' },
    );
  if (room.count >= demand.count && room.bytes >= demand.bytes) return extra;
  const advice = inputs.weekends.free.length > 0 || open.length === 0 ? perNewWave : waveSpace(open[0] as Wave, inputs.limits);
  if (open.length + extra === 0)
    throw new CommsplanError(
      'over-capacity',
      `There are ${plural(demand.count, 'mailbox', 'mailboxes')} to move and no waves still to come${inputs.options.from ? ` and no free weekend from ${inputs.options.from} to ${inputs.options.to}` : ''}. Add waves with commsplan waves add --start DATE, or give --from and --to to add weekend waves. Nothing was changed.`,
      { field: 'from' },
    );
  throw shortOfRoom(inputs, demand, room, advice, open.length + extra);
}

function add(room: { count: number; bytes: number }, space: { mailboxes: number; bytes: number }) {
  return { count: room.count + space.mailboxes, bytes: room.bytes + space.bytes };
}

function newWaveSpace(inputs: PlanInputs): { mailboxes: number; bytes: number } {
  const probe: Wave = { id: 0, name: 'A new wave', start: inputs.today, end: inputs.today };
  return waveSpace(probe, inputs.limits);
}

function shortOfRoom(
  inputs: PlanInputs,
  demand: { count: number; bytes: number },
  room: { count: number; bytes: number },
  perWave: { mailboxes: number; bytes: number },
  waves: number,
): CommsplanError {
  const moreWaves = Math.max(
    Math.ceil((demand.count - room.count) / perWave.mailboxes),
    Number.isFinite(perWave.bytes) ? Math.ceil((demand.bytes - room.bytes) / perWave.bytes) : 0,
  );
  const shortBy =
    room.count < demand.count
      ? `${plural(demand.count, 'mailbox', 'mailboxes')} to move and ${plural(waves, 'wave')} to come that can move ${room.count}`
      : `${(demand.bytes / GB).toFixed(0)} GB to move and ${plural(waves, 'wave')} to come that can move ${(room.bytes / GB).toFixed(0)} GB`;
  const where = inputs.options.from
    ? `The weekends from ${inputs.options.from} to ${inputs.options.to} give ${plural(inputs.weekends.free.length, 'free one')}; widen the range by ${plural(moreWaves, 'more weekend')}`
    : `Add ${plural(moreWaves, 'more wave')} (commsplan waves plan --from DATE --to DATE adds them)`;
  const perWaveCount = Math.ceil(demand.count / Math.max(1, waves));
  return new CommsplanError(
    'over-capacity',
    `There are ${shortBy}. ${where}, or raise the capacity to ${perWaveCount} a wave. Nothing was changed.`,
    { field: 'capacity' },
  );
}
