/**
 * Sizes as one email shows them, so that a reader who checks the sums finds they add up
 * (docs/sizes-in-emails.md). Every figure of an email is in one unit, chosen by its largest figure:
 * gigabytes to two decimal places, or megabytes to one place when nothing reaches 1,000 MB. Binary
 * units: 1 GB is 1,024 MB. Sizes a person holds round up, limits round down, and a sum or a
 * difference is worked out from the figures as shown.
 */

const MB = 1024 ** 2;
const GB = 1024 ** 3;

export interface SizeUnit {
  name: 'GB' | 'MB';
  /** Steps of the unit one shown figure can differ by: hundredths of a GB, tenths of a MB. */
  stepsPerUnit: number;
  bytesPerUnit: number;
}

const IN_GB: SizeUnit = { name: 'GB', stepsPerUnit: 100, bytesPerUnit: GB };
const IN_MB: SizeUnit = { name: 'MB', stepsPerUnit: 10, bytesPerUnit: MB };

/** The unit for an email whose largest figure is `largestBytes`. */
export function sizeUnitFor(largestBytes: number): SizeUnit {
  return largestBytes >= 1000 * MB ? IN_GB : IN_MB;
}

/** A size in whole steps of the unit: up for what a person holds, down for a limit. */
export function stepsOf(bytes: number, unit: SizeUnit, rounding: 'up' | 'down'): number {
  const steps = (bytes * unit.stepsPerUnit) / unit.bytesPerUnit;
  return rounding === 'up' ? Math.ceil(steps) : Math.floor(steps);
}

// One formatter per number of decimal places: making one per figure cost most of the queue step.
const formatters = new Map<number, Intl.NumberFormat>();
function formatterFor(places: number): Intl.NumberFormat {
  let formatter = formatters.get(places);
  if (!formatter) {
    formatter = new Intl.NumberFormat('en-GB', { maximumFractionDigits: places });
    formatters.set(places, formatter);
  }
  return formatter;
}

/** Steps as read: `3.85 GB`, `3.6 GB`, `4 GB`, `512.5 MB`, with no trailing zeros. */
export function showSteps(steps: number, unit: SizeUnit): string {
  const places = Math.log10(unit.stepsPerUnit);
  return `${formatterFor(places).format(steps / unit.stepsPerUnit)} ${unit.name}`;
}

export interface QuotaFigureInput {
  /** Null when the person has no local mailbox. */
  localBytes: number | null;
  /** Null when the person has no NHSmail account. */
  nhsmailBytes: number | null;
  quotaBytes: number;
  nearingPercent: number;
}

export interface QuotaFigures {
  local?: string;
  nhsmail?: string;
  combined: string;
  quota: string;
  /** The nearing-quota line: the share of the quota from which a person counts as nearing it. */
  line: string;
  /** Combined less the line, as shown, when the person is at or over the line; at least one step. */
  remove?: string;
}

/** The first total that counts as nearing the quota: at or above it is nearing. */
export function nearingThreshold(quotaBytes: number, nearingPercent: number): number {
  return Math.ceil((quotaBytes * nearingPercent) / 100);
}

/**
 * A size read from an export that gives it to two places ("0.65 GB") comes in a byte or so over
 * that figure: within this of a step, a size a person holds is shown at the step, not the next one.
 */
const SLACK_BYTES = 1024;

/** What a person holds, in steps: rounded up, but a size less than 1 KB over a step is shown at it. */
function heldSteps(bytes: number, unit: SizeUnit): number {
  return stepsOf(Math.max(0, bytes - SLACK_BYTES), unit, 'up');
}

/** The two parts in steps, adding up to `totalSteps`: the smaller rounded up, the larger what is left (within a step of its size). */
function splitSteps(local: number, nhsmail: number, totalSteps: number, unit: SizeUnit): { local: number; nhsmail: number } {
  if (nhsmail <= local) {
    const nhsmailSteps = Math.min(heldSteps(nhsmail, unit), totalSteps);
    return { local: totalSteps - nhsmailSteps, nhsmail: nhsmailSteps };
  }
  const localSteps = Math.min(heldSteps(local, unit), totalSteps);
  return { local: localSteps, nhsmail: totalSteps - localSteps };
}

/** The total less the line, at least one step, and one more when the slack would leave the real total above the line. */
function removeSteps(totalBytes: number, combinedSteps: number, lineSteps: number, unit: SizeUnit): number {
  const steps = Math.max(combinedSteps - lineSteps, 1);
  const leftOver = totalBytes * unit.stepsPerUnit - steps * unit.bytesPerUnit > lineSteps * unit.bytesPerUnit;
  return leftOver ? steps + 1 : steps;
}

/**
 * One person's figures for the quota emails. The total rounds up (an over-quota total never reads
 * as the quota), the two parts add up to it as shown, the quota and the line round down, and the
 * amount to remove is the total less the line: removing it takes the real total down to the line
 * shown or below it.
 */
export function quotaFigures(input: QuotaFigureInput): QuotaFigures {
  const local = input.localBytes ?? 0;
  const nhsmail = input.nhsmailBytes ?? 0;
  const unit = sizeUnitFor(Math.max(local + nhsmail, input.quotaBytes));
  const combinedSteps = heldSteps(local + nhsmail, unit);
  const parts = splitSteps(local, nhsmail, combinedSteps, unit);
  const lineSteps = stepsOf((input.quotaBytes * input.nearingPercent) / 100, unit, 'down');
  const nearing = local + nhsmail >= nearingThreshold(input.quotaBytes, input.nearingPercent);
  return {
    local: input.localBytes === null ? undefined : showSteps(parts.local, unit),
    nhsmail: input.nhsmailBytes === null ? undefined : showSteps(parts.nhsmail, unit),
    combined: showSteps(combinedSteps, unit),
    quota: showSteps(stepsOf(input.quotaBytes, unit, 'down'), unit),
    line: showSteps(lineSteps, unit),
    remove: nearing ? showSteps(removeSteps(local + nhsmail, combinedSteps, lineSteps, unit), unit) : undefined,
  };
}

/** A shared mailbox's size beside the quota it may hold, in one unit: the size up, the quota down. */
export function sizeAgainstQuota(sizeBytes: number, quotaBytes: number): { size: string; quota: string } {
  const unit = sizeUnitFor(Math.max(sizeBytes, quotaBytes));
  return { size: showSteps(heldSteps(sizeBytes, unit), unit), quota: showSteps(stepsOf(quotaBytes, unit, 'down'), unit) };
}
