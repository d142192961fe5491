import { formatDate } from '../../calendar/local-date.js';
import { listActivities } from '../../plan/plan.store.js';
import { listWaves } from '../../waves/waves.store.js';
import type { WebContext } from '../web-context.js';
import { whenWords } from './time-words.js';

/** The names the web shows in place of the plan's ids: activity titles by id, wave names by id. */
export interface PlanNames {
  activities: ReadonlyMap<string, string>;
  waves: ReadonlyMap<number, string>;
}

/** "Welcome — Wave 1" for `welcome@1`, "Welcome" for `welcome`; undefined when the activity is not in the plan. */
export function occurrenceName(key: string, names: PlanNames): string | undefined {
  const [activityId = '', waveId] = key.split('@');
  const title = names.activities.get(activityId);
  if (!title) return undefined;
  if (waveId === undefined) return title;
  return `${title} — ${names.waves.get(Number(waveId)) ?? `wave ${waveId}`}`;
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})\b/g;
const TASK_NOTE_KEY = /\btask-notes:(\d{4}-\d{2}-\d{2}):([^\s:,;)]+)(?::\d+)?/g;
/** `wave-reminder for Wave 1`, as the CLI describes an occurrence; and an activity id that opens a detail (`announcement, due ...`). */
const ACTIVITY_FOR_WAVE = /(?<![\w@.-])[a-z][a-z0-9-]*(?= for )/g;
const ACTIVITY_FIRST = /^[a-z][a-z0-9-]*(?=[,:] )/;
const OCCURRENCE_KEY = /(?<![\w.@-])([a-z][a-z0-9-]*)@(\d+)\b(?![.\w-]*\.[a-z])/g;

/**
 * Text written for the CLI or stored long ago, in the web's words: an instant (`2027-02-08T09:00:00.000Z`)
 * as "9am on 8 February 2027", an occurrence key (`welcome@1`) as "Welcome — Wave 1", a note's key
 * as the note it is. What is not the plan's is left as it is.
 */
export function inPlainWords(text: string, names: PlanNames): string {
  return text
    .replace(ISO_INSTANT, (iso) => whenWords(iso))
    .replace(TASK_NOTE_KEY, (_, day: string, owner: string) => `the note to ${owner} about their tasks on ${formatDate(day)}`)
    .replace(OCCURRENCE_KEY, (key: string) => occurrenceName(key, names) ?? key)
    .replace(ACTIVITY_FOR_WAVE, (id: string) => names.activities.get(id) ?? id)
    .replace(ACTIVITY_FIRST, (id: string) => names.activities.get(id) ?? id);
}

/** The plan's activity titles and wave names, read for one page or one send. */
export async function readPlanNames(web: WebContext): Promise<PlanNames & { activityList: { id: string; title: string }[] }> {
  const [activities, waves] = await Promise.all([
    listActivities(web.store.db, web.organisation.id),
    listWaves(web.store.db, web.organisation.id),
  ]);
  return {
    activities: new Map(activities.map((a) => [a.id, a.title])),
    waves: new Map(waves.map((w) => [w.id, w.name])),
    activityList: activities.map((a) => ({ id: a.id, title: a.title })),
  };
}
