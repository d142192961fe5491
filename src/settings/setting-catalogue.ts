import { CommsplanError } from '../shared/errors.js';
import { ARRANGEMENT_SETTINGS } from './arrangement-settings.js';
import { AUDIENCE_SETTINGS } from './audience-settings.js';
import { ORGANISATION_SETTINGS } from './organisation-settings.js';
import { SAFEGUARD_SETTINGS } from './safeguard-settings.js';
import { SENDING_SETTINGS } from './sending-settings.js';
import type { SettingDefinition } from './setting-definition.js';
import { WAVE_SETTINGS } from './wave-settings.js';

/**
 * The organisation's details that the plan and its emails refer to. Templates name them as
 * placeholders: the key with spaces, so `quota-deadline` is written `((quota deadline))`.
 * Declared `as const` so that `typedSettings` knows every key, type and default.
 */
const CATALOGUE = [
  ...ORGANISATION_SETTINGS,
  ...AUDIENCE_SETTINGS,
  ...ARRANGEMENT_SETTINGS,
  ...SENDING_SETTINGS,
  ...WAVE_SETTINGS,
  ...SAFEGUARD_SETTINGS,
] as const satisfies readonly SettingDefinition[];

export const SETTING_CATALOGUE: readonly SettingDefinition[] = CATALOGUE;

/** One setting exactly as the catalogue declares it, literal key, type and default included. */
export type CatalogueEntry = (typeof CATALOGUE)[number];

const BY_KEY = new Map(SETTING_CATALOGUE.map((definition) => [definition.key, definition]));

export function findSetting(key: string): SettingDefinition | undefined {
  return BY_KEY.get(key.trim().toLowerCase());
}

export function requireSetting(key: string): SettingDefinition {
  const definition = findSetting(key);
  if (definition) return definition;
  throw new CommsplanError(
    'unknown-setting',
    `There is no setting called "${key}". Known settings: ${SETTING_CATALOGUE.map((s) => s.key).join(', ')}.`,
    { field: 'key', value: key },
  );
}

/** The placeholder name a setting answers to: `quota-deadline` -> `quota deadline`. */
export function placeholderNameOf(key: string): string {
  return key.replace(/-/g, ' ');
}
