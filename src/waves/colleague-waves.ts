import { type LinkWeights, linkKindOf } from './link-kinds.js';
import type { PermissionRow } from './plan-problem.js';

/**
 * For each of `people`, the waves their linked colleagues still to move are in, the most link
 * weight first: where a person should go to keep their delegation and shared mail working.
 */
export function colleagueWaves(
  people: readonly string[],
  permissions: readonly PermissionRow[],
  waveOf: (email: string) => string | undefined,
  weights: LinkWeights,
  leftOut: ReadonlySet<string>,
): Map<string, string[]> {
  const wanted = new Set(people);
  const weightByWave = new Map<string, Map<string, number>>();
  const add = (person: string, colleague: string, weight: number) => {
    const wave = waveOf(colleague);
    if (!wave || weight <= 0) return;
    const byWave = weightByWave.get(person) ?? new Map<string, number>();
    weightByWave.set(person, byWave);
    byWave.set(wave, (byWave.get(wave) ?? 0) + weight);
  };
  for (const row of permissions) {
    if (leftOut.has(row.holder) || row.mailbox === row.holder) continue;
    const weight = weights[linkKindOf(row.access)];
    if (wanted.has(row.mailbox)) add(row.mailbox, row.holder, weight);
    if (wanted.has(row.holder)) add(row.holder, row.mailbox, weight);
  }
  return new Map(
    [...weightByWave].map(([person, byWave]) => [
      person,
      [...byWave].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([wave]) => wave),
    ]),
  );
}
