import { type AudienceData, dataProblems, webImportHint } from '../audiences/audience-data.js';
import { audienceForWave, isWaveResultsAudience } from '../audiences/audience-names.js';
import { countDirectory } from '../audiences/audiences.store.js';
import type { FilterNode } from '../audiences/filter-language.js';
import { lastImports } from '../audiences/last-imports.store.js';
import { readDirectory, resolveAudience } from '../audiences/manage-audiences.js';
import { allStaffListAddress } from '../outbox/approval-scope.js';
import { describeOccurrence, keyOf } from '../plan/occurrence-names.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { CommsplanError } from '../shared/errors.js';
import type { Store } from '../store/store.js';

/** Why the data behind one email's audience would spoil it: approving or sending it then needs `--anyway`. */
export interface DataWarning {
  occurrenceKey: string;
  description: string;
  problems: string[];
  /** The same problems without the CLI's command lines, for the web. */
  problemsInWords: string[];
}

/** An audience of failed or unfinished moves may well be empty: nobody in it is the outcome hoped for. */
const FAILED_AUDIENCE = /^(failed|unfinished)(:|$)/i;

/**
 * The data warnings of these occurrences as the directory is now: an empty audience, an import
 * it needs never made, or one older than `data-max-age-days`. An email to the all-staff list goes
 * to one address whatever the directory holds, so it has none; nor, when `approving`, does an
 * email to the people of a wave's results, which come only after the wave. Reads outside any
 * transaction: the people table may need rebuilding first.
 */
export async function audienceDataWarnings(
  store: Store,
  workspace: Workspace,
  occurrences: readonly Occurrence[],
  now: Date,
  { approving = false }: { approving?: boolean } = {},
): Promise<DataWarning[]> {
  const orgId = workspace.organisation.id;
  const toPeople = occurrences.filter((o) => !allStaffListAddress(workspace, o) && !(approving && o.audiences.some(isWaveResultsAudience)));
  if (toPeople.length === 0) return [];
  const { builtAt: _, ...options } = await readDirectory(store, { orgId, settings: workspace.typedSettings, now });
  const audiences: AudienceData[][] = [];
  const filters: FilterNode[] = [];
  for (const occurrence of toPeople) {
    const resolved = await Promise.all(
      occurrence.audiences.map((name) => resolveAudience(store.db, orgId, audienceForWave(name, occurrence.wave?.name ?? ''))),
    );
    audiences.push(resolved.map((a) => ({ name: a.name, sources: a.sources })));
    filters.push(resolved.map((a) => a.filter).reduce((left, right) => ({ kind: 'or', left, right })));
  }
  const [{ counts }, imported] = await Promise.all([countDirectory(store, orgId, filters, options), lastImports(store.db, orgId)]);
  return toPeople.flatMap((occurrence, i) => {
    const input = {
      audiences: audiences[i] ?? [],
      recipients: (audiences[i] ?? []).every((a) => FAILED_AUDIENCE.test(a.name)) ? undefined : (counts[i] ?? 0),
      imported,
      now,
      maxAgeDays: workspace.typedSettings.dataMaxAgeDays,
    };
    const problems = dataProblems(input);
    if (problems.length === 0) return [];
    const problemsInWords = dataProblems(input, webImportHint);
    return [{ occurrenceKey: keyOf(occurrence), description: describeOccurrence(occurrence), problems, problemsInWords }];
  });
}

/** The warnings as lines: each email, then why. */
export function dataWarningLines(warnings: readonly DataWarning[]): string[] {
  return warnings.flatMap((w) => [`${w.description}:`, ...w.problems.map((p) => `- ${p}`)]);
}

/** The refusal to approve or send without `--anyway`, naming each email and why, and how to go on. */
export function unconfirmedDataError(verb: 'approved' | 'sent', warnings: readonly DataWarning[], anywayCommand: string): CommsplanError {
  const lines = dataWarningLines(warnings);
  return new CommsplanError(
    'audience-data-unconfirmed',
    `Nothing was ${verb}: the data behind ${warnings.length === 1 ? 'this email' : 'these emails'} would spoil ${warnings.length === 1 ? 'it' : 'them'}.\n${lines.join('\n')}\nImport the data again first, or, if it is right as it is, go on with: ${anywayCommand}`,
    { warnings },
  );
}

/** What a send says of the approved emails it left unsent, and how to send them anyway. */
export function unconfirmedLines(warnings: readonly DataWarning[], anywayHint = 'commsplan send --due --anyway'): string[] {
  if (warnings.length === 0) return [];
  return [
    ...warnings.flatMap((w) => [
      `${w.description} was not sent and stays approved: the data behind its audience would spoil it:`,
      ...w.problems.map((p) => `- ${p}`),
    ]),
    `Import the data again first, or, if it is right as it is, send ${warnings.length === 1 ? 'it' : 'them'} anyway with: ${anywayHint}`,
  ];
}
