import { londonDate } from '../calendar/london-time.js';
import type { TypedSettings } from '../settings/typed-settings.js';
import { perWaveAudience } from './audience-names.js';
import type { DirectoryReadOptions } from './audiences.store.js';
import type { PersonalLimits } from './personal-fields.js';

export interface BuiltinAudience {
  name: string;
  /** The rule, in words, as `commsplan audiences` shows it. */
  rule: string;
  /** The same rule in the filter language; counts and lists both use it. */
  filter: string;
  /**
   * The imports the audience is worked out from, for the warnings about missing and old data: those
   * of its filter's fields (`FIELD_SOURCES`), less any it does well without (an NHSmail account list
   * only adds the few who have one).
   */
  sources: string[];
}

/**
 * Only current people are ever in an audience (see docs/who-is-in-each-audience.md). People
 * the organisation decided will not get NHSmail are in all-staff only.
 */
export const BUILTIN_AUDIENCES: readonly BuiltinAudience[] = [
  {
    name: 'all-staff',
    rule: 'Everyone current: with a working local mailbox, on the staff list, or with an NHSmail account of someone on it; not a leaver',
    filter: 'on_staff_list or local_mailbox or nhsmail',
    sources: ['people', 'mailboxes'],
  },
  {
    name: 'local-email-users',
    rule: 'With a local user mailbox (not shared, room or equipment)',
    filter: 'local_mailbox and gets_nhsmail',
    sources: ['mailboxes'],
  },
  {
    name: 'nhsmail-users',
    rule: 'With an existing NHSmail account',
    filter: 'nhsmail and gets_nhsmail',
    sources: ['nhsmail-accounts'],
  },
  {
    name: 'mobile-users',
    rule: 'With a phone or tablet that synced their mailbox within the last mobile-active-days days',
    filter: 'mobile and gets_nhsmail',
    sources: ['mobile-devices'],
  },
  {
    name: 'email-programme-users',
    rule: 'Marked on the staff list as using Outlook or another email programme',
    filter: 'email_programme and gets_nhsmail',
    sources: ['people'],
  },
  {
    name: 'over-quota',
    rule: 'Not yet moved; local mailbox plus NHSmail account (calendar, contacts and tasks included) over their own NHSmail quota',
    filter: 'over_quota',
    sources: ['mailboxes', 'mailbox-stats'],
  },
  {
    name: 'nearing-quota',
    rule: 'Not yet moved; the same total at or above nearing-quota-percent of their quota, but not over it',
    filter: 'nearing_quota',
    sources: ['mailboxes', 'mailbox-stats'],
  },
  { name: 'helpdesk', rule: 'Marked on the staff list as IT helpdesk staff', filter: 'helpdesk and gets_nhsmail', sources: ['people'] },
  {
    name: 'application-owners',
    rule: 'Marked on the staff list as owning an application that sends email',
    filter: 'application_owner and gets_nhsmail',
    sources: ['people'],
  },
  {
    name: 'dl-owners',
    rule: 'Marked on the staff list as owning a distribution list, or named as an owner in the list owners file',
    filter: 'dl_owner and gets_nhsmail',
    sources: ['people'],
  },
  {
    name: 'shared-mailbox-users',
    rule: 'With full access to a shared mailbox, themselves or through a group',
    filter: 'shared_mailbox_user and gets_nhsmail',
    sources: ['permissions', 'mailboxes'],
  },
  {
    name: 'shared-mailbox-owners',
    rule: 'Named as the owner of a shared mailbox in the owners list',
    filter: 'shared_mailbox_owner and gets_nhsmail',
    sources: ['shared-mailbox-owners'],
  },
  {
    name: 'migrated',
    rule: 'Moved to NHSmail (Completed or CompletedWithWarnings), by the latest migration results',
    filter: 'migrated and gets_nhsmail',
    sources: ['migration-status'],
  },
  {
    name: 'failed',
    rule: 'Whose move failed (Failed, IncrementalFailed, CompletionFailed, Corrupted), by the latest migration results',
    filter: 'failed and gets_nhsmail',
    sources: ['migration-status'],
  },
  {
    name: 'bounced',
    rule: 'Whose address bounced permanently (a 5.x.x non-delivery report) for an email commsplan sent: see commsplan bounces',
    filter: 'bounced',
    sources: [],
  },
];

