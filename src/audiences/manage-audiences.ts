import { CommsplanError } from '../shared/errors.js';
import type { Organisation } from '../shared/organisation.js';
import type { Queryable, Store } from '../store/store.js';
import { audienceMembers, countBuiltinAudiences, countMatching, type DirectoryPerson, lastImports, waveCounts } from './audiences.store.js';
import { BUILTIN_AUDIENCES, waveAudienceFilter } from './builtin-audiences.js';
import { type FilterNode, parseFilter } from './filter-language.js';

export interface ResolvedAudience {
  name: string;
  rule: string;
  filter: FilterNode;
  sources: string[];
  custom: boolean;
}

export interface AudienceSummary {
  name: string;
  rule: string;
  count: number;
  sources: string[];
  /** When the oldest of its sources was last imported, or undefined when one never was. */
  dataAsOf?: string;
  warning?: string;
}

const AUDIENCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DAY_MS = 86_400_000;

export async function resolveAudience(db: Queryable, orgId: string, name: string): Promise<ResolvedAudience> {
  const builtin = BUILTIN_AUDIENCES.find((audience) => audience.name === name.trim().toLowerCase());
  if (builtin)
    return { name: builtin.name, rule: builtin.rule, filter: parseFilter(builtin.filter), sources: builtin.sources, custom: false };
  const wave = waveAudienceFilter(name);
  if (wave)
    return {
      name: name.trim(),
      rule: `In ${name.trim().slice(5)}, by the wave column of the staff list`,
      filter: parseFilter(wave),
      sources: ['people'],
      custom: false,
    };
  const custom = await db
    .selectFrom('custom_audiences')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  if (custom) return { name: custom.name, rule: custom.filter, filter: parseFilter(custom.filter), sources: [], custom: true };
  throw new CommsplanError(
    'invalid-input',
    `There is no audience called "${name}". Audiences: ${BUILTIN_AUDIENCES.map((a) => a.name).join(', ')}, wave:NAME, or one you add with "commsplan audiences add".`,
    { field: 'audience', value: name },
  );
}

export async function addCustomAudience(store: Store, organisation: Organisation, name: string, filter: string, now: Date): Promise<void> {
  const key = name.trim().toLowerCase();
  if (!AUDIENCE_NAME.test(key))
    throw new CommsplanError('invalid-input', `"${name}" cannot name an audience: use lower-case letters, digits and hyphens.`, {
      field: 'name',
      value: name,
    });
  if (BUILTIN_AUDIENCES.some((a) => a.name === key) || key.startsWith('wave:'))
    throw new CommsplanError('invalid-input', `"${key}" is a built-in audience.`, { field: 'name', value: name });
  parseFilter(filter);
  await store.db.transaction().execute((trx) =>
    trx
      .insertInto('custom_audiences')
      .values({ org_id: organisation.id, name: key, filter: filter.trim(), created_at: now.toISOString() })
      .onConflict((c) => c.columns(['org_id', 'name']).doUpdateSet({ filter: filter.trim() }))
      .execute(),
  );
}

export async function removeCustomAudience(store: Store, organisation: Organisation, name: string): Promise<void> {
  const result = await store.db
    .deleteFrom('custom_audiences')
    .where('org_id', '=', organisation.id)
    .where('name', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new CommsplanError('invalid-input', `There is no custom audience called "${name}".`, { field: 'name', value: name });
}

function freshness(
  sources: string[],
  imported: Record<string, string>,
  now: Date,
  staleDays: number,
): Pick<AudienceSummary, 'dataAsOf' | 'warning'> {
  if (sources.length === 0) return {};
  const missing = sources.filter((source) => !imported[source]);
  const dates = sources
    .map((source) => imported[source])
    .filter((d): d is string => Boolean(d))
    .sort();
  const dataAsOf = missing.length ? undefined : dates[0];
  if (missing.length) return { dataAsOf, warning: `not imported yet: ${missing.join(', ')}` };
  const ageDays = Math.floor((now.getTime() - Date.parse(dataAsOf as string)) / DAY_MS);
  return { dataAsOf, warning: ageDays > staleDays ? `data is ${ageDays} days old (re-import ${sources.join(', ')})` : undefined };
}

/** Every audience with its size now, and how fresh the data behind it is. */
export async function summariseAudiences(
  store: Pick<Store, 'db' | 'readInParallel'>,
  orgId: string,
  options: { now: Date; staleDays: number; nearingPercent: number },
): Promise<AudienceSummary[]> {
  const db = store.db;
  const [counts, waves, imported, customs] = await Promise.all([
    countBuiltinAudiences(store, orgId, options.nearingPercent),
    waveCounts(db, orgId),
    lastImports(db, orgId),
    db.selectFrom('custom_audiences').selectAll().where('org_id', '=', orgId).orderBy('name').execute(),
  ]);
  const summaries: AudienceSummary[] = BUILTIN_AUDIENCES.map((audience) => ({
    name: audience.name,
    rule: audience.rule,
    count: counts[audience.name] ?? 0,
    sources: audience.sources,
    ...freshness(audience.sources, imported, options.now, options.staleDays),
  }));
  for (const wave of waves)
    summaries.push({
      name: `wave:${wave.wave}`,
      rule: `In ${wave.wave}`,
      count: wave.n,
      sources: ['people'],
      ...freshness(['people'], imported, options.now, options.staleDays),
    });
  for (const custom of customs) {
    summaries.push({
      name: custom.name,
      rule: custom.filter,
      count: await countMatching(db, orgId, parseFilter(custom.filter), options.nearingPercent),
      sources: [],
    });
  }
  return summaries;
}

export async function listAudience(
  db: Queryable,
  orgId: string,
  name: string,
  nearingPercent: number,
): Promise<{ audience: ResolvedAudience; people: DirectoryPerson[] }> {
  const audience = await resolveAudience(db, orgId, name);
  return { audience, people: await audienceMembers(db, orgId, audience.filter, nearingPercent) };
}
