import { formatLongDate, type LocalDate } from '../calendar/local-date.js';
import { CommsplanError } from '../shared/errors.js';
import { plural } from '../shared/plural.js';
import { buildLinkGraph, type LinkGraph } from './link-graph.js';
import { type LinkWeights, linkKindOf } from './link-kinds.js';
import type { WaveSpace } from './partition-waves.js';
import type { PinRow } from './pins-file.js';
import { type ServiceAccount, serviceAccountsOf } from './service-accounts.js';
import { type Wave, waveNamed } from './wave.js';
import type { AssignmentSource } from './wave-assignments.store.js';

export const GB = 1024 ** 3;

/** A mailbox still to move: a person's or a shared one. */
export interface MailboxToPlace {
  email: string;
  name: string;
  kind: 'person' | 'shared';
  department: string | null;
  bytes: number;
  /** The wave it is in now, if any. */
  wave: string | null;
  /** How it came to be there: planned, assigned by hand, carried over; null for the staff list's column or none. */
  source: AssignmentSource | null;
  /** The staff list's wave column. */
  staffWave: string | null;
}

/** One right on a mailbox, held by a person (a group's right counts for each member). */
export interface PermissionRow {
  mailbox: string;
  holder: string;
  access: string;
}

export interface PlanLimits {
  /** Mailboxes per wave (people and shared mailboxes, one each), from --capacity. */
  capacity?: number;
  /** GB per wave, from --capacity-gb. */
  capacityGb?: number;
  /** The wave-capacity and wave-capacity-gb settings. */
  defaultCapacity?: number;
  defaultCapacityGb?: number;
}

/** The planning problem: the mailboxes as graph nodes, the waves with their room, pins and current waves. */
export interface PlanProblem {
  mailboxes: readonly MailboxToPlace[];
  graph: LinkGraph;
  waves: readonly Wave[];
  spaces: readonly WaveSpace[];
  pins: Int32Array;
  current: Int32Array;
  departments: readonly string[];
  serviceAccounts: readonly ServiceAccount[];
  /** Accounts below the threshold with rights on a quarter or more of the mailboxes to place: maybe service accounts too. */
  broadAccounts: readonly ServiceAccount[];
  /** Rights naming a mailbox or person the directory does not know: listed, not used. */
  unknownNames: readonly PermissionRow[];
  /** The staff list's wave column naming no wave: address and the name given. */
  unknownStaffWaves: readonly { email: string; wave: string }[];
}

export interface PlanProblemInput {
  mailboxes: readonly MailboxToPlace[];
  /** Waves still to come, earliest first (new ones included). */
  openWaves: readonly Wave[];
  /** Every wave, to tell a started wave from an unknown one. */
  allWaves: readonly Wave[];
  today: LocalDate;
  limits: PlanLimits;
  permissions: readonly PermissionRow[];
  /** Every address the directory knows a mailbox or person by. */
  knownAddresses: ReadonlySet<string>;
  weights: LinkWeights;
  /** Accounts with rights on more mailboxes than service-account-links: their links are left out. */
  serviceAccounts: readonly ServiceAccount[];
  pins: readonly PinRow[];
  pinsFile?: string;
  keepDepartments: boolean;
  fresh: boolean;
}

