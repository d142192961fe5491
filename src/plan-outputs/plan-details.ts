import { formatLongDate } from '../calendar/local-date.js';
import { PLAN_FIELDS, planFields, SETTING_FIELDS } from '../messages/message-fields.js';
import { placeholdersIn } from '../messages/placeholders.js';
import type { Workspace } from '../plan/workspace.js';
import { placeholderNameOf, SETTING_CATALOGUE } from '../settings/setting-catalogue.js';
import type { SettingDefinition } from '../settings/setting-definition.js';
import type { DocumentBlock } from './document-model.js';

/** Every placeholder name the plan's own words use: its opening sections, key messages and emails. */
function placeholdersUsed(workspace: Pick<Workspace, 'introduction' | 'keyMessages' | 'templates'>): Set<string> {
  const texts = [
    ...workspace.introduction.flatMap((s) => [s.heading, s.body]),
    ...workspace.keyMessages.flatMap((m) => [m.heading, m.body]),
    ...workspace.templates.flatMap((t) => [t.subject, t.body]),
  ];
  return new Set(placeholdersIn(texts.join('\n')));
}

const usedBy = (used: Set<string>) => (setting: SettingDefinition) =>
  used.has(placeholderNameOf(setting.key)) || used.has(`not ${placeholderNameOf(setting.key)}`);

/** Settings whose number is a share: their value reads with its unit. */
const PERCENT_SETTINGS = new Set(['nearing-quota-percent']);

function settingValue(setting: SettingDefinition, value: string | undefined): string {
  if (value === undefined || value.trim() === '')
    return `${setting.optional ? 'Not set (optional)' : 'Not set yet'}: set it with commsplan settings set ${setting.key} VALUE`;
  if (setting.type === 'date') return formatLongDate(value);
  return PERCENT_SETTINGS.has(setting.key) ? `${value}%` : value;
}

const WAVE_DATES: Readonly<Record<string, string>> = {
  'first wave date': 'First wave',
  'last wave date': 'Last wave ends',
};

/**
 * The organisation's details that the plan's words use, each with its value, or what is missing
 * and how to set it: the values that fill the source plan's blanks.
 */
export function detailsBlocks(workspace: Workspace): DocumentBlock[] {
  const used = placeholdersUsed(workspace);
  const dates = planFields(workspace.organisation.programmeStart, workspace.waves);
  const waveRows = Object.entries(WAVE_DATES)
    .filter(([name]) => used.has(name))
    .map(([name, label]): [string, string] => [label, dates[name] ?? 'No waves yet: add them with commsplan waves add']);
  const settingRows = SETTING_CATALOGUE.filter(usedBy(used)).map((setting): [string, string] => [
    setting.label,
    settingValue(setting, workspace.settings[setting.key]),
  ]);
  return [
    { kind: 'heading', level: 2, text: 'Details used in this plan' },
    {
      kind: 'paragraph',
      text: "The organisation's own details, as commsplan holds them. The plan's words and emails below are filled in with them.",
    },
    { kind: 'fields', rows: [...waveRows, ...settingRows] },
  ];
}

/**
 * The draft notice, while the text shows `[not set: ...]` (`missing`: the names the document's
 * rendering found without a value) or no wave is planned: the details section says how to fill each.
 */
export function draftNotice(workspace: Workspace, missing: readonly string[]): DocumentBlock | undefined {
  const used = placeholdersUsed(workspace);
  const empty = missing.filter((name) => SETTING_FIELDS.includes(name)).length;
  const noWaves = workspace.waves.length === 0 && PLAN_FIELDS.some((name) => used.has(name));
  const what = [
    empty ? `${empty} of the settings it uses ${empty === 1 ? 'is' : 'are'} empty` : '',
    noWaves ? 'no waves are planned yet, so the wave dates are not known' : '',
  ].filter(Boolean);
  if (what.length === 0) return undefined;
  const shown = missing.length ? ' The text shows [not set: ...] where one is needed;' : '';
  return {
    kind: 'paragraph',
    text: `Draft: ${what.join(', and ')}.${shown || ' See'} the details section below${shown ? ' names each and' : ', which says'} how to set it.`,
  };
}
