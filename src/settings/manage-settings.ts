import { Document, isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import { SETTING_CATALOGUE } from './setting-catalogue.js';
import { parseSettingValue, settingStates } from './settings.js';

/** The settings as a YAML file to review and fill in; unfilled ones are left empty. */
export function settingsToYaml(organisation: Organisation, values: Readonly<Record<string, string>>): string {
  const document = new Document(Object.fromEntries(settingStates(values).map((s) => [s.key, s.value ?? null])));
  document.commentBefore = ` Settings for ${organisation.name}'s commsplan workspace.\n Fill in the empty ones, then load them with: commsplan settings import FILE`;
  if (isMap(document.contents)) {
    for (const item of document.contents.items) {
      const definition = SETTING_CATALOGUE.find((s) => isScalar(item.key) && s.key === item.key.value);
      if (definition && isScalar(item.key)) item.key.commentBefore = ` ${definition.label}: ${definition.help}`;
    }
  }
  return document.toString({ lineWidth: 0 });
}

export interface SettingsImportResult {
  changed: string[];
  unchanged: string[];
  /** Keys left empty in the file: not changed. */
  skipped: string[];
}

/**
 * Reads a settings file: every value checked against its setting's type, or a refusal listing
 * each problem with its line, before anything is written. Empty values are skipped.
 */
export function parseSettingsYaml(file: string, text: string): { parsed: { key: string; value: string }[]; skipped: string[] } {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const where = (offset: number | undefined) => `${file}, line ${offset === undefined ? '?' : lineCounter.linePos(offset).line}`;
  if (document.errors.length > 0) {
    const first = document.errors[0];
    throw new CommsplanError('file-unreadable', `${where(first?.pos[0])}: this is not valid YAML (${first?.code}).`, { file });
  }
  if (!isMap(document.contents))
    throw new CommsplanError('file-unreadable', `${file} should list settings as "key: value" lines.`, { file });
  const parsed: { key: string; value: string }[] = [];
  const skipped: string[] = [];
  const problems: string[] = [];
  for (const item of document.contents.items) {
    const key = isScalar(item.key) ? String(item.key.value) : '';
    const raw = isScalar(item.value) ? item.value.value : item.value;
    if (raw === null || raw === undefined || raw === '') {
      skipped.push(key);
      continue;
    }
    try {
      parsed.push(parseSettingValue(key, typeof raw === 'object' ? JSON.stringify(raw) : String(raw)));
    } catch (error) {
      if (!(error instanceof CommsplanError)) throw error;
      problems.push(`${where(isScalar(item.key) ? item.key.range?.[0] : undefined)}, ${key}: ${error.message}`);
    }
  }
  if (problems.length) {
    throw new CommsplanError('invalid-setting', `Nothing was imported from ${file}:\n${problems.join('\n')}`, { file, problems });
  }
  return { parsed, skipped };
}
