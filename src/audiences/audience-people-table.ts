import type { DirectoryPerson } from './audiences.store.js';
import { firstNameOf } from './names-in-messages.js';
import { formatBytes } from './personal-fields.js';

/** The columns `audience show` and the web's audience page list each person with: the figures that put them there. */
export const PEOPLE_COLUMNS = [
  'email',
  'first name',
  'last name',
  'department',
  'job role',
  'wave',
  'local mailbox',
  'NHSmail',
  'combined',
  'quota',
  'mobile',
  'migration',
];

export function personRow(person: DirectoryPerson): string[] {
  return [
    person.email,
    firstNameOf(person) ?? '',
    person.last_name ?? '',
    person.department ?? '',
    person.job_role ?? '',
    person.wave ?? '',
    person.local_size === null ? '' : formatBytes(Number(person.local_size)),
    person.nhsmail_size === null ? '' : formatBytes(Number(person.nhsmail_size)),
    formatBytes(Number(person.combined_size)),
    formatBytes(Number(person.quota)),
    Number(person.mobile) ? 'yes' : '',
    Number(person.migrated) ? 'migrated' : Number(person.failed) ? 'failed' : '',
  ];
}
