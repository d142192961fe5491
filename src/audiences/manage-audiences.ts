import { directoryState, markDirectoryStale } from '../directory/directory-state.store.js';
import type { TypedSettings } from '../settings/typed-settings.js';
import { escapeControlCharacters } from '../shared/control-characters.js';
import { CommsplanError } from '../shared/errors.js';
import { requireSingleLineName } from '../shared/single-line-name.js';
import type { Queryable, Store } from '../store/store.js';
import { sourcesOfFilter } from './audience-data.js';
import { perWaveAudience } from './audience-names.js';
import {
  audienceMembers,
  countDirectory,
  type DirectoryPerson,
  type DirectoryReadOptions,
  type NotCurrentReason,
  type PeopleApart,
} from './audiences.store.js';
import { BUILTIN_AUDIENCES, directoryReadOptions, personalLimits, perWaveFilter, perWaveSources } from './builtin-audiences.js';
import { rebuildDirectoryPersons } from './directory-persons.store.js';
import { type FilterNode, parseFilter } from './filter-language.js';
import { lastImports } from './last-imports.store.js';
import { mailboxFactsOf } from './owned-by.store.js';
import type { MailboxFacts } from './owner-fields.js';
import { notCurrentReasonOf } from './people-list.store.js';
import type { PersonalLimits } from './personal-fields.js';
import { waveNames } from './wave-names.store.js';

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

/** What audiences are read against: the organisation's effective settings at this moment. */
export interface AudienceReading {
  orgId: string;
  settings: TypedSettings;
  now: Date;
}

const AUDIENCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DAY_MS = 86_400_000;

const PER_WAVE_RULES = {
  wave: (wave: string) =>
    `In ${wave} (planned, moved there by hand or carried over, else by the staff list's wave column) and not yet moved`,
  'wave-migrated': (wave: string) => `Moved to NHSmail in ${wave}`,
  'wave-failed': (wave: string) => `Whose move in ${wave} failed`,
  'wave-unfinished': (wave: string) => `Whose move in ${wave} has not finished (stopped, waiting for the switch-over or in progress)`,
} as const;

/**
 * The directory as of now: the people table is rebuilt first if an import has changed what it
 * is built from, so every audience is evaluated on the data as it is at this moment.
 */
export async function readDirectory(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
): Promise<DirectoryReadOptions & { builtAt: string }> {
  let state = await directoryState(store.db, reading.orgId);
  if (state.stale) {
    await store.db.transaction().execute(async (trx) => {
      // A write first, so the transaction takes the write lock (waiting for it) before reading: a
      // transaction that reads first fails outright when another connection writes in between.
      await markDirectoryStale(trx, reading.orgId);
      await rebuildDirectoryPersons(trx, reading.orgId, reading.now);
    });
    state = await directoryState(store.db, reading.orgId);
  }
  return {
    ...directoryReadOptions(reading.settings, reading.now, state.mailboxDomains),
    builtAt: state.builtAt ?? reading.now.toISOString(),
  };
}

