import type { LocalDate } from '../calendar/local-date.js';
import { plural } from '../shared/plural.js';
import { type BrokenLink, brokenLinks } from './broken-links.js';
import type { Placing } from './mailboxes-to-place.js';
import type { SkippedWeekend } from './new-weekends.js';
import type { PlanInputs } from './plan-inputs.js';
import type { PermissionRow, PlanProblem } from './plan-problem.js';
import type { ServiceAccount } from './service-accounts.js';
import { type Wave, waveNamed } from './wave.js';
import type { AssignmentSource } from './wave-assignments.store.js';
import { isStillToMove, mailboxNames, wavesInForce } from './waves-in-force.js';

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
