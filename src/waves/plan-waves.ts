import { createHash } from 'node:crypto';
import { appendAuditEntry, type ChangeMaker, entryBy } from '../audit/audit-log.store.js';
import { listClosureDays } from '../calendar/closure-days.store.js';
import { londonDate } from '../calendar/london-time.js';
import { workingCalendar } from '../calendar/working-days.js';
import { markDirectoryStale } from '../directory/directory-state.store.js';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { mailboxesToPlace } from './mailboxes-to-place.js';
import { newWavesNeeded } from './new-waves-needed.js';
import { freeWeekends } from './new-weekends.js';
import { partitionWaves } from './partition-waves.js';
import type { PinRow } from './pins-file.js';
import type { PlanInputs } from './plan-inputs.js';
import { type PlanOptions, parsePlanOptions } from './plan-options.js';
import { planOutcome, type WavePlanOutcome } from './plan-outcome.js';
import { buildPlanProblem } from './plan-problem.js';
import type { Wave } from './wave.js';
import { assignMailboxes } from './wave-assignments.store.js';
import { readWaveDirectory } from './wave-directory.js';
import { nextWaveName } from './wave-rules.js';
import { insertWave, listWaves, updateWaveCapacity } from './waves.store.js';

export interface PlanWavesInput {
  capacity?: string;
  capacityGb?: string;
  from?: string;
  to?: string;
  skip?: readonly string[];
  pins?: readonly PinRow[];
  pinsFile?: string;
  keepDepartments?: boolean;
  /** Ignore the waves planned before (waves that have started still keep their people). */
  fresh?: boolean;
  dryRun?: boolean;
  by: string;
  /** Save only if the plan is still the one shown (its fingerprint), else refuse. */
  expectFingerprint?: string;
}

/** `commsplan waves plan`: works out a plan and, unless it is a dry run, saves it. One transaction. */
export async function planWaves(
  store: Store,
  organisation: Organisation,
  input: PlanWavesInput,
  now: Date,
  onProgress?: (stage: string) => void,
): Promise<WavePlanOutcome> {
  return store.db.transaction().execute(async (trx) => {
    onProgress?.('Reading the directory');
    const inputs = await readPlanInputs(trx, organisation, input, now);
    onProgress?.('Planning');
    const outcome = solvePlan(inputs);
    if (input.dryRun) return outcome;
    if (input.expectFingerprint !== undefined && input.expectFingerprint !== outcome.fingerprint)
      throw new CommsplanError(
        'changed-meanwhile',
        'The plan has changed since it was shown (the directory, the waves or the options changed). Look at the new plan before you save it. Nothing was changed.',
        {},
      );
    onProgress?.('Saving');
    await savePlan(trx, organisation, outcome, parsePlanOptions(input, londonDate(now)), { actor: input.by, now });
    return { ...outcome, saved: true };
  });
}

async function readPlanInputs(db: Queryable, organisation: Organisation, input: PlanWavesInput, now: Date): Promise<PlanInputs> {
  const today = londonDate(now);
  const options = parsePlanOptions(input, today);
  const directory = await readWaveDirectory(db, organisation.id, now);
  const closures = await listClosureDays(db, organisation.id);
  const weekends =
    options.from && options.to
      ? freeWeekends({
          from: options.from,
          to: options.to,
          today,
          calendar: workingCalendar(organisation.nation, closures),
          closures: new Set(closures.map((closure) => closure.date)),
          skip: options.skip,
          waves: directory.waves,
        })
      : { free: [], skipped: [] };
  const { settings } = directory;
  return {
    ...directory,
    today,
    weekends,
    options,
    limits: {
      capacity: options.capacity,
      capacityGb: options.capacityGb,
      defaultCapacity: settings.waveCapacity,
      defaultCapacityGb: settings.waveCapacityGb,
    },
    pins: input.pins ?? [],
    pinsFile: input.pinsFile,
  };
}

