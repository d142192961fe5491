import type { Page, Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/accounts/role.js';
import { ROUTES } from '../src/web/routes.js';
import { axeViolations, signedInPage, siteAndBrowser } from './support/browser.js';
import { importPeopleFixture } from './support/people-fixtures.js';

/**
 * Every page a person can reach by following links from the dashboard, as each role: no
 * accessibility violation (axe-core, WCAG 2.2 A and AA), no page reloading itself, no raw timestamp, no sideways
 * scrolling at 390 px or 1,280 px, no server error. New pages are found through their links,
 * so a page joins the crawl when the header menu (or any page) links to it.
 */
const web = siteAndBrowser();
// People on each list, so the lists and audiences have rows; then the audiences counted, so the crawl
// sees pages at rest (progress while counting is the live-progress work's, with its own tests).
beforeAll(async () => {
  await importPeopleFixture(web.site);
  const page = await signedInPage(web.browser, web.site.url, 'viewer');
  for (let tries = 0; tries < 120; tries++) {
    const progress = (await (await page.request.get('/progress/audience-counts')).json()) as { running: boolean };
    if (!progress.running) break;
    await page.waitForTimeout(500);
  }
  await page.context().close();
}, 60_000);

/** How often one route (and set of query fields) is visited per role: enough to see its states, few enough to stay quick. */
const VISITS_PER_ROUTE = 1;
/** Files to download and ways out, not pages. */
const NOT_A_PAGE = /(\.(csv|pdf|ics|html|eml)|\/csv|\/html|\/sign-out)$/;
const WIDTHS = [390, 1280] as const;

const GET_ROUTES = ROUTES.filter((rule) => rule.method === 'GET').map((rule) => ({
  path: rule.path,
  pattern: new RegExp(`^${rule.path.replace(/:[^/]+/g, '[^/]+')}$`),
  params: (rule.path.match(/:/g) ?? []).length,
}));

/** The route a path is served by (the one with fewest parameters), and the query's field names: what "the same page" means here. */
function routeOf(url: URL): string {
  // Each group of the header menu is its own page: a page listed only there must still be found.
  if (url.pathname.startsWith('/menu/')) return url.pathname;
  const routes = GET_ROUTES.filter((route) => route.pattern.test(url.pathname)).sort((a, b) => a.params - b.params);
  const fields = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${routes[0]?.path ?? url.pathname}?${fields}`;
}

async function linksOn(page: Page, origin: string): Promise<string[]> {
  // A page that reloaded itself meanwhile (reported already) gives no links.
  const hrefs = (await page
    .$$eval('a[href]:not([download])', (links) => links.map((link) => (link as unknown as { href: string }).href))
    .catch(() => [])) as string[];
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && !NOT_A_PAGE.test(url.pathname))
    .map((url) => url.pathname + url.search);
}

/** Pages (by address) that came with a meta refresh: reported, and taken out so the crawl is not pulled away. */
const reloading = new Set<string>();
const META_REFRESH = /<meta[^>]+http-equiv="refresh"[^>]*>/i;

async function stopSelfReload(route: Route): Promise<void> {
  if (route.request().resourceType() !== 'document') return route.continue();
  const response = await route.fetch();
  const body = await response.text();
  if (!META_REFRESH.test(body)) return route.fulfill({ response, body });
  reloading.add(route.request().url());
  return route.fulfill({ response, body: body.replaceAll(new RegExp(META_REFRESH, 'gi'), '') });
}

/** Routes axe has checked, by any role: the roles see the same pages but for a button or two, and axe is the slow part. */
const axeChecked = new Set<string>();

async function problemsOn(page: Page, status: number, route: string): Promise<string[]> {
  const problems: string[] = [];
  if (status >= 500) problems.push(`answered ${status}`);
  if (reloading.has(page.url())) problems.push('reloads itself (meta refresh)');
  const rawInstant = /\d{4}-\d\d-\d\dT\d\d:\d\d/.exec((await page.locator('main').textContent()) ?? '');
  if (rawInstant) problems.push(`shows a raw timestamp (${rawInstant[0]}) where people read a time`);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    if (scrollWidth > width) problems.push(`scrolls sideways at ${width} px (${scrollWidth} px wide)`);
  }
  if (!axeChecked.has(route)) {
    axeChecked.add(route);
    problems.push(...(await axeViolations(page)));
  }
  return problems;
}

/** Follows every link breadth-first from the dashboard; each page's problems, by its address. */
async function crawlAs(role: Role): Promise<{ visited: string[]; problems: string[] }> {
  const page = await signedInPage(web.browser, web.site.url, role, { bypassCSP: true });
  await page.route('**/*', stopSelfReload);
  const origin = new URL(web.site.url).origin;
  const queue = ['/'];
  const seen = new Set(queue);
  const visitsOf = new Map<string, number>();
  const visited: string[] = [];
  const problems: string[] = [];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    const route = routeOf(new URL(path, origin));
    if ((visitsOf.get(route) ?? 0) >= VISITS_PER_ROUTE) continue;
    visitsOf.set(route, (visitsOf.get(route) ?? 0) + 1);
    const response = await page.goto(path);
    visited.push(path);
    for (const problem of await problemsOn(page, response?.status() ?? 0, route)) problems.push(`${role} ${path}: ${problem}`);
    for (const link of await linksOn(page, origin)) {
      if (seen.has(link)) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  await page.context().close();
  return { visited, problems };
}

describe('every page reachable from the dashboard', () => {
  it('as each role: no axe violation, no self-reload, no sideways scrolling at 390 or 1,280 px, no server error', {
    timeout: 600_000,
  }, async () => {
    const crawls = await Promise.all(ROLES.map(crawlAs));
    for (const [i, role] of ROLES.entries()) console.log(`${role}: ${crawls[i]?.visited.length} pages: ${crawls[i]?.visited.join(' ')}`);
    for (const { visited } of crawls)
      expect(visited).toEqual(expect.arrayContaining(['/', '/timeline', '/settings', '/mail', '/menu/admin']));
    expect(crawls.find((crawl) => crawl.visited.includes('/imports'))).toBeDefined();
    const problems = crawls.flatMap((crawl) => crawl.problems);
    expect(problems).toEqual([]);
  });
});
