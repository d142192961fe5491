import { escapeControlCharacters } from '../shared/control-characters.js';
import { CommsplanError } from '../shared/errors.js';
import { requireSetting, SETTING_CATALOGUE } from './setting-catalogue.js';
import type { SettingDefinition } from './setting-definition.js';
import { isNotOneLine, normaliseSettingValue, SETTING_TYPE_EXPECTS } from './setting-types.js';

/** Stored setting values by key; absent keys are unset. */
export type SettingValues = Readonly<Record<string, string>>;

export interface SettingState extends SettingDefinition {
  value: string | undefined;
  filled: boolean;
}

/** Checks `raw` against the setting's type; returns the key and the cleaned value to store. */
export function parseSettingValue(key: string, raw: string): { key: string; value: string } {
  const definition = requireSetting(key);
  if (isNotOneLine(raw))
    throw new CommsplanError(
      'invalid-setting',
      `The value given for ${definition.key} (${definition.label}), "${escapeControlCharacters(raw.trim())}", holds a line break or a control character: a setting is one line of plain text filling a placeholder. Give it again on one line.`,
      { field: definition.key, value: raw },
    );
  const value = normaliseSettingValue(definition.type, raw);
  if (value === undefined) {
    throw new CommsplanError(
      'invalid-setting',
      `"${escapeControlCharacters(raw)}" is not a valid value for ${definition.key} (${definition.label}): expected ${SETTING_TYPE_EXPECTS[definition.type]}.`,
      { field: definition.key, value: raw },
    );
  }
  return { key: definition.key, value };
}

/** Every known setting with its effective value (the stored one, else the default). */
export function settingStates(values: SettingValues): SettingState[] {
  return SETTING_CATALOGUE.map((definition) => {
    const value = values[definition.key] ?? definition.defaultValue;
    return { ...definition, value, filled: value !== undefined };
  });
}

export function effectiveSettings(values: SettingValues): Record<string, string> {
  const result: Record<string, string> = {};
  for (const state of settingStates(values)) if (state.value !== undefined) result[state.key] = state.value;
  return result;
}

/**
 * The setting to clear: an optional one (commsplan works it out, or does without) or one with a
 * default (it goes back to it). A setting the emails need and nothing can stand in for is refused.
 */
export function requireClearable(key: string): SettingDefinition {
  const definition = requireSetting(key);
  if (definition.optional || definition.defaultValue !== undefined) return definition;
  throw new CommsplanError(
    'invalid-setting',
    `${definition.key} (${definition.label}) cannot be cleared: the plan's emails need it and it has no default. Give it another value with: commsplan settings set ${definition.key} VALUE`,
    { field: definition.key },
  );
}
