import { asWindows1252 } from './excel-csv.js';
import type { RulePerson } from './expected-audiences.js';
import { isAscii } from './names.js';
import type { Person, Trust } from './trust-types.js';

/**
 * Which files spell a person's name whole. The ESR list (Windows-1252) loses Ł, ś and ń; every Exchange
 * export in PowerShell's default ASCII loses every accent; the group-member export (-Encoding UTF8) and
 * the NHSmail portal (UTF-8) keep them. A person with a clean source must be named as it spells them;
 * one without must still never be greeted with a `?`.
 */
export type NameSource = 'ESR' | 'mailbox export' | 'group-member export' | 'NHSmail portal';

export function cleanNameSources(trust: Trust, person: RulePerson, nhsmailLinked: boolean): NameSource[] {
  const holder = person.holder;
  const whole = `${holder.firstName} ${holder.lastName}`;
  const sources: NameSource[] = [];
  if (person.row && asWindows1252(whole) === whole) sources.push('ESR');
  if (holder.mailbox && isAscii(whole)) sources.push('mailbox export');
  if (holder.mailbox && inExportedGroup(trust, holder)) sources.push('group-member export');
  if (holder.nhsmail && nhsmailLinked) sources.push('NHSmail portal');
  return sources;
}

function inExportedGroup(trust: Trust, person: Person): boolean {
  return [...trust.groups, ...trust.distributionGroups].some((group) => group.membersExported && group.memberIds.includes(person.id));
}