/** Adds new weekends as needed, then partitions; one more weekend when the waves cannot be packed. */
function solvePlan(inputs: PlanInputs): WavePlanOutcome {
  const placing = mailboxesToPlace(inputs);
  const openExisting = inputs.waves.filter((wave) => wave.start > inputs.today);
  let extra = newWavesNeeded(inputs, placing.mailboxes, openExisting);
  for (;;) {
    const newWaves = virtualWaves(inputs, extra);
    const openWaves = [...openExisting, ...newWaves].sort((a, b) => a.start.localeCompare(b.start));
    const problem = buildPlanProblem({
      mailboxes: placing.mailboxes,
      openWaves,
      allWaves: [...inputs.waves, ...newWaves],
      today: inputs.today,
      limits: inputs.limits,
      permissions: inputs.permissions,
      knownAddresses: inputs.known,
      weights: inputs.weights,
      serviceAccounts: inputs.serviceAccountList,
      pins: inputs.pins,
      pinsFile: inputs.pinsFile,
      keepDepartments: inputs.options.keepDepartments,
      fresh: inputs.options.fresh,
    });
    const result = partitionWaves({
      graph: problem.graph,
      waves: problem.spaces,
      pins: problem.pins,
      current: problem.current,
      keepDepartments: inputs.options.keepDepartments,
    });
    if (result.ok) return withFingerprint(planOutcome(inputs, placing, problem, newWaves, result.waveOf));
    if (extra < inputs.weekends.free.length) {
      extra += 1;
      continue;
    }
    throw unplacedError(problem.mailboxes.length, result.unplaced.length, inputs);
  }
}

function withFingerprint(outcome: WavePlanOutcome): WavePlanOutcome {
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([outcome.newWaves.map((w) => [w.name, w.start, w.end]), outcome.changes.map((c) => [c.email, c.to])]))
    .digest('hex')
    .slice(0, 16);
  return { ...outcome, fingerprint };
}

/** New waves on the first `count` free weekends, not yet saved (ids below zero). */
function virtualWaves(inputs: PlanInputs, count: number): Wave[] {
  const named: Wave[] = [...inputs.waves];
  return inputs.weekends.free.slice(0, count).map((weekend, index) => {
    const wave: Wave = { id: -1 - index, name: nextWaveName(named), start: weekend.start, end: weekend.end };
    named.push(wave);
    return wave;
  });
}

function unplacedError(total: number, unplaced: number, inputs: PlanInputs): CommsplanError {
  const range = inputs.options.from
    ? `Widen --from/--to (it has ${inputs.weekends.free.length} free weekends), or raise the capacity.`
    : 'Add waves (commsplan waves plan --from DATE --to DATE adds weekends as needed), or raise the capacity.';
  return new CommsplanError(
    'over-capacity',
    `${unplaced} of the ${total} mailboxes to move fit in no wave: the waves are too full to take them whole. ${range} Nothing was changed.`,
    { field: 'capacity' },
  );
}

/**
 * Adds the new waves, stores each mailbox's wave and, when the plan was given a capacity, keeps it
 * on every wave it planned, so that moves by hand and carry-over hold to it afterwards.
 */
async function savePlan(
  db: Queryable,
  organisation: Organisation,
  outcome: WavePlanOutcome,
  options: PlanOptions,
  change: ChangeMaker,
): Promise<void> {
  const orgId = organisation.id;
  for (const wave of outcome.newWaves) await insertWave(db, orgId, { name: wave.name, start: wave.start, end: wave.end });
  const saved = await listWaves(db, orgId);
  const ids = new Map(saved.map((wave) => [wave.name.toLowerCase(), wave.id]));
  const limits = {
    ...(options.capacity === undefined ? {} : { capacity: options.capacity }),
    ...(options.capacityGb === undefined ? {} : { capacity_gb: Math.ceil(options.capacityGb) }),
  };
  if (Object.keys(limits).length > 0)
    for (const wave of outcome.waves.filter((w) => !w.started))
      await updateWaveCapacity(db, orgId, ids.get(wave.name.toLowerCase()) as number, limits);
  const at = change.now.toISOString();
  await assignMailboxes(
    db,
    orgId,
    outcome.changes.map((change) => ({
      mailbox: change.email,
      waveId: ids.get(change.to.toLowerCase()) as number,
      // A changed wave is the plan's now, even for someone moved by hand before (the pins file moved them).
      source: 'plan',
    })),
    { at, by: change.actor },
  );
  await markDirectoryStale(db, orgId);
  await appendAuditEntry(
    db,
    orgId,
    entryBy(change, { action: 'waves-planned', subject: outcome.waves.map((wave) => wave.name).join(', '), detail: outcome.summary }),
  );
}
