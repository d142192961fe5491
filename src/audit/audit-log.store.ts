import { type SelectQueryBuilder, sql } from 'kysely';
import { withoutControlCharacters } from '../shared/control-characters.js';
import type { Database } from '../store/schema.js';
import type { Queryable } from '../store/store.js';

/** One line of the audit log: who did what to which thing, and when. */
export interface AuditEntry {
  /** ISO 8601 instant. */
  at: string;
  actor: string;
  /** Such as `approved`, `approval-withdrawn`, `queued`, `paused`, `cancelled`. */
  action: string;
  /** What it was done to, such as an occurrence key or a sender name. */
  subject: string;
  detail: string;
}

/** Who makes a change, and when: what every audit line records of it. */
export interface ChangeMaker {
  actor: string;
  now: Date;
}

/** An audit line for a change made by `change`. */
export function entryBy(change: ChangeMaker, line: Pick<AuditEntry, 'action' | 'subject' | 'detail'>): AuditEntry {
  return { at: change.now.toISOString(), actor: change.actor, ...line };
}

/** Lines written in one statement at most: well under SQLite's limit of bound values. */
const LINES_PER_INSERT = 500;

/**
 * The one writer of the audit log, called inside the change's own transaction; control characters
 * and line breaks in what people typed never reach the log. Many lines (a worker's sent messages)
 * go in a few statements.
 */
export async function appendAuditEntries(db: Queryable, lines: readonly { orgId: string; entry: AuditEntry }[]): Promise<void> {
  for (let start = 0; start < lines.length; start += LINES_PER_INSERT) {
    const values = lines.slice(start, start + LINES_PER_INSERT).map(({ orgId, entry }) => ({
      org_id: orgId,
      at: entry.at,
      actor: withoutControlCharacters(entry.actor),
      action: withoutControlCharacters(entry.action),
      subject: withoutControlCharacters(entry.subject),
      detail: withoutControlCharacters(entry.detail),
    }));
    await db.insertInto('audit_log').values(values).execute();
  }
}

/** One line through the one writer. */
export function appendAuditEntry(db: Queryable, orgId: string, entry: AuditEntry): Promise<void> {
  return appendAuditEntries(db, [{ orgId, entry }]);
}

/** Entries in the order they were written; `limit` keeps the most recent ones, `filter` those that match. */
export async function listAuditEntries(
  db: Queryable,
  orgId: string,
  options: { limit?: number; filter?: AuditFilter } = {},
): Promise<AuditEntry[]> {
  let query = matching(fromLog(db), options.filter ?? {})
    .select(['audit_log.id', 'audit_log.at', 'audit_log.actor', 'audit_log.action', 'audit_log.subject', 'audit_log.detail'])
    .where('audit_log.org_id', '=', orgId)
    // In the order they were written: `--now` lets a command act at another time than the clock's.
    .orderBy('audit_log.id', 'desc');
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  return rows.reverse().map(({ id: _id, ...entry }) => entry);
}

/** Actions named exactly or by how they start (`wave-` for every change to a wave). */
export interface ActionMatch {
  exact: readonly string[];
  prefixes: readonly string[];
  except?: boolean;
}

export interface AuditFilter {
  /** Only these actions (or, with `except`, all but these). */
  actions?: ActionMatch;
  actor?: string;
  /** An activity: entries about it or one of its occurrences (`activity@wave`), and the messages they sent. */
  activity?: string;
  /** ISO instants: from (inclusive) and until (exclusive). */
  from?: string;
  until?: string;
}

/**
 * One line of the page: an entry, or every `message-sent` of one occurrence on one day (UTC) folded
 * into one, with how many, the first and last times, and the occurrence as its subject.
 */
export interface AuditEvent extends AuditEntry {
  id: number;
  count: number;
  lastAt: string;
}

type AuditQuery = SelectQueryBuilder<Database, 'audit_log' | 'outbox', object>;

/** The occurrence a line is about: a sent message's (through the outbox), else the subject. */
const occurrenceOf = sql<string>`coalesce(outbox.occurrence_key, audit_log.subject)`;

