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

/**
 * The `page` (1, 2, ...) of `items`, as the query gives it ('' for the first). `hrefOf` gives the
 * address of another page. A page that is not a number, or past the last, is refused.
 */
export function pageOfList<T>(items: readonly T[], page: string, hrefOf: (page: number) => string, size = LIST_PAGE_SIZE): ListPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const number = page === '' ? 1 : /^[1-9]\d{0,6}$/.test(page) ? Number(page) : Number.NaN;
  if (!(number <= pages))
    throw new CommsplanError(
      'invalid-input',
      `There is no page "${page}" of this list: it has ${pages === 1 ? 'one page' : `pages 1 to ${pages}`}.`,
      { field: 'page' },
    );
  const start = (number - 1) * size;
  const shown = items.slice(start, start + size);
  const label = (n: number) => `Page ${n} of ${pages}`;
  return {
    items: shown,
    showing: pages > 1 ? `Showing ${count(start + 1)} to ${count(start + shown.length)} of ${count(items.length)}.` : undefined,
    previous: number > 1 ? { href: hrefOf(number - 1), labelText: label(number - 1) } : undefined,
    next: number < pages ? { href: hrefOf(number + 1), labelText: label(number + 1) } : undefined,
  };
}

/** Sends rows as a CSV download that spreadsheets open safely (csvLine neutralises formulas). */
export function sendCsv(reply: FastifyReply, fileName: string, columns: readonly string[], rows: readonly (readonly string[])[]) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('cache-control', 'no-store')
    .send([columns, ...rows].map(csvLine).join(''));
}
