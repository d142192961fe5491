import { COLLEAGUES_APART_FIELD } from './colleagues-apart-field.js';
import { FAILED_MOVE_FIELDS } from './failed-move-route.js';
import { OWN_WAVE_FIELDS, PERSONAL_FIELDS, PLAN_FIELDS, SETTING_FIELDS, WAVE_FIELDS } from './message-fields.js';
import { placeholdersIn } from './placeholders.js';
import { PROGRAMME_OUTCOME_FIELDS } from './programme-outcome-fields.js';

/** Where a placeholder's value comes from, or `unknown` when nothing can fill it. */
export type PlaceholderSource = 'setting' | 'programme' | 'personal' | 'wave' | 'unknown';

const SOURCES: readonly [PlaceholderSource, readonly string[]][] = [
  ['setting', SETTING_FIELDS],
  ['programme', [...PLAN_FIELDS, ...PROGRAMME_OUTCOME_FIELDS]],
  ['personal', [...PERSONAL_FIELDS, ...FAILED_MOVE_FIELDS, ...OWN_WAVE_FIELDS, COLLEAGUES_APART_FIELD]],
  ['wave', WAVE_FIELDS],
];

/**
 * Where a placeholder is filled from. Wave fields are known only to templates of activities tied
 * to waves (`perWave`), as `check` has it: elsewhere there is no wave to take them from.
 */
export function placeholderSource(name: string, perWave: boolean): PlaceholderSource {
  for (const [source, names] of SOURCES) {
    if (names.includes(name)) return source === 'wave' && !perWave ? 'unknown' : source;
  }
  return 'unknown';
}

/** The placeholder names, of those given, that nothing can fill. */
export function unknownAmong(names: readonly string[], perWave: boolean): string[] {
  return names.filter((name) => placeholderSource(name, perWave) === 'unknown');
}

/** The placeholders of a subject and body that nothing can fill. */
export function unknownPlaceholders(template: { subject: string; body: string }, perWave: boolean): string[] {
  return unknownAmong(placeholdersIn(`${template.subject}\n${template.body}`), perWave);
}
