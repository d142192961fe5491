import type { SettingType } from './setting-types.js';

export interface SettingDefinition {
  key: string;
  label: string;
  type: SettingType;
  /** What the setting is for, shown by `commsplan settings`. */
  help: string;
  /** Used when nobody has set a value; a setting with a default is never unfilled. */
  defaultValue?: string;
  /** Left empty, commsplan works it out itself, so `check` does not ask for it. */
  optional?: boolean;
}
