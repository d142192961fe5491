import type { MailboxHolder } from '../audiences/audiences.store.js';
import { isLocalDate, type LocalDate } from '../calendar/local-date.js';
import { CommsplanError } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import type { LinkWeights } from './link-kinds.js';
import type { SkippedWeekend, WeekendChoice } from './new-weekends.js';
import type { PinRow } from './pins-file.js';
import { GB, type MailboxToPlace, type PermissionRow, type PlanLimits, type PlanProblem, waveSpace } from './plan-problem.js';
import type { SharedMailbox } from './planning-data.store.js';
import type { ServiceAccount } from './service-accounts.js';
import { hasStarted, type Wave, waveNamed } from './wave.js';
import type { AssignmentSource } from './wave-assignments.store.js';
import { isStillToMove, mailboxNames, wavesInForce } from './waves-in-force.js';

export interface PlanOptions {
  capacity?: number;
  capacityGb?: number;
  from?: LocalDate;
  to?: LocalDate;
  skip: LocalDate[];
  keepDepartments: boolean;
  fresh: boolean;
}

/** Everything a plan is worked out from, read in one transaction. */
export interface PlanInputs {
  today: LocalDate;
  waves: readonly Wave[];
  holders: readonly MailboxHolder[];
  shared: readonly SharedMailbox[];
  sizes: ReadonlyMap<string, number>;
  permissions: readonly PermissionRow[];
  known: ReadonlySet<string>;
  weekends: { free: WeekendChoice[]; skipped: SkippedWeekend[] };
  options: PlanOptions;
  weights: LinkWeights;
  /** The service accounts, worked out once when the directory is read. */
  serviceAccountList: readonly ServiceAccount[];
  limits: PlanLimits;
  pins: readonly PinRow[];
  pinsFile?: string;
}

/** Who the plan places, and who it leaves where they are, by why. */
export interface Placing {
  mailboxes: MailboxToPlace[];
  /** Mailboxes whose wave has started or finished: they stay in it. */
  inStartedWaves: number;
  moved: number;
  notCurrent: number;
  notGettingNhsmail: number;
}

/** One wave as the plan leaves it. */
export interface PlannedWave {
  name: string;
  start: LocalDate;
  end: LocalDate;
  isNew: boolean;
  started: boolean;
  people: number;
  sharedMailboxes: number;
  bytes: number;
  capacity?: number;
  capacityBytes?: number;
  /** Weight and number of the links between this wave's mailboxes and other waves'. */
  brokenWeight: number;
  brokenLinks: number;
}

export interface WaveChange {
  email: string;
  name: string;
  kind: 'person' | 'shared';
  from: string | null;
  to: string;
  source: AssignmentSource | null;
}

export interface WavePlanOutcome {
  saved: boolean;
  waves: PlannedWave[];
  newWaves: Wave[];
  skippedWeekends: SkippedWeekend[];
  placed: number;
  /** Every mailbox whose wave the plan sets or changes (to be written). */
  changes: WaveChange[];
  /** Of those, the ones taken from a wave they were in. */
  movedFromWave: WaveChange[];
  brokenLinks: BrokenLink[];
  brokenWeight: number;
  departmentsSplit: { department: string; waves: string[] }[];
  serviceAccounts: readonly ServiceAccount[];
  /** Accounts with rights on a quarter or more of the mailboxes, though under service-account-links. */
  broadAccounts: readonly ServiceAccount[];
  unknownNames: readonly PermissionRow[];
  unknownStaffWaves: readonly { email: string; wave: string }[];
  leftOut: Omit<Placing, 'mailboxes'>;
  summary: string;
  /** The name of everyone the changes and broken links mention, by address. */
  names: Record<string, string>;
  /** Tells this plan from another: the new waves and every change (set by the use-case). */
  fingerprint: string;
}

