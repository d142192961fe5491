import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { csvLine } from '../../shared/csv.js';
import { CommsplanError } from '../../shared/errors.js';
import { count } from './time-words.js';

/** How many rows a page of a long list shows; the CSV download has them all. */
export const LIST_PAGE_SIZE = 200;

/** One page of a list, with the words and links to move through it. */
export interface ListPage<T> {
  items: T[];
  /** "Showing 201 to 400 of 1,234.", when the list is longer than a page. */
  showing?: string;
  previous?: { href: string; labelText: string };
  next?: { href: string; labelText: string };
}

/** Which page (1, 2, ...) the query asks for ('' for the first), refused when it is not a number or past the last. */
function pageNumber(page: string, pages: number): number {
  const number = page === '' ? 1 : /^[1-9]\d{0,6}$/.test(page) ? Number(page) : Number.NaN;
  if (!(number <= pages))
    throw new CommsplanError(
      'invalid-input',
      `There is no page "${page}" of this list: it has ${pages === 1 ? 'one page' : `pages 1 to ${pages}`}.`,
      { field: 'page' },
    );
  return number;
}

/** Where the asked-for page of a list of `total` starts, for reading just that page. */
export function pageStart(total: number, page: string, size = LIST_PAGE_SIZE): { offset: number; limit: number } {
  return { offset: (pageNumber(page, Math.max(1, Math.ceil(total / size))) - 1) * size, limit: size };
}

/**
 * The page of a list of `total` whose rows, from `offset`, are `shown`: the words and links to
 * move through it. `hrefOf` gives the address of another page.
 */
export function pageOfTotal<T>(
  shown: T[],
  total: number,
  offset: number,
  hrefOf: (page: number) => string,
  size = LIST_PAGE_SIZE,
): ListPage<T> {
  const pages = Math.max(1, Math.ceil(total / size));
  const number = Math.floor(offset / size) + 1;
  const label = (n: number) => `Page ${n} of ${pages}`;
  return {
    items: shown,
    showing: pages > 1 ? `Showing ${count(offset + 1)} to ${count(offset + shown.length)} of ${count(total)}.` : undefined,
    previous: number > 1 ? { href: hrefOf(number - 1), labelText: label(number - 1) } : undefined,
    next: number < pages ? { href: hrefOf(number + 1), labelText: label(number + 1) } : undefined,
  };
}

/** The `page` of `items` (a list read whole), as the query gives it ('' for the first). */
export function pageOfList<T>(items: readonly T[], page: string, hrefOf: (page: number) => string, size = LIST_PAGE_SIZE): ListPage<T> {
  const { offset } = pageStart(items.length, page, size);
  return pageOfTotal(items.slice(offset, offset + size), items.length, offset, hrefOf, size);
}

/** Sends rows as a CSV download that spreadsheets open safely (csvLine neutralises formulas). */
export function sendCsv(
  reply: FastifyReply,
  fileName: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[] | AsyncIterable<readonly string[]>,
) {
  const download = reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store');
  if (Array.isArray(rows)) return download.send([columns, ...rows].map(csvLine).join(''));
  // A list read a batch at a time (it may run to millions of lines) is written as it is read.
  async function* lines() {
    yield csvLine(columns);
    for await (const row of rows as AsyncIterable<readonly string[]>) yield csvLine(row);
  }
  return download.send(Readable.from(lines()));
}