export function buildPlanProblem(input: PlanProblemInput): PlanProblem {
  const { mailboxes, openWaves } = input;
  const spaces = openWaves.map((wave) => waveSpace(wave, input.limits));
  const indexOf = new Map(mailboxes.map((mailbox, index) => [mailbox.email, index]));
  const { departments, departmentOf } = departmentIndex(mailboxes);
  const pins = new Int32Array(mailboxes.length).fill(-1);
  const current = new Int32Array(mailboxes.length).fill(-1);
  const unknownStaffWaves: { email: string; wave: string }[] = [];
  mailboxes.forEach((mailbox, index) => {
    const now = mailbox.wave ? openWaves.findIndex((wave) => wave.name.toLowerCase() === mailbox.wave?.toLowerCase()) : -1;
    if (mailbox.source === 'assign' && now >= 0) pins[index] = now;
    else if (!input.fresh && now >= 0) current[index] = now;
    if (mailbox.staffWave && mailbox.source !== 'assign') {
      const staff = openWaves.findIndex((wave) => wave.name.toLowerCase() === mailbox.staffWave?.toLowerCase());
      if (staff >= 0) pins[index] = staff;
      else if (!waveNamed(input.allWaves, mailbox.staffWave)) unknownStaffWaves.push({ email: mailbox.email, wave: mailbox.staffWave });
    }
  });
  applyPinRows(input, indexOf, departmentOf, departments, pins);
  checkPinsFit(mailboxes, pins, openWaves, spaces, departmentOf, departments);
  const { serviceAccounts } = input;
  const service = new Set(serviceAccounts.map((account) => account.email));
  const links = linksBetween(input, indexOf, service);
  const unknownNames = input.permissions.filter((row) => !input.knownAddresses.has(row.mailbox) || !input.knownAddresses.has(row.holder));
  const broadAccounts = serviceAccountsOf(input.permissions, Math.max(10, Math.floor(mailboxes.length / 4))).filter(
    (account) => !service.has(account.email),
  );
  const sizes = Float64Array.from(mailboxes, (mailbox) => mailbox.bytes);
  const graph = buildLinkGraph(mailboxes.length, sizes, departmentOf, links);
  return {
    mailboxes,
    graph,
    waves: openWaves,
    spaces,
    pins,
    current,
    departments,
    serviceAccounts,
    broadAccounts,
    unknownNames,
    unknownStaffWaves,
  };
}

/** A wave's room: --capacity, else its own, else the setting. Planning needs a number of people. */
export function waveSpace(wave: Wave, limits: PlanLimits): WaveSpace {
  const mailboxes = limits.capacity ?? wave.capacity ?? limits.defaultCapacity;
  if (mailboxes === undefined)
    throw new CommsplanError(
      'setup-needed',
      wave.id > 0
        ? `${wave.name} has no capacity, so commsplan cannot tell how many people it can move. Give one with --capacity N, set the wave-capacity setting, or set the wave's own (commsplan waves capacity "${wave.name}" N).`
        : 'New waves need a capacity, so that commsplan can tell how many people each can move. Give one with --capacity N, or set the wave-capacity setting.',
      { field: 'capacity' },
    );
  const gb = limits.capacityGb ?? wave.capacityGb ?? limits.defaultCapacityGb;
  return { mailboxes, bytes: gb === undefined ? Number.POSITIVE_INFINITY : gb * GB };
}

function departmentIndex(mailboxes: readonly MailboxToPlace[]): { departments: string[]; departmentOf: Int32Array } {
  const byKey = new Map<string, number>();
  const departments: string[] = [];
  const departmentOf = Int32Array.from(mailboxes, (mailbox) => {
    const name = mailbox.department?.trim();
    if (!name) return -1;
    const key = name.toLowerCase();
    let index = byKey.get(key);
    if (index === undefined) {
      index = departments.length;
      byKey.set(key, index);
      departments.push(name);
    }
    return index;
  });
  return { departments, departmentOf };
}

