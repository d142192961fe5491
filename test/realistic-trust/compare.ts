import type { CliResult } from '../support/cli-harness.js';
import { isPersonalAddress } from './staff-links.js';
import type { Person, Trust } from './trust-types.js';

/** Helpers the realistic-trust tests and count-audiences.ts share: reading the CLI's JSON, naming people in failures. */

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function listedAddresses(result: CliResult): string[] | undefined {
  const parsed = parseJson(result.stdout) as { people?: { email?: string }[] } | undefined;
  if (result.code !== 0 || !Array.isArray(parsed?.people)) return undefined;
  return parsed.people.map((person) => (person.email ?? '(no email)').toLowerCase());
}

/** Who an address or employee number is in the model, so a failure names the person and what they are. */
export function personLabeller(trust: Trust): (key: string) => string {
  const labels = new Map<string, string>();
  for (const person of trust.people) {
    const label = `${person.firstName} ${person.lastName}, ${kindOf(person)}`;
    if (person.mailbox) labels.set(person.mailbox.address.toLowerCase(), label);
    if (person.staffList) labels.set(String(person.staffList.employeeNumber), label);
    if (person.staffList?.email) labels.set(person.staffList.email.toLowerCase(), label);
    if (person.nhsmail) labels.set(person.nhsmail.address.toLowerCase(), `${label}, NHSmail ${person.nhsmail.link}`);
  }
  for (const account of trust.strayAccounts) labels.set(account.address, `${account.portalDisplayName}, NHSmail account of no one`);
  return (key) => `${key} (${labels.get(key.toLowerCase()) ?? 'not in the model'})`;
}

function kindOf(person: Person): string {
  const staff = person.staffList;
  const mailbox = person.mailbox ? (person.mailbox.disabled ? 'disabled mailbox' : 'mailbox') : 'no mailbox';
  if (!staff) return `${person.nonStaffKind ?? 'not on ESR'}, ${mailbox}`;
  const address = staff.email === undefined ? 'no address in ESR' : isPersonalAddress(staff.email) ? 'personal address in ESR' : 'ESR';
  return `${address}, ${mailbox}${staff.wave ? `, ${staff.wave}` : ''}`;
}

/** Nothing when they agree, else what is missing and what should not be there (the first 20 of each, named). */
export function compareLists(
  want: readonly string[],
  listed: readonly string[],
  label: (key: string) => string = (key) => key,
): string | undefined {
  const wanted = new Set(want);
  const got = new Set(listed);
  const missing = want.filter((key) => !got.has(key));
  const unexpected = [...got].filter((key) => !wanted.has(key)).sort();
  const repeated = listed.length - got.size;
  if (missing.length === 0 && unexpected.length === 0 && repeated === 0) return undefined;
  const lines = [`expected ${want.length}, listed ${listed.length}`];
  if (missing.length > 0) lines.push(`missing ${missing.length}:\n  ${missing.slice(0, 20).map(label).join('\n  ')}`);
  if (unexpected.length > 0) lines.push(`should not be there ${unexpected.length}:\n  ${unexpected.slice(0, 20).map(label).join('\n  ')}`);
  if (repeated > 0) lines.push(`${repeated} listed more than once`);
  return lines.join('\n');
}
