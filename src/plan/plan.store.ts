import { z } from 'zod';
import { isLocalDate } from '../calendar/local-date.js';
import { withoutControlCharacters } from '../shared/control-characters.js';
import { CommsplanError } from '../shared/errors.js';
import type { Nation, Organisation } from '../shared/organisation.js';
import type { Queryable } from '../store/store.js';
import { type Activity, type ActivityStatus, CHANNELS, type Channel, type KeyMessage, type PlanDefinition } from './plan-model.js';
import { DEFAULT_SEND_PRIORITY, priorityOfRank, priorityRank, type SendPriority } from './send-priority.js';
import type { TimingRule } from './timing-rule.js';

const dayCount = z.enum(['calendar', 'working']);
const TIMING_RULE: z.ZodType<TimingRule> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('programme'), month: z.number().int().min(1).optional(), week: z.number().int().min(1).optional() }),
  z.object({ kind: z.literal('wave'), anchor: z.enum(['start', 'end']), days: z.number().int(), count: dayCount }),
  z.object({ kind: z.literal('after-all-waves'), days: z.number().int(), count: dayCount }),
  z.object({ kind: z.literal('date'), date: z.string().refine(isLocalDate, 'a date written YYYY-MM-DD') }),
]);
const WORDS = z.array(z.string());
const CHANNEL_LIST = z.array(z.enum(Object.keys(CHANNELS) as [Channel, ...Channel[]]));

/** Reads one JSON column of an activity; a damaged value names the activity and column instead of failing later. */
function readJsonColumn<T>(activityId: string, column: string, text: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problem =
    value === undefined ? 'not JSON' : parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
  throw new CommsplanError(
    'workspace-unreadable',
    `The workspace is damaged: activity ${activityId} has a ${column} value commsplan cannot read (${problem}). Restore the workspace from a backup.`,
    { activity: activityId, column, value: text },
  );
}

export async function insertOrganisation(db: Queryable, organisation: Organisation, now: Date): Promise<void> {
  await db
    .insertInto('organisations')
    .values({
      id: organisation.id,
      name: organisation.name,
      nation: organisation.nation,
      programme_start: organisation.programmeStart,
      plan_id: organisation.planId,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function listOrganisations(db: Queryable): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().orderBy('created_at').execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    nation: row.nation as Nation,
    programmeStart: row.programme_start,
    planId: row.plan_id,
  }));
}

/** The organisation a command works on: the one given, or the only one in the workspace. */
export async function findOrganisation(db: Queryable, location: string, orgId?: string): Promise<Organisation> {
  const organisations = await listOrganisations(db);
  if (orgId) {
    const found = organisations.find((organisation) => organisation.id === orgId);
    if (found) return found;
    throw new CommsplanError('unknown-organisation', `The workspace has no organisation "${orgId}".`, { field: 'org' });
  }
  const [only, ...others] = organisations;
  if (!only) {
    throw new CommsplanError('workspace-not-found', `${location} has no plan yet. Run "commsplan init --org NAME --start YYYY-MM-DD".`);
  }
  if (others.length > 0) {
    throw new CommsplanError('invalid-input', `${location} holds several organisations; say which with --org-id.`, { field: 'org-id' });
  }
  return only;
}

/** Copies a plan definition into the workspace, where its activities and templates can be changed. */
export async function insertPlanContent(db: Queryable, orgId: string, plan: PlanDefinition, now: Date): Promise<void> {
  const updated_at = now.toISOString();
  await db
    .insertInto('activities')
    .values(
      plan.activities.map((activity, position) => ({
        org_id: orgId,
        id: activity.id,
        position,
        reference: activity.reference,
        phase: activity.phase,
        title: activity.title,
        audiences_json: JSON.stringify(activity.audiences),
        timing_json: JSON.stringify(activity.timing),
        channels_json: JSON.stringify(activity.channels),
        actions_json: JSON.stringify(activity.actions),
        template_ids_json: JSON.stringify(activity.templateIds),
        owner: null,
        status: 'planned',
        priority: priorityRank(activity.priority ?? DEFAULT_SEND_PRIORITY),
        catch_up: activity.catchUp === false ? 0 : 1,
        updated_at,
      })),
    )
    .execute();
  await db
    .insertInto('templates')
    .values(plan.templates.map((template) => ({ org_id: orgId, ...template, updated_at })))
    .execute();
  await db
    .insertInto('key_messages')
    .values(plan.keyMessages.map((message, position) => ({ org_id: orgId, position, ...message })))
    .execute();
}

export async function listActivities(db: Queryable, orgId: string): Promise<Activity[]> {
  const rows = await db.selectFrom('activities').selectAll().where('org_id', '=', orgId).orderBy('position').execute();
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    phase: row.phase as Activity['phase'],
    title: row.title,
    audiences: readJsonColumn(row.id, 'audiences_json', row.audiences_json, WORDS),
    timing: readJsonColumn(row.id, 'timing_json', row.timing_json, TIMING_RULE),
    channels: readJsonColumn(row.id, 'channels_json', row.channels_json, CHANNEL_LIST),
    actions: readJsonColumn(row.id, 'actions_json', row.actions_json, WORDS),
    templateIds: readJsonColumn(row.id, 'template_ids_json', row.template_ids_json, WORDS),
    owner: row.owner ?? undefined,
    status: row.status as ActivityStatus,
    catchUp: Number(row.catch_up) !== 0,
    priority: priorityOfRank(Number(row.priority)),
  }));
}

/** Turns catch-up for late joiners on or off for one activity. */
export async function updateActivityCatchUp(db: Queryable, orgId: string, id: string, catchUp: boolean, now: Date): Promise<void> {
  await db
    .updateTable('activities')
    .set({ catch_up: catchUp ? 1 : 0, updated_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Sets the owner while the activity still has the status it was read with; false when it has moved on. */
export async function updateActivityOwner(
  db: Queryable,
  orgId: string,
  id: string,
  change: { owner: string | null; status: ActivityStatus },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('activities')
    .set({ owner: change.owner, updated_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', change.status)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Sets where an activity's emails stand among those due at the same time, with a line in the audit log. */
export async function updateActivityPriority(
  db: Queryable,
  orgId: string,
  id: string,
  priority: { from: SendPriority; to: SendPriority },
  change: { now: Date; actor: string },
): Promise<void> {
  const at = change.now.toISOString();
  await db
    .updateTable('activities')
    .set({ priority: priorityRank(priority.to), updated_at: at })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
  await db
    .insertInto('audit_log')
    .values({
      org_id: orgId,
      at,
      actor: withoutControlCharacters(change.actor),
      action: 'activity-priority-set',
      subject: id,
      detail: `priority ${priority.to} (was ${priority.from})`,
    })
    .execute();
}

/** Moves an activity from `from` to `to`; false when its status was no longer `from`. */
export async function changeActivityStatus(
  db: Queryable,
  orgId: string,
  id: string,
  change: { from: ActivityStatus; to: ActivityStatus },
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('activities')
    .set({ status: change.to, updated_at: now.toISOString() })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listTemplates(db: Queryable, orgId: string) {
  return db.selectFrom('templates').select(['id', 'subject', 'body']).where('org_id', '=', orgId).orderBy('id').execute();
}

export async function listKeyMessages(db: Queryable, orgId: string): Promise<KeyMessage[]> {
  const rows = await db.selectFrom('key_messages').selectAll().where('org_id', '=', orgId).orderBy('position').execute();
  return rows.map((row) => ({ phase: row.phase as KeyMessage['phase'], heading: row.heading, body: row.body }));
}