function applyPinRows(
  input: PlanProblemInput,
  indexOf: ReadonlyMap<string, number>,
  departmentOf: Int32Array,
  departments: readonly string[],
  pins: Int32Array,
): void {
  const where = (row: PinRow) => `${input.pinsFile ?? 'The pins file'}, row ${row.row}`;
  for (const row of input.pins) {
    const wave = waveNamed(input.openWaves, row.wave);
    if (!wave) {
      const started = waveNamed(input.allWaves, row.wave);
      const reason = started
        ? `${started.name} started on ${formatLongDate(started.start)}, so nobody can be planned into it. Pin to a wave still to come.`
        : `there is no wave called "${row.wave}". Waves still to come: ${input.openWaves.map((w) => w.name).join(', ') || 'none'}.`;
      throw new CommsplanError('invalid-input', `${where(row)}, Wave: ${reason} Nothing was changed.`, { field: 'Wave', value: row.wave });
    }
    const waveIndex = input.openWaves.indexOf(wave);
    if (row.email !== undefined) {
      const index = indexOf.get(row.email.toLowerCase());
      if (index === undefined)
        throw new CommsplanError(
          'invalid-input',
          `${where(row)}, EmailAddress: ${row.email} is not a mailbox still to move (not in the mailbox list, already moved, left, or in a wave that has started). Nothing was changed.`,
          { field: 'EmailAddress', value: row.email },
        );
      pins[index] = waveIndex;
      continue;
    }
    const wanted = (row.department ?? '').trim().toLowerCase();
    const department = departments.findIndex((name) => name.toLowerCase() === wanted);
    if (department < 0)
      throw new CommsplanError(
        'invalid-input',
        `${where(row)}, Department: nobody still to move is in a department called "${row.department}". Nothing was changed.`,
        { field: 'Department', value: row.department ?? '' },
      );
    departmentOf.forEach((d, index) => {
      if (d === department) pins[index] = waveIndex;
    });
  }
}

/** Refuses pins that put more into a wave than it can move, naming the largest pinned group. */
function checkPinsFit(
  mailboxes: readonly MailboxToPlace[],
  pins: Int32Array,
  waves: readonly Wave[],
  spaces: readonly WaveSpace[],
  departmentOf: Int32Array,
  departments: readonly string[],
): void {
  waves.forEach((wave, waveIndex) => {
    let count = 0;
    let bytes = 0;
    const byDepartment = new Map<number, number>();
    pins.forEach((pin, index) => {
      if (pin !== waveIndex) return;
      count += 1;
      bytes += mailboxes[index]?.bytes ?? 0;
      const d = departmentOf[index] as number;
      byDepartment.set(d, (byDepartment.get(d) ?? 0) + 1);
    });
    const space = spaces[waveIndex] as WaveSpace;
    if (count <= space.mailboxes && bytes <= space.bytes) return;
    const largest = [...byDepartment].sort((a, b) => b[1] - a[1])[0];
    const group = largest && largest[0] >= 0 ? ` The largest pinned group is ${departments[largest[0]]} with ${largest[1]}.` : '';
    const over =
      count > space.mailboxes
        ? `${plural(count, 'mailbox', 'mailboxes')} into ${wave.name}, which can move ${space.mailboxes}`
        : `${(bytes / GB).toFixed(1)} GB into ${wave.name}, which can move ${(space.bytes / GB).toFixed(0)} GB`;
    throw new CommsplanError(
      'over-capacity',
      `The pins (the pins file, the staff list's wave column and waves assign) put ${over}.${group} Pin fewer people to ${wave.name} or raise its capacity. Nothing was changed.`,
      { field: 'pins', value: wave.name },
    );
  });
}

/** The links between mailboxes to place, weighted by kind; the service accounts' are left out. */
function linksBetween(
  input: PlanProblemInput,
  indexOf: ReadonlyMap<string, number>,
  service: ReadonlySet<string>,
): { from: number[]; to: number[]; weight: number[]; length: number } {
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  // Rows come sorted by mailbox and holder: a pair's kinds are counted once each, however many rows give them.
  let pair = '';
  const kindsOfPair = new Set<string>();
  for (const row of input.permissions) {
    if (service.has(row.holder)) continue;
    const a = indexOf.get(row.mailbox);
    const b = indexOf.get(row.holder);
    if (a === undefined || b === undefined || a === b) continue;
    const kind = linkKindOf(row.access);
    const key = `${a}:${b}`;
    if (key !== pair) (pair = key), kindsOfPair.clear();
    if (kindsOfPair.has(kind) || input.weights[kind] <= 0) continue;
    kindsOfPair.add(kind);
    from.push(a);
    to.push(b);
    weight.push(input.weights[kind]);
  }
  return { from, to, weight, length: from.length };
}
