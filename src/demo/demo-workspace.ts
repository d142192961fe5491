import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setSetting } from '../approvals/change-settings.js';
import { writeClosureDay } from '../calendar/closure-days.store.js';
import { addDays, dayOfWeek, type LocalDate } from '../calendar/local-date.js';
import { workingCalendar, workingDayOnOrAfter } from '../calendar/working-days.js';
import { importTableFile } from '../directory/import-file.js';
import type { ImportResult } from '../directory/import-result.js';
import { openTableFile } from '../directory/read-table-file.js';
import { initWorkspace } from '../plan/init-workspace.js';
import { updateActivityOwner } from '../plan/plan.store.js';
import { writeSharedMailboxOwners } from '../plan/plan-decisions.store.js';
import type { Organisation } from '../shared/organisation.js';
import type { Store } from '../store/store.js';
import { addWave } from '../waves/manage-waves.js';
import { planWaves } from '../waves/plan-waves.js';
import { demoExportFiles } from './demo-exports.js';
import { demoPeople } from './demo-people.js';

export const DEMO_ORGANISATION = 'Northmoor Valley NHS Trust';
/** Who the audit log names for the changes that set the demo up. */
const DEMO_ACTOR = 'demo';

const DEMO_SETTINGS: Record<string, string> = {
  'sender-name': 'The NHSmail project team, Northmoor Valley NHS Trust',
  'sender-email': 'nhsmail.project@northmoor-valley.example',
  'project-team-email': 'nhsmail.project@northmoor-valley.example',
  'helpdesk-phone': '0113 496 0123',
  'helpdesk-email': 'it.helpdesk@northmoor-valley.example',
  'how-migrations-are-organised': 'your department, one weekend at a time',
  'migration-duration': 'five weeks',
  'deleted-items-migrated': 'no',
  'local-guidance-url': 'https://intranet.northmoor-valley.example/nhsmail',
  'information-pack-url': 'https://intranet.northmoor-valley.example/nhsmail/information-pack',
  'security-policy-url': 'https://intranet.northmoor-valley.example/policies/information-security',
  'mailbox-guidance-url': 'https://intranet.northmoor-valley.example/nhsmail/mailbox-clean-up',
  'mobile-guidance-url': 'https://intranet.northmoor-valley.example/nhsmail/mobile',
  'outlook-guidance-url': 'https://intranet.northmoor-valley.example/nhsmail/outlook',
  'application-settings-url': 'https://intranet.northmoor-valley.example/nhsmail/application-settings',
  'distribution-list-arrangements': 'The project team recreates each distribution list on NHSmail and makes its owner the owner again',
  'shared-mailbox-arrangements': 'Each shared mailbox moves in the same wave as the people who use it',
  'failed-migration-arrangements': 'The project team moves your mailbox in the next wave and tells you the date',
  'wave-capacity': '120',
};

const DEMO_OWNERS: Record<string, string> = {
  announcement: 'Priya Shah <priya.shah@northmoor-valley.example>',
  'posters-and-banners': 'Tom Okafor <tom.okafor@northmoor-valley.example>',
  'detailed-actions': 'Priya Shah <priya.shah@northmoor-valley.example>',
  'over-quota': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'nearing-quota': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'mobile-users': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'outlook-users': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  helpdesk: 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'application-owners': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'dl-owners': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'shared-mailbox-users': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'shared-mailbox-owners': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'month-3-all-staff': 'Priya Shah <priya.shah@northmoor-valley.example>',
  'move-date': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'wave-notice': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'wave-reminder': 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  welcome: 'Gareth Lewis <gareth.lewis@northmoor-valley.example>',
  'failed-migration': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  'move-not-finished': 'Aisha Begum <aisha.begum@northmoor-valley.example>',
  completion: 'Priya Shah <priya.shah@northmoor-valley.example>',
};

/** Without people, the demo records who owns its shared mailboxes as an imported owners list would. */
const PLAN_ONLY_SHARED_MAILBOX_OWNERS = [
  { mailboxEmail: 'outpatients.bookings@northmoor-valley.example', ownerEmail: 'dana.hughes@northmoor-valley.example' },
  { mailboxEmail: 'pharmacy.queries@northmoor-valley.example', ownerEmail: 'imran.qureshi@northmoor-valley.example' },
];