export async function resolveAudience(db: Queryable, orgId: string, name: string): Promise<ResolvedAudience> {
  const builtin = BUILTIN_AUDIENCES.find((audience) => audience.name === name.trim().toLowerCase());
  if (builtin)
    return { name: builtin.name, rule: builtin.rule, filter: parseFilter(builtin.filter), sources: builtin.sources, custom: false };
  const perWave = perWaveAudience(name);
  if (perWave) {
    const audience = perWave.audience as keyof typeof PER_WAVE_RULES;
    return {
      name: name.trim(),
      rule: PER_WAVE_RULES[audience](perWave.wave),
      filter: parseFilter(perWaveFilter(audience, perWave.wave)),
      sources: perWaveSources(audience),
      custom: false,
    };
  }
  const custom = await db
    .selectFrom('custom_audiences')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('name', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  if (custom) {
    const filter = parseFilter(custom.filter);
    return { name: custom.name, rule: custom.filter, filter, sources: sourcesOfFilter(filter), custom: true };
  }
  throw new CommsplanError(
    'unknown-audience',
    `There is no audience called "${name}". Audiences: ${BUILTIN_AUDIENCES.map((a) => a.name).join(', ')}, wave:NAME, migrated:NAME, failed:NAME, or one you add with "commsplan audiences add".`,
    { field: 'audience', value: name },
  );
}

/**
 * Adds a custom audience, or changes the rule of one: checked, then written with the caller's
 * connection, whose transaction reviews the approvals the rule touches (delivery/change-audience.ts).
 * Returns the rule it had before, or undefined for a new audience.
 */
export async function writeCustomAudience(
  db: Queryable,
  orgId: string,
  name: string,
  filter: string,
  now: Date,
): Promise<string | undefined> {
  const key = name.trim().toLowerCase();
  if (!AUDIENCE_NAME.test(key))
    throw new CommsplanError(
      'invalid-input',
      `"${escapeControlCharacters(name)}" cannot name an audience: use lower-case letters, digits and hyphens.`,
      {
        field: 'name',
        value: name,
      },
    );
  if (key === 'new')
    throw new CommsplanError(
      'invalid-input',
      '"new" cannot name an audience: its web page would be the form that defines one. Choose another name.',
      { field: 'name', value: name },
    );
  if (BUILTIN_AUDIENCES.some((a) => a.name === key) || perWaveAudience(key))
    throw new CommsplanError('already-exists', `"${key}" is a built-in audience.`, { field: 'name', value: name });
  // One line without control characters (it is printed and exported); its length is parseFilter's to judge.
  requireSingleLineName(filter, { label: 'The filter', field: 'filter', max: Number.POSITIVE_INFINITY, noun: 'a filter' });
  parseFilter(filter);
  const before = await db
    .selectFrom('custom_audiences')
    .select('filter')
    .where('org_id', '=', orgId)
    .where('name', '=', key)
    .executeTakeFirst();
  await db
    .insertInto('custom_audiences')
    .values({ org_id: orgId, name: key, filter: filter.trim(), created_at: now.toISOString() })
    .onConflict((c) => c.columns(['org_id', 'name']).doUpdateSet({ filter: filter.trim() }))
    .execute();
  return before?.filter;
}

/** Removes a custom audience with the caller's connection; an unknown name is refused. */
export async function deleteCustomAudience(db: Queryable, orgId: string, name: string): Promise<void> {
  const result = await db
    .deleteFrom('custom_audiences')
    .where('org_id', '=', orgId)
    .where('name', '=', name.trim().toLowerCase())
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0)
    throw new CommsplanError('unknown-audience', `There is no custom audience called "${name}".`, { field: 'name', value: name });
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

export interface AudiencesOverview {
  audiences: AudienceSummary[];
  /** Who is in no audience, and what is not a person. */
  apart: PeopleApart;
  /** When the people table behind the counts was last worked out. */
  computedAt: string;
}

/** Every audience with its size now, how fresh the data behind it is, and who is left out. */
export async function summariseAudiences(
  store: Pick<Store, 'db' | 'readInParallel'>,
  reading: AudienceReading,
): Promise<AudiencesOverview> {
  const { db } = store;
  const { builtAt, ...options } = await readDirectory(store, reading);
  const staleDays = reading.settings.audienceStaleDays;
  const [waves, imported, customs] = await Promise.all([
    waveNames(db, reading.orgId),
    lastImports(db, reading.orgId),
    db.selectFrom('custom_audiences').selectAll().where('org_id', '=', reading.orgId).orderBy('name').execute(),
  ]);
  const resolved = [
    ...BUILTIN_AUDIENCES.map((a) => ({ name: a.name, rule: a.rule, filter: parseFilter(a.filter), sources: a.sources })),
    ...(await Promise.all(waves.map((wave) => resolveAudience(db, reading.orgId, `wave:${wave}`)))),
    ...customs.map((c) => {
      const filter = parseFilter(c.filter);
      return { name: c.name, rule: c.filter, filter, sources: sourcesOfFilter(filter) };
    }),
  ];
  const { counts, apart } = await countDirectory(
    store,
    reading.orgId,
    resolved.map((audience) => audience.filter),
    options,
  );
  const audiences = resolved.map((audience, i) => ({
    name: audience.name,
    rule: audience.rule,
    count: counts[i] ?? 0,
    sources: audience.sources,
    ...freshness(audience.sources, imported, reading.now, staleDays),
  }));
  return { audiences, apart, computedAt: builtAt };
}

export async function listAudience(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  name: string,
): Promise<{ audience: ResolvedAudience; people: DirectoryPerson[] }> {
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const audience = await resolveAudience(store.db, reading.orgId, name);
  return { audience, people: await audienceMembers(store.db, reading.orgId, audience.filter, options) };
}

/** One person as the directory has them now, whichever of their addresses is given, and which of the named audiences hold them. */
export async function findPerson(
  store: Pick<Store, 'db'>,
  reading: AudienceReading,
  address: string,
  audienceNames: readonly string[] = [],
): Promise<PersonLookup> {
  const { builtAt: _, ...options } = await readDirectory(store, reading);
  const wanted = JSON.stringify(address.trim().toLowerCase());
  const byAddress = parseFilter(`email = ${wanted} or local_email = ${wanted} or staff_email = ${wanted} or nhsmail_email = ${wanted}`);
  const [person] = await audienceMembers(store.db, reading.orgId, byAddress, options);
  if (!person) return { notCurrent: await notCurrentReasonOf(store.db, reading.orgId, address.trim().toLowerCase(), options) };
  const mailboxes = await mailboxFactsOf(
    store.db,
    reading.orgId,
    [person.email, person.staff_email, person.nhsmail_email].filter((a): a is string => Boolean(a)),
  );
  const audiencesIn: string[] = [];
  for (const name of audienceNames) {
    const audience = await resolveAudience(store.db, reading.orgId, name);
    const [member] = await audienceMembers(store.db, reading.orgId, { kind: 'and', left: byAddress, right: audience.filter }, options);
    if (member) audiencesIn.push(name);
  }
  return { person, mailboxes, limits: personalLimits(reading.settings), audiencesIn };
}

export type PersonLookup =
  | {
      person: DirectoryPerson;
      mailboxes: MailboxFacts;
      limits: PersonalLimits;
      audiencesIn: string[];
    }
  | { person?: undefined; notCurrent: NotCurrentReason | undefined };
