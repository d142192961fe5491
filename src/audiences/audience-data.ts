import { formatDate, type LocalDate } from '../calendar/local-date.js';
import { londonDate } from '../calendar/london-time.js';
import type { FilterNode } from './filter-language.js';

/**
 * The kinds of import (directory/import-kinds.ts) a filter field is worked out from: until one of
 * them is imported, the field is false or empty for everyone. Fields any source can fill (an
 * address, a name) or that settings decide need none.
 */
export const FIELD_SOURCES: Readonly<Record<string, readonly string[]>> = {
  email: [],
  local_email: ['mailboxes'],
  staff_email: ['people'],
  nhsmail_email: ['nhsmail-accounts'],
  first_name: [],
  last_name: [],
  department: ['people'],
  job_role: ['people'],
  wave: ['people'],
  result_wave: ['migration-status'],
  on_staff_list: ['people'],
  not_on_staff_list: ['people', 'mailboxes'],
  local_mailbox: ['mailboxes'],
  nhsmail: ['nhsmail-accounts'],
  mobile: ['mobile-devices'],
  email_programme: ['people'],
  helpdesk: ['people'],
  application_owner: ['people'],
  dl_owner: ['people'],
  shared_mailbox_user: ['permissions', 'mailboxes'],
  shared_mailbox_owner: ['shared-mailbox-owners'],
  gets_nhsmail: [],
  outside_domain: [],
  over_quota: ['mailboxes', 'mailbox-stats'],
  nearing_quota: ['mailboxes', 'mailbox-stats'],
  migrated: ['migration-status'],
  failed: ['migration-status'],
  waiting: ['migration-status'],
  stopped: ['migration-status'],
  bounced: [],
  migration_status: ['migration-status'],
  local_size: ['mailbox-stats'],
  nhsmail_size: ['nhsmail-accounts'],
  combined_size: ['mailbox-stats'],
  quota: [],
};

/**
 * The imports a filter needs: those of every field it asks to be true or to have a value. A field
 * only asked not to hold (`not migrated`) needs none, since no import means it holds for nobody.
 */
export function sourcesOfFilter(filter: FilterNode): string[] {
  const sources = new Set<string>();
  const visit = (node: FilterNode) => {
    if (node.kind === 'flag' || node.kind === 'compare') {
      for (const source of FIELD_SOURCES[node.field.name] ?? []) sources.add(source);
    } else if (node.kind !== 'not') {
      visit(node.left);
      visit(node.right);
    }
  };
  visit(filter);
  return [...sources].sort();
}

/** One audience of an email, with the imports it is worked out from. */
export interface AudienceData {
  name: string;
  sources: readonly string[];
}

export interface DataProblemsInput {
  audiences: readonly AudienceData[];
  /** How many people the email would reach now, or undefined when it is not sent to people one by one. */
  recipients: number | undefined;
  /** When the newest import of each kind finished, by kind. */
  imported: Readonly<Record<string, string>>;
  /** When the email goes: now, when approving or sending; its due time, when `check` looks ahead. */
  now: Date;
  maxAgeDays: number;
  /** Set when `now` is the email's due time rather than the present, so ages are told as of that day. */
  dueOn?: LocalDate;
}

const DAY_MS = 86_400_000;

const dayOf = (iso: string): LocalDate => londonDate(new Date(iso));

/** Whole days from an import's end to `now`. */
export function daysOld(importedAt: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(importedAt)) / DAY_MS);
}

/** How the CLI says to import a kind of data again. */
const cliImportHint = (source: string) => `(commsplan import ${source} FILE)`;

/** How the web says it: the imports page does it. */
export const webImportHint = (source: string) => `(import the ${source} file again on the imports page)`;

/**
 * Why the data behind an email's audiences would spoil it now, in words; empty when nothing would:
 * nobody in them, an import they need never made, or the newest import of a kind they need older
 * than `data-max-age-days`.
 */
export function dataProblems(input: DataProblemsInput, importHint: (source: string) => string = cliImportHint): string[] {
  const problems: string[] = [];
  const names = input.audiences.map((a) => a.name).join(', ');
  if (input.recipients === 0) problems.push(`nobody is in its audience (${names}) now, so it would go to no one and count as sent`);
  const sources = [...new Set(input.audiences.flatMap((a) => a.sources))].sort();
  const needing = (source: string) =>
    input.audiences
      .filter((a) => a.sources.includes(source))
      .map((a) => a.name)
      .join(', ');
  for (const source of sources.filter((s) => !input.imported[s]))
    problems.push(`${needing(source)} is worked out from ${source} data, which has never been imported ${importHint(source)}`);
  for (const source of sources) {
    const at = input.imported[source];
    if (!at) continue;
    const age = daysOld(at, input.now);
    const old = input.dueOn ? `${age} days old by ${formatDate(input.dueOn)}` : `${age} days ago`;
    if (age > input.maxAgeDays)
      problems.push(
        `${needing(source)} is worked out from ${source} data last imported on ${formatDate(dayOf(at))}, ${old}, more than data-max-age-days (${input.maxAgeDays}): import it again ${importHint(source)}`,
      );
  }
  return problems;
}