export function parsePlanOptions(
  input: {
    capacity?: string;
    capacityGb?: string;
    from?: string;
    to?: string;
    skip?: readonly string[];
    keepDepartments?: boolean;
    fresh?: boolean;
  },
  today: LocalDate,
): PlanOptions {
  const date = (value: string | undefined, field: string): LocalDate | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    const trimmed = value.trim();
    if (!isLocalDate(trimmed))
      throw new CommsplanError('invalid-input', `${field} "${value}" is not a date: write it as YYYY-MM-DD, such as 2027-03-06.`, {
        field,
        value,
      });
    return trimmed;
  };
  const from = date(input.from, '--from');
  const to = date(input.to, '--to');
  if ((from === undefined) !== (to === undefined))
    throw new CommsplanError('invalid-input', 'Give both --from and --to to add new weekend waves, or neither.', {
      field: from ? 'to' : 'from',
    });
  if (from && to && to < from)
    throw new CommsplanError('invalid-input', `--to (${to}) comes before --from (${from}).`, { field: 'to', value: to });
  if (to && to <= today)
    throw new CommsplanError('invalid-input', `--to (${to}) is in the past: new waves can only go on weekends still to come.`, {
      field: 'to',
      value: to,
    });
  return {
    capacity: positive(input.capacity, '--capacity', 'a whole number of mailboxes, 1 or more', /^\d{1,9}$/),
    capacityGb: positive(input.capacityGb, '--capacity-gb', 'a number of GB above 0', /^\d{1,7}(\.\d+)?$/),
    from,
    to,
    skip: (input.skip ?? []).map((value) => date(value, '--skip') as LocalDate),
    keepDepartments: input.keepDepartments ?? false,
    fresh: input.fresh ?? false,
  };
}

function positive(value: string | undefined, field: string, what: string, shape: RegExp): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value.trim());
  if (!shape.test(value.trim()) || !(number > 0))
    throw new CommsplanError('invalid-input', `${field} "${value}" is not ${what}.`, { field: field.slice(2), value });
  return number;
}

/** The mailboxes still to move that are not in a wave that has started, by address. */
export function mailboxesToPlace(inputs: PlanInputs): Placing {
  const started = (name: string | null) => hasStarted(inputs.waves, name, inputs.today);
  const placing: Placing = { mailboxes: [], inStartedWaves: 0, moved: 0, notCurrent: 0, notGettingNhsmail: 0 };
  for (const holder of inputs.holders) {
    if (holder.notCurrent) placing.notCurrent += 1;
    else if (!holder.getsNhsmail) placing.notGettingNhsmail += 1;
    else if (holder.migrated) placing.moved += 1;
    else if (started(holder.wave)) placing.inStartedWaves += 1;
    else
      placing.mailboxes.push({
        email: holder.email,
        name: holder.displayName ?? holder.email,
        kind: 'person',
        department: holder.department,
        bytes: inputs.sizes.get(holder.email) ?? 0,
        wave: holder.wave,
        source: holder.assignment,
        staffWave: holder.staffWave,
      });
  }
  // A shared mailbox whose move failed is not carried over as people are: it is planned again here.
  for (const mailbox of inputs.shared) {
    if (mailbox.migrated) placing.moved += 1;
    else if (started(mailbox.wave) && !mailbox.failed) placing.inStartedWaves += 1;
    else
      placing.mailboxes.push({
        email: mailbox.email,
        name: mailbox.name ?? mailbox.email,
        kind: 'shared',
        department: null,
        bytes: mailbox.bytes,
        wave: mailbox.wave,
        source: mailbox.source as AssignmentSource | null,
        staffWave: null,
      });
  }
  placing.mailboxes.sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return placing;
}

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