/** The first Monday at least a week after `today` that is a working day. */
export function demoProgrammeStart(today: LocalDate): LocalDate {
  const inAWeek = addDays(today, 7);
  const monday = addDays(inAWeek, (8 - dayOfWeek(inAWeek)) % 7);
  return workingDayOnOrAfter(workingCalendar('england-and-wales'), monday);
}

/** Saturdays of weeks 11, 12, 14 and 15 of the programme: after the month-3 update. */
function demoWaveStarts(programmeStart: LocalDate): LocalDate[] {
  return [10, 11, 13, 14].map((week) => addDays(programmeStart, week * 7 + 5));
}

export interface DemoWorkspaceOptions {
  /**
   * Where the demo's made-up exports are written before they are imported; they stay for the
   * user to look at. Left out, the demo has its plan only: no people, and its owners list
   * recorded directly, for tests and benchmarks that bring their own people.
   */
  exportsFolder?: string;
}

/**
 * A filled-in plan for a fictional trust, dated from `today`, with (given an exports folder) a few hundred made-up people
 * brought in from export files through the real import, so a new user sees a real plan and
 * real audiences.
 */
export async function createDemoWorkspace(
  store: Store,
  now: Date,
  today: LocalDate,
  options: DemoWorkspaceOptions = {},
): Promise<Organisation> {
  const start = demoProgrammeStart(today);
  const organisation = await initWorkspace(store, { org: DEMO_ORGANISATION, start, nation: 'england-and-wales' }, now);
  const waveStarts = demoWaveStarts(start);
  const change = { actor: DEMO_ACTOR, now };
  for (const waveStart of waveStarts) await addWave(store, organisation, { start: waveStart }, change);
  for (const [key, value] of Object.entries(DEMO_SETTINGS)) await setSetting(store, organisation, key, value, change, now);
  // Seeded as the plan's starting point, like its closure day: the built-in plan's owners, not a change, so no audit line.
  for (const [id, owner] of Object.entries(DEMO_OWNERS))
    await updateActivityOwner(store.db, organisation.id, id, { owner, status: 'planned' }, now);
  await writeClosureDay(store.db, organisation.id, { date: addDays(start, 7 * 7 + 2), name: 'Trust staff conference' });
  if (options.exportsFolder) {
    await importDemoPeople(store, organisation, now, options.exportsFolder);
    // The staff list gives each person a wave; planning keeps them there and puts each shared
    // mailbox in the wave of the people who use it, as the demo's own arrangements say.
    await planWaves(store, organisation, { by: DEMO_ACTOR }, now);
  } else await writeSharedMailboxOwners(store.db, organisation.id, PLAN_ONLY_SHARED_MAILBOX_OWNERS);
  return organisation;
}

/** Writes the demo's exports and imports each one as `commsplan import auto FILE` would. */
async function importDemoPeople(store: Store, organisation: Organisation, now: Date, folder: string): Promise<ImportResult[]> {
  const { people, sharedMailboxes } = demoPeople(now);
  mkdirSync(folder, { recursive: true });
  const results: ImportResult[] = [];
  for (const file of demoExportFiles(people, sharedMailboxes, now)) {
    const path = join(folder, file.name);
    writeFileSync(path, file.bytes);
    const problems: string[] = [];
    const sink = {
      problem: (p: { row: number; column: string; reason: string; severity: string }) =>
        void (p.severity === 'error' && problems.push(`row ${p.row}, ${p.column} ${p.reason}`)),
      rejectedRow: () => {},
    };
    const options = { kind: 'auto' as const, file: file.name, skipInvalid: false, replace: false, dateOrder: 'en-GB' as const };
    const result = await importTableFile(store, organisation, await openTableFile(path, file.name), options, sink, now);
    // The demo's own files must pass the checks a user's files pass; if not, that is a bug to see at once.
    if (!result.committed || problems.length)
      throw new Error(`The demo's ${file.label} (${path}) did not import: ${problems.slice(0, 5).join('; ')}`);
    results.push(result);
  }
  return results;
}
