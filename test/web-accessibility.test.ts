import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/accounts/role.js';
import { appendAuditEntry } from '../src/audit/audit-log.store.js';
import { axeViolations, focused, progressFinished, scriptsReady, siteAndBrowser, tabTo } from './support/browser.js';
import { at, importPeopleFixture, importRows, WARD_ROTA_RIGHTS } from './support/people-fixtures.js';
import { emailOf, TEST_PASSWORD } from './support/web-harness.js';

const web = siteAndBrowser();
// Someone on each list of people, so that their pages (and the audiences page's links to them) have rows to check,
// and rights linking them, so that a plan of the waves breaks links to show.
beforeAll(async () => {
  await importPeopleFixture(web.site);
  await importRows(web.site, 'rights.csv', WARD_ROTA_RIGHTS, 'excel');
});

/** Waits until the audiences page has its counts, updated in place when a recount ends. */
async function countsShown(page: Page): Promise<void> {
  await progressFinished(page);
}

/** The plan form sent with a capacity that splits the Ward 7 rota's group, until the plan shows. */
async function previewPlan(page: Page): Promise<void> {
  await page.getByLabel('Mailboxes a wave can move (optional)').fill('3');
  await page.getByRole('button', { name: 'See the plan' }).click();
  await page.waitForSelector('[data-testid="planned-broken-links"]');
}

