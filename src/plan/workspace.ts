import { listBouncedAddresses } from '../audiences/bounced-persons.store.js';
import { lastImports } from '../audiences/last-imports.store.js';
import { listClosureDays } from '../calendar/closure-days.store.js';
import { type ClosureDay, type WorkingCalendar, workingCalendar } from '../calendar/working-days.js';
import { countPeopleWithLostLetters, type LostLetterName, listLostLetterNames } from '../directory/lost-letter-names.store.js';
import type { TemplateSource } from '../messages/render-template.js';
import { effectiveSettings } from '../settings/settings.js';
import { readSettingValues } from '../settings/settings.store.js';
import { type TypedSettings, typedSettings } from '../settings/typed-settings.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable } from '../store/store.js';
import type { Wave } from '../waves/wave.js';
import { listWaves } from '../waves/waves.store.js';
import { builtinPlan } from './builtin-plans.js';
import type { OccurrenceProgress } from './occurrence-progress.js';
import { readOccurrenceProgress } from './occurrence-progress.store.js';
import { findOrganisation, listActivities, listKeyMessages, listTemplates } from './plan.store.js';
import { countSharedMailboxOwners } from './plan-decisions.store.js';
import type { Activity, KeyMessage, Phase, PlanSection } from './plan-model.js';
import { buildTimeline, type Occurrence } from './timeline.js';

/** Everything about one organisation's plan, read in one go for the pure rules to work on. */
export interface Workspace {
  organisation: Organisation;
  phases: Phase[];
  /** The plan's opening sections (purpose, scope, background, objectives, target audiences). */
  introduction: PlanSection[];
  activities: Activity[];
  waves: Wave[];
  /** Stored setting values only; defaults are applied by `effectiveSettings`. */
  settingValues: Readonly<Record<string, string>>;
  settings: Readonly<Record<string, string>>;
  /** The same settings parsed to their types: use these, not `settings`, for anything but placeholders. */
  typedSettings: TypedSettings;
  closures: ClosureDay[];
  calendar: WorkingCalendar;
  templates: TemplateSource[];
  keyMessages: KeyMessage[];
  timeline: Occurrence[];
  /** Names of the organisation's own audiences. */
  customAudiences: string[];
  /** Owner rows imported from an owners list; none means who owns each shared mailbox is still open. */
  sharedMailboxOwners: number;
  /** Addresses that bounced permanently for an email commsplan sent, with the latest reason. */
  bouncedAddresses: { address: string; reason: string }[];
  /** People whose imported names came with "?" in place of a letter: how many, and the first rows. */
  lostLetterNames: { people: number; first: LostLetterName[] };
  /** What has happened to each occurrence so far: its email's state and its task's closing. */
  progress: OccurrenceProgress;
  /** The rule of each of the organisation's own audiences, by name. */
  customAudienceRules: Readonly<Record<string, string>>;
  /** When the newest import of each kind finished, by kind: how fresh the data behind each audience is. */
  lastImports: Readonly<Record<string, string>>;
}

export async function loadWorkspace(db: Queryable, location: string, orgId?: string): Promise<Workspace> {
  const organisation = await findOrganisation(db, location, orgId);
  const [activities, waves, settingValues, closures, templates, keyMessages, customAudiences, sharedMailboxOwners] = await Promise.all([
    listActivities(db, organisation.id),
    listWaves(db, organisation.id),
    readSettingValues(db, organisation.id),
    listClosureDays(db, organisation.id),
    listTemplates(db, organisation.id),
    listKeyMessages(db, organisation.id),
    db.selectFrom('custom_audiences').select(['name', 'filter']).where('org_id', '=', organisation.id).execute(),
    countSharedMailboxOwners(db, organisation.id),
  ]);
  const bouncedAddresses = await listBouncedAddresses(db, organisation.id);
  const lostLetterNames = {
    people: await countPeopleWithLostLetters(db, organisation.id),
    first: await listLostLetterNames(db, organisation.id, 5),
  };
  const progress = await readOccurrenceProgress(db, organisation.id);
  const imports = await lastImports(db, organisation.id);
  const settings = effectiveSettings(settingValues);
  const typed = typedSettings(settingValues);
  const calendar = workingCalendar(organisation.nation, closures);
  const timeline = buildTimeline({
    programmeStart: organisation.programmeStart,
    activities,
    waves,
    calendar,
    sendTime: typed.sendTime,
  });
  const plan = builtinPlan(organisation.planId);
  return {
    organisation,
    phases: plan.phases,
    introduction: plan.introduction,
    activities,
    waves,
    settingValues,
    settings,
    typedSettings: typed,
    closures,
    calendar,
    templates,
    keyMessages,
    timeline,
    customAudiences: customAudiences.map((row) => row.name),
    sharedMailboxOwners,
    bouncedAddresses,
    lostLetterNames,
    progress,
    customAudienceRules: Object.fromEntries(customAudiences.map((row) => [row.name, row.filter])),
    lastImports: imports,
  };
}