function matching(query: AuditQuery, filter: AuditFilter): AuditQuery {
  let q = query;
  const actions = filter.actions;
  if (actions) {
    q = q.where((eb) => {
      const any = eb.or([
        eb('audit_log.action', 'in', [...actions.exact, '']),
        ...actions.prefixes.map((prefix) => eb(sql`substr(audit_log.action, 1, ${prefix.length})`, '=', prefix)),
      ]);
      return actions.except ? eb.not(any) : any;
    });
  }
  if (filter.actor) q = q.where('audit_log.actor', '=', filter.actor);
  if (filter.from) q = q.where('audit_log.at', '>=', filter.from);
  if (filter.until) q = q.where('audit_log.at', '<', filter.until);
  const activity = filter.activity?.trim();
  if (activity) {
    const prefix = `${activity}@`;
    q = q.where((eb) => eb.or([eb(occurrenceOf, '=', activity), eb(sql`substr(${occurrenceOf}, 1, ${prefix.length})`, '=', prefix)]));
  }
  return q;
}

function fromLog(db: Queryable): AuditQuery {
  return db
    .selectFrom('audit_log')
    .leftJoin('outbox', (join) =>
      join.onRef('outbox.org_id', '=', 'audit_log.org_id').onRef('outbox.message_key', '=', 'audit_log.subject'),
    );
}

function events(db: Queryable, orgId: string, filter: AuditFilter) {
  const entries = matching(fromLog(db), filter)
    .where('audit_log.org_id', '=', orgId)
    .where('audit_log.action', '<>', 'message-sent')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.actor',
      'audit_log.action',
      'audit_log.subject',
      'audit_log.detail',
      sql<number>`1`.as('count'),
      'audit_log.at as last_at',
    ]);
  const day = sql`substr(audit_log.at, 1, 10)`;
  const sends = matching(fromLog(db), filter)
    .where('audit_log.org_id', '=', orgId)
    .where('audit_log.action', '=', 'message-sent')
    .groupBy([occurrenceOf, day])
    .select([
      sql<number>`max(audit_log.id)`.as('id'),
      sql<string>`min(audit_log.at)`.as('at'),
      sql<string>`max(audit_log.actor)`.as('actor'),
      sql<string>`max(audit_log.action)`.as('action'),
      occurrenceOf.as('subject'),
      sql<string>`''`.as('detail'),
      sql<number>`count(*)`.as('count'),
      sql<string>`max(audit_log.at)`.as('last_at'),
    ]);
  return db.selectFrom(entries.unionAll(sends).as('e'));
}

/** A page of the log, newest first, with sent messages folded per occurrence and day, and how many lines match. */
export async function listAuditEvents(
  db: Queryable,
  orgId: string,
  filter: AuditFilter,
  page: { offset: number; limit: number },
): Promise<AuditEvent[]> {
  const rows = await events(db, orgId, filter).selectAll().orderBy('id', 'desc').offset(page.offset).limit(page.limit).execute();
  return rows.map(({ last_at, ...row }) => ({ ...row, id: Number(row.id), count: Number(row.count), lastAt: last_at }));
}

export async function countAuditEvents(db: Queryable, orgId: string, filter: AuditFilter): Promise<number> {
  const row = await events(db, orgId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every matching entry, oldest first, a batch at a time (for a download that may run to millions of lines). */
export async function* eachAuditEntry(db: Queryable, orgId: string, filter: AuditFilter, batch = 5000): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const rows = await matching(fromLog(db), filter)
      .where('audit_log.org_id', '=', orgId)
      .where('audit_log.id', '>', after)
      .select(['audit_log.id', 'audit_log.at', 'audit_log.actor', 'audit_log.action', 'audit_log.subject', 'audit_log.detail'])
      .orderBy('audit_log.id')
      .limit(batch)
      .execute();
    for (const { id: _id, ...entry } of rows) yield entry;
    const last = rows.at(-1);
    if (!last || rows.length < batch) return;
    after = Number(last.id);
  }
}

/** The people who appear in the log, for choosing one. */
export async function listAuditActors(db: Queryable, orgId: string): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('actor').distinct().where('org_id', '=', orgId).orderBy('actor').execute();
  return rows.map((row) => row.actor);
}
