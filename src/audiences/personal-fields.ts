import type { DirectoryPerson } from './audiences.store.js';

/** Sizes as people read them: binary units, one decimal place from MB up. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return 'none';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit <= 1 ? Math.round(value).toString() : (Math.round(value * 10) / 10).toString();
  return `${shown} ${units[unit]}`;
}

/** The first name from the staff list, else from a display name such as "Jones, Sam" or "Sam Jones". */
export function firstNameOf(person: Pick<DirectoryPerson, 'first_name' | 'display_name'>): string | undefined {
  if (person.first_name?.trim()) return person.first_name.trim();
  const display = person.display_name?.trim();
  if (!display) return undefined;
  if (display.includes(',')) return display.split(',')[1]?.trim().split(/\s+/)[0] || undefined;
  return display.split(/\s+/)[0];
}

/** The personal placeholders of a template, filled for one person. Missing data stays missing. */
export function personalFields(person: DirectoryPerson): Record<string, string | undefined> {
  const overBy = Number(person.combined_size) - Number(person.quota);
  return {
    'first name': firstNameOf(person),
    'last name': person.last_name ?? undefined,
    'email address': person.email,
    'local mailbox size': person.local_size === null ? undefined : formatBytes(Number(person.local_size)),
    'nhsmail size': person.nhsmail_size === null ? formatBytes(0) : formatBytes(Number(person.nhsmail_size)),
    'combined size': formatBytes(Number(person.combined_size)),
    quota: formatBytes(Number(person.quota)),
    'amount to remove': overBy > 0 ? formatBytes(overBy) : undefined,
  };
}