/** Every page, as the role that sees the most of it; add a row for each new page. */
const PAGES: { name: string; role?: Role; path: string; act?: (page: Page) => Promise<unknown> }[] = [
  { name: 'sign-in', path: '/sign-in' },
  {
    name: 'sign-in with an error',
    path: '/sign-in',
    act: async (page) => {
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  { name: 'dashboard', role: 'admin', path: '/' },
  { name: 'settings', role: 'admin', path: '/settings' },
  { name: 'a setting', role: 'admin', path: '/settings/helpdesk-phone' },
  {
    name: 'a setting with an error',
    role: 'admin',
    path: '/settings/helpdesk-phone',
    act: async (page) => {
      await page.getByLabel('Local IT helpdesk phone').fill('twelve');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  {
    name: 'a setting with a value of its own, which can be cleared',
    role: 'admin',
    path: '/settings/data-max-age-days',
    act: async (page) => {
      await page.getByLabel('Approve and send on data up to (days old)').fill('21');
      await page.getByRole('button', { name: 'Save' }).click();
      await page.goto('/settings/data-max-age-days');
      await page.waitForSelector('button[name="clear"]');
    },
  },
  {
    name: 'a setting saved, with approvals withdrawn, kept and not kept',
    role: 'admin',
    path: '/settings?changed=helpdesk-phone&withdrawn=announcement%2Cwave-reminder%401&kept=welcome%401&notKept=announcement',
  },
  { name: 'audit log', role: 'viewer', path: '/log' },
  // Audiences, imports, mail and reports.
  { name: 'audiences', role: 'admin', path: '/audiences', act: countsShown },
  { name: 'an audience', role: 'admin', path: '/audiences/all-staff' },
  { name: 'define an audience', role: 'admin', path: '/audiences/new' },
  // The people each count stands for (issue 17).
  { name: 'everyone current', role: 'viewer', path: '/people' },
  ...['not-on-staff-list', 'no-address', 'outside-domains', 'not-current', 'not-getting-nhsmail'].map((list) => ({
    name: `the people list ${list}`,
    role: 'viewer' as const,
    path: `/people?list=${list}`,
  })),
  { name: 'staff-list rows no mailbox was found for', role: 'viewer', path: '/people/unmatched' },
  { name: 'names that lost letters', role: 'viewer', path: '/people/lost-letters' },
  { name: 'an unknown list of people', role: 'viewer', path: '/people?list=leavers' },
  {
    name: 'define an audience with an error',
    role: 'admin',
    path: '/audiences/new',
    act: async (page) => {
      await page.getByLabel('Who is in it').fill('department = ');
      await page.getByRole('button', { name: 'Count' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  { name: 'imports', role: 'admin', path: '/imports' },
  {
    name: 'imports with an error',
    role: 'admin',
    path: '/imports',
    act: async (page) => {
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  {
    name: 'an import checked, with its problems',
    role: 'admin',
    path: '/imports',
    act: async (page) => {
      const csv =
        'Email,First Name,Last Name,Department\r\nann.lee@northmoor-valley.example,Ann,Lee,Pharmacy\r\nnot-an-address,Bob,Smith,Estates\r\n';
      await page.getByLabel('File').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByRole('button', { name: 'Upload and check' }).click();
      await page.waitForSelector('[data-testid="problems"]', { timeout: 20_000 });
    },
  },
  {
    name: 'an upload replaced by a newer one from the same person',
    role: 'admin',
    path: '/imports',
    act: async (page) => {
      const csv = 'Email,First Name,Last Name,Department\r\nann.lee@northmoor-valley.example,Ann,Lee,Pharmacy\r\n';
      for (const name of ['first.csv', 'second.csv']) {
        await page.goto('/imports');
        await page.getByLabel('File').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByRole('button', { name: 'Upload and check' }).click();
        await page.waitForLoadState();
      }
      // The check of the second runs on; its page updates in place when it is done.
      await progressFinished(page);
      await page.waitForSelector('text=first.csv');
    },
  },
  { name: 'mail', role: 'admin', path: '/mail' },
  { name: 'reports', role: 'admin', path: '/reports' },
  // Timeline, activity and waves pages.
  { name: 'timeline', role: 'admin', path: '/timeline' },
  { name: 'an activity', role: 'admin', path: '/activities/wave-reminder' },
  {
    name: 'an activity whose key messages and preview wait for settings',
    role: 'admin',
    path: '/activities/detailed-actions',
    act: async (page) => {
      // The page is read with two settings unset, then they are put back for the pages after it.
      const db = web.site.store.db;
      const keys = ['information-pack-url', 'deleted-items-migrated'];
      const saved = await db.selectFrom('settings').selectAll().where('key', 'in', keys).execute();
      await db.deleteFrom('settings').where('key', 'in', keys).execute();
      try {
        await page.reload();
        // The key messages are folded away; open them so axe reads the marked values.
        await page.locator('summary', { hasText: 'Key messages of this phase' }).click();
        await page.waitForSelector('mark.cp-missing a[href="/settings#setting-information-pack-url"]');
      } finally {
        await db.insertInto('settings').values(saved).execute();
      }
    },
  },
  {
    name: 'an activity saved, with an approval withdrawn',
    role: 'admin',
    path: '/activities/wave-reminder?done=saved&withdrawn=wave-reminder%401',
  },
  {
    name: 'an activity previewed as a person not in the directory',
    role: 'admin',
    path: '/activities/wave-reminder?person=nobody%40example.nhs.uk',
  },
  { name: 'an activity without email', role: 'admin', path: '/activities/posters-and-banners' },
  { name: 'a template', role: 'admin', path: '/activities/wave-reminder/templates/wave-reminder' },
  {
    name: 'a template with an unknown placeholder',
    role: 'admin',
    path: '/activities/wave-reminder/templates/wave-reminder',
    act: async (page) => {
      await page.getByLabel('Body').fill('Dear ((first nme)),');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  {
    name: 'a refused approval',
    role: 'admin',
    path: '/activities/announcement',
    act: async (page) => {
      const approve = page.getByRole('button', { name: /^Approve/ }).first();
      if ((await approve.count()) === 0) return;
      await approve.click();
      await page.waitForLoadState();
    },
  },
  {
    name: 'an approval that needs its data confirmed, with Approve anyway',
    role: 'admin',
    path: '/activities/mobile-users',
    act: async (page) => {
      await page
        .getByRole('button', { name: /^Approve/ })
        .first()
        .click();
      await page.waitForSelector('[data-testid="data-warning"]');
    },
  },
  { name: 'waves', role: 'admin', path: '/waves' },
  {
    name: 'adding a wave with errors',
    role: 'admin',
    path: '/waves',
    act: async (page) => {
      await page.getByRole('group', { name: 'First day' }).getByLabel('Day').fill('31');
      await page.getByRole('group', { name: 'First day' }).getByLabel('Month').fill('2');
      await page.getByRole('button', { name: 'Add wave' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  { name: 'the wave move form', role: 'admin', path: '/waves/1/move' },
  {
    name: 'moving a wave',
    role: 'admin',
    path: '/waves/1/move',
    act: async (page) => {
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Day').fill('3');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Month').fill('4');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'See what re-dates' }).click();
      await page.waitForSelector('#redated');
    },
  },
  {
    name: 'moving a wave onto another',
    role: 'admin',
    path: '/waves/1/move',
    act: async (page) => {
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Day').fill('27');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Month').fill('2');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Year').fill('2027');
      await page.getByRole('button', { name: 'See what re-dates' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  {
    name: 'moving a wave, with the blockers it brings',
    role: 'admin',
    path: '/waves/1/move',
    act: async (page) => {
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Day').fill('12');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Month').fill('12');
      await page.getByRole('group', { name: 'New first day' }).getByLabel('Year').fill('2026');
      await page.getByRole('button', { name: 'See what re-dates' }).click();
      await page.waitForSelector('#redated');
    },
  },
  { name: 'a wave roster', role: 'admin', path: '/waves/1/people' },
  // Waves planning (issue 19): the plan form, a refusal, a plan shown before it is saved, and moving a person.
  { name: 'plan the waves', role: 'admin', path: '/waves/plan' },
  {
    name: 'plan the waves with an error',
    role: 'admin',
    path: '/waves/plan',
    act: async (page) => {
      await page.getByLabel('Mailboxes a wave can move (optional)').fill('0');
      await page.getByRole('button', { name: 'See the plan' }).click();
      await page.waitForSelector('.nhsuk-error-summary');
    },
  },
  { name: 'a plan shown before it is saved', role: 'admin', path: '/waves/plan', act: previewPlan },
  { name: 'moving a person, with the links it breaks', role: 'admin', path: `/waves/assign?email=${at('ann.lee')}&wave=Wave+4` },
  { name: 'moving a person refused', role: 'admin', path: '/waves/assign?email=nobody%40example.nhs.uk&wave=Wave+4' },
  { name: 'sending', role: 'admin', path: '/sending' },
  { name: 'channel copy', role: 'viewer', path: '/copy' },
  // End of timeline, activity and waves pages
  { name: 'the information pack', role: 'viewer', path: '/information-pack' },
  { name: 'sign-out', role: 'viewer', path: '/sign-out' },
  { name: 'page not found', role: 'viewer', path: '/no-such-page' },
  { name: 'refused for the role', role: 'viewer', path: '/settings/helpdesk-phone' },
];

/** One signed-in page per role, reused: a new browser context costs seconds on a busy machine. */
const pages = new Map<string, Page>();
async function reusedPageAs(role: Role | undefined): Promise<Page> {
  const key = role ?? 'anonymous';
  const page = pages.get(key) ?? (await pageAs(role));
  pages.set(key, page);
  return page;
}

async function pageAs(role: Role | undefined): Promise<Page> {
  const context = await web.browser.newContext({ baseURL: web.site.url, bypassCSP: true });
  const page = await context.newPage();
  if (role) {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill(emailOf(role));
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${web.site.url}/`);
  }
  return page;
}

describe('accessibility (axe-core, WCAG 2.2 AA)', () => {
  it.each(PAGES)('finds no violations on $name', async ({ role, path, act }) => {
    const page = await reusedPageAs(role);
    await page.goto(path);
    await act?.(page);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe('390 px wide, as on a phone', () => {
  it.each(['/people', '/people?list=not-current', '/people/unmatched', '/people/lost-letters'])(
    'shows %s without the page scrolling sideways (a wide table scrolls in its own region)',
    async (path) => {
      const page = await pageAs('viewer');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(path);
      expect(await page.locator('[data-testid="list"] tbody tr').count()).toBeGreaterThan(0);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await page.context().close();
    },
  );
});

describe('the waves pages 390 px wide', () => {
  it.each([
    ['the waves', '/waves', undefined],
    ['a plan shown before it is saved', '/waves/plan', previewPlan],
    ['moving a person', `/waves/assign?email=${at('ann.lee')}&wave=Wave+4`, undefined],
  ])('shows %s without the page scrolling sideways (wide tables scroll in their own region)', async (_name, path, act) => {
    const page = await pageAs('admin');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(path);
    await act?.(page);
    expect(await page.locator('table').count()).toBeGreaterThan(0);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});

describe('the keyboard alone', () => {
  it('signs in, reaches the dashboard, moves to settings, changes one and signs out', async () => {
    const page = await pageAs(undefined);
    await page.goto('/sign-in');
    await scriptsReady(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Skip to main content', indicated: true });
    await page.keyboard.press('Enter');
    await tabTo(page, ''); // the next stop after the main content's start: the email field
    expect((await focused(page)).tag).toBe('input');
    await page.keyboard.type(emailOf('editor'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.site.url}/`);
    await scriptsReady(page);

    await tabTo(page, 'Admin');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.site.url}/menu/admin`);
    await tabTo(page, 'Settings');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.site.url}/settings`);
    await scriptsReady(page);
    await tabTo(page, 'Change Local IT helpdesk phone', 200);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.site.url}/settings/helpdesk-phone`);
    await scriptsReady(page);
    await tabTo(page, '');
    while ((await focused(page)).tag !== 'input') await tabTo(page, '');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0113 496 0777');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/settings\?changed=helpdesk-phone/);
    await scriptsReady(page);
    expect(await page.locator('.nhsuk-notification-banner').textContent()).toContain('0113 496 0777');

    // The header's Sign out is a button: one press signs out.
    await tabTo(page, 'Sign out');
    expect((await focused(page)).tag).toBe('button');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.site.url}/sign-in`);
    await page.context().close();
  });
});

describe('the audit log at 1,280 and 390 px wide', () => {
  it('wraps long details within the page, with its filters open or with a date error, and axe finds nothing', async () => {
    await appendAuditEntry(web.site.store.db, web.site.organisation.id, {
      at: '2026-11-24T09:00:00.000Z',
      actor: 'someone.with.a.very.long.address@northmoor-valley-hospitals.example.nhs.uk',
      action: 'message-failed',
      subject: 'a'.repeat(64),
      detail: JSON.stringify({
        response: `550 ${'x'.repeat(300)}`,
        recipients: Array.from({ length: 20 }, (_, i) => `p${i}@example.nhs.uk`),
      }),
    });
    const page = await reusedPageAs('viewer');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/log?kind=sending');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/log?from-day=31&from-month=2&from-year=2027');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