/** Reads the partition back into waves, changes, broken links and a summary. */
export function planOutcome(
  inputs: PlanInputs,
  placing: Placing,
  problem: PlanProblem,
  newWaves: readonly Wave[],
  waveOf: Int32Array,
): WavePlanOutcome {
  const planned = new Map<string, string>();
  problem.mailboxes.forEach((mailbox, index) => {
    planned.set(mailbox.email, (problem.waves[waveOf[index] as number] as Wave).name);
  });
  const inForce = wavesInForce(inputs);
  const waveOfEmail = (email: string) => planned.get(email) ?? inForce.get(email);
  const service = new Set(problem.serviceAccounts.map((account) => account.email));
  const broken = brokenLinks(inputs.permissions, waveOfEmail, inputs.weights, service);
  const changes: WaveChange[] = [];
  problem.mailboxes.forEach((mailbox) => {
    const to = planned.get(mailbox.email) as string;
    const unchanged = mailbox.wave?.toLowerCase() === to.toLowerCase() && mailbox.source !== null;
    if (!unchanged)
      changes.push({ email: mailbox.email, name: mailbox.name, kind: mailbox.kind, from: mailbox.wave, to, source: mailbox.source });
  });
  const knownWave = (name: string | null) => waveNamed([...inputs.waves, ...newWaves], name) !== undefined;
  const movedFromWave = changes.filter((change) => knownWave(change.from) && change.from?.toLowerCase() !== change.to.toLowerCase());
  const waves = plannedWaves(inputs, problem, newWaves, waveOfEmail, broken);
  const departmentsSplit = splitDepartments(problem, waveOf);
  const brokenWeight = broken.reduce((sum, link) => sum + link.weight, 0);
  const summary = `${plural(problem.mailboxes.length, 'mailbox', 'mailboxes')} planned into ${plural(problem.waves.length, 'wave')}${
    newWaves.length ? ` (${newWaves.length} new)` : ''
  }; ${plural(movedFromWave.length, 'moved from the wave they were in', 'moved from the wave they were in')}; ${plural(broken.length, 'link')} broken across waves (weight ${brokenWeight}).`;
  const { mailboxes: _, ...leftOut } = placing;
  return {
    saved: false,
    waves,
    newWaves: [...newWaves],
    skippedWeekends: inputs.weekends.skipped,
    placed: problem.mailboxes.length,
    changes,
    movedFromWave,
    brokenLinks: broken,
    brokenWeight,
    departmentsSplit,
    serviceAccounts: problem.serviceAccounts,
    broadAccounts: problem.broadAccounts,
    unknownNames: problem.unknownNames,
    unknownStaffWaves: problem.unknownStaffWaves,
    leftOut,
    summary,
    names: namesOf(inputs, changes, broken),
    fingerprint: '',
  };
}

function plannedWaves(
  inputs: PlanInputs,
  problem: PlanProblem,
  newWaves: readonly Wave[],
  waveOfEmail: (email: string) => string | undefined,
  broken: readonly BrokenLink[],
): PlannedWave[] {
  const all = [...inputs.waves, ...newWaves].sort((a, b) => a.start.localeCompare(b.start) || a.name.localeCompare(b.name));
  const byName = new Map<string, PlannedWave>();
  const rows = all.map((wave) => {
    const open = problem.waves.indexOf(wave);
    const space = open >= 0 ? problem.spaces[open] : undefined;
    const row: PlannedWave = {
      name: wave.name,
      start: wave.start,
      end: wave.end,
      isNew: wave.id < 0,
      started: wave.start <= inputs.today,
      people: 0,
      sharedMailboxes: 0,
      bytes: 0,
      ...(space ? { capacity: space.mailboxes } : {}),
      ...(space && Number.isFinite(space.bytes) ? { capacityBytes: space.bytes } : {}),
      brokenWeight: 0,
      brokenLinks: 0,
    };
    byName.set(wave.name.toLowerCase(), row);
    return row;
  });
  const count = (email: string, shared: boolean) => {
    const row = byName.get(waveOfEmail(email)?.toLowerCase() ?? '');
    if (!row) return;
    if (shared) row.sharedMailboxes += 1;
    else row.people += 1;
    row.bytes += inputs.sizes.get(email) ?? 0;
  };
  for (const holder of inputs.holders) if (isStillToMove(holder)) count(holder.email, false);
  for (const mailbox of inputs.shared) if (!mailbox.migrated) count(mailbox.email, true);
  for (const link of broken)
    for (const name of [link.mailboxWave, link.holderWave]) {
      const row = byName.get(name.toLowerCase());
      if (row) (row.brokenWeight += link.weight), (row.brokenLinks += 1);
    }
  return rows;
}

function splitDepartments(problem: PlanProblem, waveOf: Int32Array): { department: string; waves: string[] }[] {
  const wavesOf = problem.departments.map(() => new Set<number>());
  problem.graph.departments.forEach((department, index) => {
    if (department >= 0) wavesOf[department]?.add(waveOf[index] as number);
  });
  return problem.departments
    .map((department, index) => ({
      department,
      waves: [...(wavesOf[index] as Set<number>)].sort((a, b) => a - b).map((w) => (problem.waves[w] as Wave).name),
    }))
    .filter((entry) => entry.waves.length > 1)
    .sort((a, b) => a.department.localeCompare(b.department));
}

function namesOf(inputs: PlanInputs, changes: readonly WaveChange[], broken: readonly BrokenLink[]): Record<string, string> {
  const wanted = new Set([...changes.map((c) => c.email), ...broken.flatMap((link) => [link.mailbox, link.holder])]);
  return Object.fromEntries([...mailboxNames(inputs)].filter(([email]) => wanted.has(email)));
}
