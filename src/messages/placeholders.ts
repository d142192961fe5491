/**
 * `((first name))`, or optional content `((name??text shown when name is set))`. The text may hold
 * plain placeholders of its own, such as `((owners??Ask ((owners)).))`, filled once it is shown.
 */
export const PLACEHOLDER = /\(\(([^()?]+?)(?:\?\?((?:[^()]|\(\([^()?]+\)\))*))?\)\)/g;

/** Names normalised lately: the same few names come up for every message of a send. */
const normalisedNames = new Map<string, string>();
const NORMALISED_NAMES_KEPT = 1_000;

/** Placeholder names compare ignoring case, repeated spaces, hyphens and underscores. */
export function normalisePlaceholderName(name: string): string {
  let normalised = normalisedNames.get(name);
  if (normalised === undefined) {
    normalised = name
      .trim()
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ');
    if (normalisedNames.size >= NORMALISED_NAMES_KEPT) normalisedNames.clear();
    normalisedNames.set(name, normalised);
  }
  return normalised;
}

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
