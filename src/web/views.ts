import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';

/** The folder above `nhsuk/`, so views import macros as "nhsuk/components/NAME/macro.njk". */
export const NHSUK_DIST = dirname(dirname(createRequire(import.meta.url).resolve('nhsuk-frontend/dist/nhsuk/template.njk')));

/** Our views: beside this file in src/web, and copied beside it into dist/web by the build. */
const VIEWS_DIR = join(import.meta.dirname, 'views');

/**
 * The one Nunjucks environment: autoescape on, so every value from data or templates is escaped
 * unless a view marks it safe (none of ours does). Undefined values render as empty.
 */
export function createViews(): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([VIEWS_DIR, NHSUK_DIST], { noCache: false });
  return new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false });
}
