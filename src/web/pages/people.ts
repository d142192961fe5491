import type { FastifyRequest } from 'fastify';
import {
  EVERY_ROW_MATCHED,
  PERSON_LIST_COLUMNS,
  personListRow,
  UNMATCHED_COLUMNS,
  unmatchedRow,
  unmatchedSummary,
} from '../../audiences/people-list-rows.js';
import { listPeople, listPeoplePage, PEOPLE_LIST_TITLES, PEOPLE_LISTS, type PeopleListName } from '../../audiences/people-lists.js';
import { londonDate } from '../../calendar/london-time.js';
import { LOST_LETTER_COLUMNS, lostLetterRow, lostLettersSummary, NO_LOST_LETTERS } from '../../directory/lost-letter-rows.js';
import { plural } from '../../shared/plural.js';
import { audienceReadingFor } from '../audience-count-refresher.js';
import { type ErrorPage, sendErrorPage } from '../error-pages.js';
import { queryField } from '../form-fields.js';
import { keptWhileUnchanged } from '../kept-while-unchanged.js';
import type { PageHandler } from '../web-context.js';
import { lostLettersOf, unmatchedStaffOf } from './audiences-view.js';
import { pageOfList, pageOfTotal, pageStart, sendCsv } from './list-pages.js';
import {
  LOST_LETTERS_TITLE,
  otherListLinks,
  PERSON_TABLE_COLUMNS,
  peopleListHref,
  personTableRow,
  UNMATCHED_TABLE_COLUMNS,
  UNMATCHED_TITLE,
  unmatchedTableRow,
} from './people-view.js';

/** `?list=` names one of PEOPLE_LISTS (everyone current when left out); anything else is no list. */
function listOf(request: FastifyRequest): PeopleListName | undefined {
  const given = (request.query as Record<string, unknown> | undefined)?.list;
  if (given === undefined) return 'current';
  const name = typeof given === 'string' ? given.trim().toLowerCase() : '';
  return PEOPLE_LISTS.find((list) => list === name);
}

function unknownListPage(request: FastifyRequest): ErrorPage {
  return {
    status: 404,
    pageTitle: 'There is no such list',
    paragraphs: [`There is no list of people called "${queryField(request, 'list')}".`, `The lists are: ${PEOPLE_LISTS.join(', ')}.`],
    nextStep: { href: '/audiences', text: 'Go to the audiences' },
  };
}

/** The address of page `n` of a list whose first page is `href`. */
const pageHref = (href: string) => (n: number) => (n === 1 ? href : `${href}${href.includes('?') ? '&' : '?'}page=${n}`);

export const showPeopleList: PageHandler = async (request, reply, web) => {
  const list = listOf(request);
  if (!list) return sendErrorPage(reply, unknownListPage(request));
  const pageAsked = queryField(request, 'page');
  const key = `people-list/${web.organisation.id}/${londonDate(web.now())}/${list}/${pageAsked}`;
  const { people, total, offset } = await keptWhileUnchanged(web.store, key, async () =>
    listPeoplePage(web.store, await audienceReadingFor(web), list, (all) => pageStart(all, pageAsked)),
  );
  const page = pageOfTotal(people, total, offset, pageHref(peopleListHref(list)));
  return reply.page('people-list.njk', {
    pageTitle: PEOPLE_LIST_TITLES[list],
    total: plural(total, 'person', 'people'),
    empty: 'No one is on this list.',
    csvHref: peopleListHref(list, true),
    columns: PERSON_TABLE_COLUMNS,
    rows: page.items.map(personTableRow),
    page,
    related:
      list === 'no-address' && total
        ? { href: '/people/unmatched', text: 'See why each was not matched, and the mailboxes that fit' }
        : undefined,
    otherLists: otherListLinks(peopleListHref(list)),
  });
};

export const downloadPeopleList: PageHandler = async (request, reply, web) => {
  const list = listOf(request);
  if (!list) return sendErrorPage(reply, unknownListPage(request));
  const people = await listPeople(web.store, await audienceReadingFor(web), list);
  return sendCsv(reply, `people-${list}.csv`, PERSON_LIST_COLUMNS, people.map(personListRow));
};

export const showUnmatchedStaff: PageHandler = async (request, reply, web) => {
  const rows = await unmatchedStaffOf(web);
  const page = pageOfList(rows, queryField(request, 'page'), pageHref('/people/unmatched'));
  return reply.page('people-list.njk', {
    pageTitle: UNMATCHED_TITLE,
    total: plural(rows.length, 'row'),
    summary: rows.length ? unmatchedSummary(rows.length) : EVERY_ROW_MATCHED,
    csvHref: '/people/unmatched/csv',
    columns: UNMATCHED_TABLE_COLUMNS,
    rows: page.items.map(unmatchedTableRow),
    page,
    otherLists: otherListLinks('/people/unmatched'),
  });
};

export const downloadUnmatchedStaff: PageHandler = async (_request, reply, web) => {
  const rows = await unmatchedStaffOf(web);
  return sendCsv(reply, 'people-unmatched.csv', UNMATCHED_COLUMNS, rows.map(unmatchedRow));
};

export const showLostLetters: PageHandler = async (request, reply, web) => {
  const names = await lostLettersOf(web);
  const page = pageOfList(names, queryField(request, 'page'), pageHref('/people/lost-letters'));
  return reply.page('people-list.njk', {
    pageTitle: LOST_LETTERS_TITLE,
    total: plural(names.length, 'row'),
    summary: names.length ? lostLettersSummary(names.length) : NO_LOST_LETTERS,
    csvHref: '/people/lost-letters/csv',
    columns: LOST_LETTER_COLUMNS,
    rows: page.items.map((name) => lostLetterRow(name).map((cell) => [cell])),
    page,
    otherLists: otherListLinks('/people/lost-letters'),
  });
};

export const downloadLostLetters: PageHandler = async (_request, reply, web) => {
  const names = await lostLettersOf(web);
  return sendCsv(reply, 'lost-letters.csv', LOST_LETTER_COLUMNS, names.map(lostLetterRow));
};
