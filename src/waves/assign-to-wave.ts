import { formatLongDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import { markDirectoryStale } from '../directory/directory-state.store.js';
import { CommsplanError, type ErrorCode } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { plural } from '../shared/plural.js';
import type { Store } from '../store/store.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import { findWave } from './manage-waves.js';
import { GB } from './plan-problem.js';
import type { RecordChange } from './plan-waves.js';
import { hasStarted, type Wave } from './wave.js';
import { assignMailboxes } from './wave-assignments.store.js';
import { readWaveDirectory, type WaveDirectory } from './wave-directory.js';
import { isStillToMove, mailboxNames, movedMailboxes, wavesInForce } from './waves-in-force.js';

export interface AssignInput {
  email?: string;
  department?: string;
  wave: string;
  dryRun?: boolean;
  by: string;
}

export interface AssignOutcome {
  saved: boolean;
  wave: Wave;
  /** The mailboxes moved, with the wave each was in. */
  moved: { email: string; name: string; from: string | null }[];
  /** Links the move breaks, and links it mends. */
  breaks: BrokenLink[];
  mends: BrokenLink[];
  names: Map<string, string>;
  /** How full the wave would be, and its capacity when it has one. */
  peopleAfter: number;
  capacity?: number;
}

/** `commsplan waves assign EMAIL|--department NAME --wave NAME`: one transaction; a refusal changes nothing. */
export async function assignToWave(
  store: Store,
  organisation: Organisation,
  input: AssignInput,
  now: Date,
  recordChange?: RecordChange,
): Promise<AssignOutcome> {
  return store.db.transaction().execute(async (trx) => {
    const directory = await readWaveDirectory(trx, organisation.id, now);
    const today = londonDate(now);
    const wave = findWave(directory.waves, input.wave);
    if (wave.start <= today)
      throw new CommsplanError(
        'conflict',
        `${wave.name} started on ${formatLongDate(wave.start)}, so nobody can be moved into it. Choose a wave still to come. Nothing was changed.`,
        { field: 'wave', value: input.wave },
      );
    const chosen = chosenMailboxes(directory, input, today);
    const inForce = wavesInForce(directory);
    const before = brokenLinks(directory.permissions, (email) => inForce.get(email), directory.weights, directory.serviceAccounts);
    const after = new Map(inForce);
    for (const mailbox of chosen) after.set(mailbox.email, wave.name);
    const afterLinks = brokenLinks(directory.permissions, (email) => after.get(email), directory.weights, directory.serviceAccounts);
    const pairKey = (link: BrokenLink) => `${link.mailbox}\n${link.holder}`;
    const beforeKeys = new Set(before.map(pairKey));
    const afterKeys = new Set(afterLinks.map(pairKey));
    // What the wave would move: its mailboxes still to move, as its capacity counts them.
    const moved = movedMailboxes(directory);
    const inWave = [...after].filter(([email, name]) => name.toLowerCase() === wave.name.toLowerCase() && !moved.has(email));
    const peopleAfter = inWave.length;
    const gbAfter = inWave.reduce((sum, [email]) => sum + (directory.sizes.get(email) ?? 0), 0) / GB;
    const capacity = wave.capacity ?? directory.settings.waveCapacity;
    const capacityGb = wave.capacityGb ?? directory.settings.waveCapacityGb;
    const outcome: AssignOutcome = {
      saved: false,
      wave,
      moved: chosen,
      breaks: afterLinks.filter((link) => !beforeKeys.has(pairKey(link))),
      mends: before.filter((link) => !afterKeys.has(pairKey(link))),
      names: mailboxNames(directory),
      peopleAfter,
      ...(capacity === undefined ? {} : { capacity }),
    };
    if (capacity !== undefined && peopleAfter > capacity)
      throw new CommsplanError(
        'over-capacity',
        `${wave.name} can move ${capacity}; with ${plural(chosen.length, 'more mailbox', 'more mailboxes')} it would hold ${peopleAfter}. Raise its capacity (commsplan waves capacity "${wave.name}" N) or choose another wave. Nothing was changed.`,
        { field: 'wave', value: input.wave },
      );
    if (capacityGb !== undefined && gbAfter > capacityGb)
      throw new CommsplanError(
        'over-capacity',
        `${wave.name} can move ${capacityGb} GB; with ${plural(chosen.length, 'more mailbox', 'more mailboxes')} it would hold ${gbAfter.toFixed(1)} GB. Raise its limit (commsplan waves capacity "${wave.name}" N --gb G) or choose another wave. Nothing was changed.`,
        { field: 'wave', value: input.wave },
      );
    if (input.dryRun) return outcome;
    const at = now.toISOString();
    await assignMailboxes(
      trx,
      organisation.id,
      chosen.map((m) => ({ mailbox: m.email, waveId: wave.id, source: 'assign' })),
      { at, by: input.by },
    );
    await markDirectoryStale(trx, organisation.id);
    await recordChange?.(trx, {
      action: 'wave-assigned',
      subject: wave.name,
      detail: `${plural(chosen.length, 'mailbox', 'mailboxes')} moved to ${wave.name} (${input.department ? `department ${input.department}` : input.email}); ${plural(outcome.breaks.length, 'link')} broken, ${plural(outcome.mends.length, 'link')} mended`,
    });
    return { ...outcome, saved: true };
  });
}

/** The mailboxes the command names that are still to move and not in a wave that has started. */
function chosenMailboxes(directory: WaveDirectory, input: AssignInput, today: string): AssignOutcome['moved'] {
  const started = (name: string | null) => hasStarted(directory.waves, name, today);
  if ((input.email === undefined) === (input.department === undefined))
    throw new CommsplanError('invalid-input', 'Name one person or shared mailbox (EMAIL), or one department (--department NAME).', {
      field: 'email',
    });
  if (input.email !== undefined) {
    const email = input.email.trim().toLowerCase();
    const holder = directory.holders.find((h) => h.email === email);
    const shared = directory.shared.find((s) => s.email === email);
    const found = holder
      ? {
          wave: holder.wave,
          name: holder.displayName ?? email,
          moved: holder.migrated,
          out: holder.notCurrent !== null || !holder.getsNhsmail,
        }
      : shared
        ? { wave: shared.wave, name: shared.name ?? email, moved: shared.migrated, failed: shared.failed, out: false }
        : undefined;
    const refuse = (why: string, code: ErrorCode = 'conflict') =>
      new CommsplanError(code, `${input.email} ${why} Nothing was changed.`, { field: 'email', value: input.email });
    if (!found) throw refuse('is not a user or shared mailbox in the mailbox list.', 'unknown-person');
    if (found.moved) throw refuse('has already moved.');
    if (found.out) throw refuse('is not moving: the mailbox is disabled, its owner has left, or they are not getting NHSmail.');
    if (started(found.wave) && !found.failed) throw refuse(`is in ${found.wave}, which has started: they stay in it.`);
    return [{ email, name: found.name, from: found.wave }];
  }
  const wanted = (input.department ?? '').trim().toLowerCase();
  const inDepartment = directory.holders.filter(
    (h) => h.department?.trim().toLowerCase() === wanted && isStillToMove(h) && !started(h.wave),
  );
  // Those already in the wave do not move.
  const members = inDepartment.filter((h) => h.wave?.toLowerCase() !== input.wave.trim().toLowerCase());
  if (inDepartment.length > 0 && members.length === 0)
    throw new CommsplanError(
      'conflict',
      `Everyone in ${input.department} still to move is in ${input.wave} already. Nothing was changed.`,
      {
        field: 'department',
        value: input.department,
      },
    );
  if (members.length === 0)
    throw new CommsplanError(
      'unknown-department',
      `Nobody still to move, outside a wave that has started, is in a department called "${input.department}". Nothing was changed.`,
      { field: 'department', value: input.department },
    );
  return members.map((h) => ({ email: h.email, name: h.displayName ?? h.email, from: h.wave }));
}
