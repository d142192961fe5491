import { z } from 'zod';
import type { LocalDate } from '../calendar/local-date.js';
import type { LocalTime } from '../calendar/london-time.js';
import type { DateOrder } from '../directory/value-parsers.js';
import { withoutControlCharacters } from '../shared/control-characters.js';
import { CommsplanError } from '../shared/errors.js';
import { type CatalogueEntry, SETTING_CATALOGUE } from './setting-catalogue.js';
import type { SettingDefinition } from './setting-definition.js';
import { normaliseSettingValue, SETTING_TYPE_EXPECTS, type SettingType } from './setting-types.js';

/** What a stored setting of each type becomes once parsed. */
interface ValueByType {
  text: string;
  date: LocalDate;
  time: LocalTime;
  url: string;
  email: string;
  phone: string;
  'yes-no': boolean;
  'date-order': DateOrder;
  'whole-number': number;
  'domain-list': readonly string[];
}

/** `nearing-quota-percent` -> `nearingQuotaPercent`. */
type CamelCase<Key extends string> = Key extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Key;

/** A list is empty rather than missing; any other setting without a default may be unset. */
type TypedValue<Entry extends CatalogueEntry> = Entry extends { defaultValue: string }
  ? ValueByType[Entry['type']]
  : Entry['type'] extends 'domain-list'
    ? ValueByType[Entry['type']]
    : ValueByType[Entry['type']] | undefined;

/** Every setting of the catalogue under its camel-cased key, parsed to its type, defaults applied. */
export type TypedSettings = { readonly [Entry in CatalogueEntry as CamelCase<Entry['key']>]: TypedValue<Entry> };

export function camelCaseKey(key: string): string {
  return key.replace(/-([a-z0-9])/g, (_dash, letter: string) => letter.toUpperCase());
}

function typedValue(type: SettingType, value: string): ValueByType[SettingType] {
  switch (type) {
    case 'whole-number':
      return Number(value);
    case 'yes-no':
      return value === 'yes';
    case 'domain-list':
      return Object.freeze(value.split(', '));
    default:
      return value;
  }
}

function fieldSchema(definition: SettingDefinition) {
  return z
    .string()
    .optional()
    .transform((stored, context) => {
      const raw = stored ?? definition.defaultValue;
      if (raw === undefined) return definition.type === 'domain-list' ? Object.freeze([]) : undefined;
      // A value stored before control characters were refused is read cleaned, not refused:
      // the workspace stays usable, and the next change of the setting is checked in full.
      const value = normaliseSettingValue(definition.type, withoutControlCharacters(raw));
      if (value !== undefined) return typedValue(definition.type, value);
      context.addIssue({ code: 'custom', message: `"${raw}" is not ${SETTING_TYPE_EXPECTS[definition.type]}` });
      return z.NEVER;
    });
}

/** One schema for all settings, built from the catalogue: stored values by key in, typed values out. */
const SETTINGS_SCHEMA = z
  .object(Object.fromEntries(SETTING_CATALOGUE.map((definition) => [definition.key, fieldSchema(definition)])))
  .transform((parsed) =>
    Object.freeze(Object.fromEntries(SETTING_CATALOGUE.map((definition) => [camelCaseKey(definition.key), parsed[definition.key]]))),
  );

/**
 * The organisation's settings as one frozen, typed object. Takes the stored values (or the
 * effective ones: defaults come from the catalogue either way) and lists every stored value it
 * cannot use at once.
 */
export function typedSettings(values: Readonly<Record<string, string>>): TypedSettings {
  const parsed = SETTINGS_SCHEMA.safeParse(values);
  if (parsed.success) return parsed.data as unknown as TypedSettings;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new CommsplanError(
    'invalid-setting',
    `The workspace holds settings commsplan cannot use:\n${problems.join('\n')}\nSet each again with: commsplan settings set KEY VALUE`,
    { problems },
  );
}
