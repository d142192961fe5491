import { type RawBuilder, sql } from 'kysely';
import type { Queryable } from '../store/store.js';
import { type DirectoryReadOptions, directoryView, type NotCurrentReason } from './audiences.store.js';

/** The people `commsplan people` lists: everyone current, or one of the groups `audiences` counts apart. */
export type PeopleListKind = 'current' | 'not-on-staff-list' | 'outside-domains' | 'not-current' | 'not-getting-nhsmail';

/** One person of such a list, with every address and what the list knows of them. */
export interface ListedPerson {
  email: string;
  local_email: string | null;
  staff_email: string | null;
  nhsmail_email: string | null;
  employee_number: string | null;
  display_name: string | null;
  first_name: string | null;
  last_name: string | null;
  staff_link: string | null;
  not_current: NotCurrentReason | null;
  local_mailbox: number;
}

const PEOPLE_LIST_WHERE: Readonly<Record<PeopleListKind, RawBuilder<unknown>>> = {
  current: sql`in_audiences = 1`,
  'not-on-staff-list': sql`not_current IS NULL AND not_on_staff_list = 1`,
  'outside-domains': sql`not_current IS NULL AND outside_domain = 1`,
  'not-current': sql`not_current IS NOT NULL`,
  'not-getting-nhsmail': sql`not_current IS NULL AND gets_nhsmail = 0`,
};

/**
 * The people of one list, in address order: the same rules as the counts `countDirectory` makes.
 * `window` reads one page of a long list rather than all of it.
 */
export async function peopleList(
  db: Queryable,
  orgId: string,
  kind: PeopleListKind,
  options: DirectoryReadOptions,
  window?: { offset: number; limit: number },
): Promise<ListedPerson[]> {
  const page = window ? sql`LIMIT ${window.limit} OFFSET ${window.offset}` : sql``;
  const result = await sql<ListedPerson>`WITH ${directoryView(orgId, options)}
    SELECT email, local_email, staff_email, nhsmail_email, employee_number, display_name, first_name, last_name, staff_link,
      not_current, local_mailbox
    FROM base WHERE ${PEOPLE_LIST_WHERE[kind]} ORDER BY email ${page}`.execute(db);
  return result.rows;
}

/** How many people one list holds. */
export async function countPeopleList(db: Queryable, orgId: string, kind: PeopleListKind, options: DirectoryReadOptions): Promise<number> {
  const result = await sql<{ n: number }>`WITH ${directoryView(orgId, options)}
    SELECT count(*) AS n FROM base WHERE ${PEOPLE_LIST_WHERE[kind]}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

export interface MailboxNotPerson {
  email: string;
  display_name: string | null;
  mailbox_type: string;
}

/** The shared, room, equipment and other mailboxes the counts show apart as not people, by type and address. */
export async function mailboxesNotPeople(db: Queryable, orgId: string): Promise<MailboxNotPerson[]> {
  return db
    .selectFrom('mailboxes')
    .select(['email', 'display_name', 'mailbox_type'])
    .where('org_id', '=', orgId)
    .where('mailbox_type', '<>', 'user')
    .orderBy('mailbox_type')
    .orderBy('email')
    .execute();
}

/** Why the person with this address is in no audience, if they are known but not current. */
export async function notCurrentReasonOf(
  db: Queryable,
  orgId: string,
  address: string,
  options: DirectoryReadOptions,
): Promise<NotCurrentReason | undefined> {
  const result = await sql<{ not_current: NotCurrentReason | null }>`WITH ${directoryView(orgId, options)}
    SELECT not_current FROM base WHERE ${address} IN (email, local_email, staff_email, nhsmail_email) LIMIT 1`.execute(db);
  return result.rows[0]?.not_current ?? undefined;
}
