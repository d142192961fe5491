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

/** Steps as read: `3.85 GB`, `3.6 GB`, `4 GB`, `512.5 MB`, with no trailing zeros. */
export function showSteps(steps: number, unit: SizeUnit): string {
  const places = Math.log10(unit.stepsPerUnit);
  return `${(steps / unit.stepsPerUnit).toLocaleString('en-GB', { maximumFractionDigits: places })} ${unit.name}`;
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

/** The two parts in steps, adding up to `totalSteps`: the smaller rounded up, the larger what is left (within a step of its size). */
function splitSteps(local: number, nhsmail: number, totalSteps: number, unit: SizeUnit): { local: number; nhsmail: number } {
  if (nhsmail <= local) {
    const nhsmailSteps = stepsOf(nhsmail, unit, 'up');
    return { local: totalSteps - nhsmailSteps, nhsmail: nhsmailSteps };
  }
  const localSteps = stepsOf(local, unit, 'up');
  return { local: localSteps, nhsmail: totalSteps - localSteps };
}

/**
 * One person's figures for the quota emails. The total rounds up, so it is never below the real
 * one (an over-quota total never reads as the quota); the two parts add up to it as shown; the
 * quota and the line round down. Removing `remove` therefore takes the real total down to the line
 * shown or below it.
 */
export function quotaFigures(input: QuotaFigureInput): QuotaFigures {
  const local = input.localBytes ?? 0;
  const nhsmail = input.nhsmailBytes ?? 0;
  const unit = sizeUnitFor(Math.max(local + nhsmail, input.quotaBytes));
  const combinedSteps = stepsOf(local + nhsmail, unit, 'up');
  const parts = splitSteps(local, nhsmail, combinedSteps, unit);
  const lineSteps = stepsOf((input.quotaBytes * input.nearingPercent) / 100, unit, 'down');
  const nearing = local + nhsmail >= nearingThreshold(input.quotaBytes, input.nearingPercent);
  return {
    local: input.localBytes === null ? undefined : showSteps(parts.local, unit),
    nhsmail: input.nhsmailBytes === null ? undefined : showSteps(parts.nhsmail, unit),
    combined: showSteps(combinedSteps, unit),
    quota: showSteps(stepsOf(input.quotaBytes, unit, 'down'), unit),
    line: showSteps(lineSteps, unit),
    remove: nearing ? showSteps(Math.max(combinedSteps - lineSteps, 1), unit) : undefined,
  };
}

/** A shared mailbox's size beside the quota it may hold, in one unit: the size up, the quota down. */
export function sizeAgainstQuota(sizeBytes: number, quotaBytes: number): { size: string; quota: string } {
  const unit = sizeUnitFor(Math.max(sizeBytes, quotaBytes));
  return { size: showSteps(stepsOf(sizeBytes, unit, 'up'), unit), quota: showSteps(stepsOf(quotaBytes, unit, 'down'), unit) };
}