/** Who the programme moved, and who with a local mailbox it has still to move: the completion email counts both. */
export const PROGRAMME_COUNT_FILTERS = {
  moved: 'migrated and gets_nhsmail',
  unmoved: 'local_mailbox and gets_nhsmail and not migrated',
} as const;

export type PerWaveAudience = 'wave' | 'wave-migrated' | 'wave-failed' | 'wave-unfinished';

/**
 * A wave's audiences: `wave:NAME` (in the wave now, not yet moved), `migrated:NAME` and
 * `failed:NAME` (whose latest result belongs to the wave, so a failed person carried over into a
 * later wave still hears about the failure of the first), and `unfinished:NAME` (whose latest
 * result in the wave is neither moved nor failed: stopped, copied and waiting for the switch-over,
 * or still in progress).
 */
export function perWaveFilter(audience: PerWaveAudience, waveName: string): string {
  const name = JSON.stringify(waveName);
  if (audience === 'wave-unfinished') return `result_wave = ${name} and gets_nhsmail and not migrated and not failed`;
  if (audience === 'wave-migrated') return `result_wave = ${name} and gets_nhsmail and migrated`;
  if (audience === 'wave-failed') return `result_wave = ${name} and gets_nhsmail and failed`;
  return `wave = ${name} and gets_nhsmail and not migrated`;
}

/**
 * The filter of an audience that is not a custom one, as `resolveAudience` finds it: a built-in
 * audience's, or a wave's (`wave:NAME`, `migrated:NAME`, `failed:NAME`); undefined for any other name.
 */
export function standardFilterOf(name: string): string | undefined {
  const builtin = BUILTIN_AUDIENCES.find((audience) => audience.name === name.trim().toLowerCase());
  if (builtin) return builtin.filter;
  const perWave = perWaveAudience(name);
  return perWave ? perWaveFilter(perWave.audience as PerWaveAudience, perWave.wave) : undefined;
}

/** The imports a wave's audience is worked out from: the staff list's waves, and for results the migration results. */
export function perWaveSources(audience: string): string[] {
  return audience === 'wave' ? ['people'] : ['people', 'migration-status'];
}

/**
 * The imports a built-in or wave audience is worked out from, as `resolveAudience` finds them;
 * undefined for any other name (a custom audience's come from its filter: `sourcesOfFilter`).
 */
export function standardSourcesOf(name: string): string[] | undefined {
  const builtin = BUILTIN_AUDIENCES.find((audience) => audience.name === name.trim().toLowerCase());
  if (builtin) return builtin.sources;
  const perWave = perWaveAudience(name);
  return perWave ? perWaveSources(perWave.audience) : undefined;
}

const DAY_MS = 86_400_000;
const GB = 1024 ** 3;

/** The settings personal fields read, as numbers: a shared mailbox's limit is the NHSmail quota unless set. */
export function personalLimits(settings: TypedSettings): PersonalLimits {
  return {
    nearingPercent: settings.nearingQuotaPercent,
    quotaBytes: settings.nhsmailQuotaGb * GB,
    sharedMailboxQuotaBytes: (settings.sharedMailboxQuotaGb ?? settings.nhsmailQuotaGb) * GB,
    namesShown: settings.namesShownPerAccess,
  };
}

/** The read options of the directory for this moment, from the organisation's settings. */
export function directoryReadOptions(settings: TypedSettings, now: Date, mailboxDomains: readonly string[]): DirectoryReadOptions {
  return {
    today: londonDate(now),
    mobileSince: new Date(now.getTime() - settings.mobileActiveDays * DAY_MS).toISOString(),
    quotaBytes: settings.nhsmailQuotaGb * GB,
    nearingPercent: settings.nearingQuotaPercent,
    organisationDomains: settings.organisationDomains.length ? settings.organisationDomains : mailboxDomains,
    allowOutsideDomains: settings.allowOutsideDomains,
    staffListIsComplete: settings.staffListIsComplete,
  };
}
