import { formatLongDate } from '../calendar/local-date.js';
import { requireSetting } from '../settings/setting-catalogue.js';

/** A setting a published document needs and nobody has filled yet. */
export interface MissingSetting {
  key: string;
  label: string;
}

/**
 * The organisation's settings as a published document reads them. A value nobody has filled in
 * reads "[to be added: LABEL]" in the text, never a raw placeholder or a bare dash, and is
 * remembered so the document can say what the comms lead still has to fill.
 */
export interface PublishedValues {
  /** The setting's value, dates written out in full. */
  text(key: string): string;
  /** The setting's value as a sentence of its own: one full stop at its end, whether or not it was typed. */
  sentence(key: string): string;
  /** Whether the setting has a value. */
  has(key: string): boolean;
  missing(): MissingSetting[];
}

export function publishedValues(settings: Readonly<Record<string, string>>): PublishedValues {
  const missing = new Map<string, MissingSetting>();
  return {
    text(key) {
      const definition = requireSetting(key);
      const value = settings[key]?.trim();
      if (value) return definition.type === 'date' ? formatLongDate(value) : value;
      missing.set(key, { key, label: definition.label });
      return `[to be added: ${definition.label.toLowerCase()}]`;
    },
    sentence(key) {
      const text = this.text(key).trim();
      return /[.!?]$/.test(text) ? text : `${text}.`;
    },
    has: (key) => Boolean(settings[key]?.trim()),
    missing: () => [...missing.values()],
  };
}

/** The sentence a draft opens with, naming each setting still to fill and how. */
export function draftNote(missing: readonly MissingSetting[]): string {
  const list = missing.map((m) => `${m.label} (${m.key})`).join(', ');
  return `Draft: some details are not filled in yet and show as "[to be added: ...]". Before publishing, the comms lead fills ${list} with commsplan settings set KEY VALUE, or on the Settings page.`;
}
