import { formatLongDate } from '../calendar/local-date.js';
import { PLAN_FIELDS, planFields } from '../messages/message-fields.js';
import type { Workspace } from '../plan/workspace.js';
import { placeholderNameOf, SETTING_CATALOGUE, type SettingDefinition } from '../settings/setting-catalogue.js';
import type { DocumentBlock } from './document-model.js';

const PLACEHOLDER = /\(\(\s*([^()]+?)\s*\)\)/g;

/** Every placeholder name the plan's own words use: its opening sections, key messages and emails. */
function placeholdersUsed(workspace: Pick<Workspace, 'introduction' | 'keyMessages' | 'templates'>): Set<string> {
  const texts = [
    ...workspace.introduction.flatMap((s) => [s.heading, s.body]),
    ...workspace.keyMessages.flatMap((m) => [m.heading, m.body]),
    ...workspace.templates.flatMap((t) => [t.subject, t.body]),
  ];
  return new Set(texts.flatMap((text) => [...text.matchAll(PLACEHOLDER)].map((match) => (match[1] as string).toLowerCase())));
}

const usedBy = (used: Set<string>) => (setting: SettingDefinition) =>
  used.has(placeholderNameOf(setting.key)) || used.has(`not ${placeholderNameOf(setting.key)}`);

function settingValue(setting: SettingDefinition, value: string | undefined): string {
  if (value === undefined || value.trim() === '') return `Not set yet: set it with commsplan settings set ${setting.key} VALUE`;
  return setting.type === 'date' ? formatLongDate(value) : value;
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

/** The draft notice: which details are missing, by the names a person knows them by, and how to fill them. */
export function missingDetailsText(missing: readonly string[]): string {
  const labels = missing.map((name) => {
    if ((PLAN_FIELDS as readonly string[]).includes(name)) return `${name} (add waves with commsplan waves add)`;
    const setting = SETTING_CATALOGUE.find((s) => placeholderNameOf(s.key) === name || `not ${placeholderNameOf(s.key)}` === name);
    return setting ? `${setting.label} (${setting.key})` : name;
  });
  return `Draft: ${missing.length} ${missing.length === 1 ? 'detail is' : 'details are'} not filled in yet, so the text shows [not set: ...] where ${missing.length === 1 ? 'it goes' : 'each goes'}: ${labels.join(', ')}. Set them with commsplan settings set NAME VALUE.`;
}
