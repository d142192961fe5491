import { rememberingRecent } from '../shared/recent-results.js';

/**
 * `((first name))`, or optional content `((name??text shown when name is set))`. The text may hold
 * plain placeholders of its own, such as `((owners??Ask ((owners)).))`, filled once it is shown.
 */
export const PLACEHOLDER = /\(\(([^()?]+?)(?:\?\?((?:[^()]|\(\([^()?]+\)\))*))?\)\)/g;

/**
 * Placeholder names compare ignoring case, repeated spaces, hyphens and underscores. The same few
 * names come up for every message of a send, so results are remembered.
 */
export const normalisePlaceholderName: (name: string) => string = rememberingRecent(1_000, (name) =>
  name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' '),
);

/** The distinct placeholder names used in `text`, in order of first use, optional content included. */
export function placeholdersIn(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    names.add(normalisePlaceholderName(match[1] ?? ''));
    for (const inner of placeholdersIn(match[2] ?? '')) names.add(inner);
  }
  return [...names];
}

/** True for the values that switch optional content on. */
export function isSwitchedOn(value: string): boolean {
  return !['', 'no', 'false', '0'].includes(value.trim().toLowerCase());
}
