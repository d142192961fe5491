import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettingValues } from '../src/settings/settings.store.js';
import { CommsplanError } from '../src/shared/errors.js';
import { SqliteDriver } from '../src/store/sqlite-driver.js';
import type { RouteRule } from '../src/web/route-rule.js';
import { ROUTES } from '../src/web/routes.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

/** Routes that fail on purpose, added to the real table for this test only. */
const FAILING: RouteRule[] = [
  {
    method: 'GET',
    path: '/fails/unexpectedly',
    access: 'viewer',
    changesData: false,
    handler: async () => {
      throw new Error('secret internal detail');
    },
  },
  {
    method: 'GET',
    path: '/fails/bad-input',
    access: 'viewer',
    changesData: false,
    handler: async () => {
      throw new CommsplanError('invalid-wave', 'Wave 9 ends before it starts: give an end on or after its start.');
    },
  },
];

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite({ routes: [...ROUTES, ...FAILING] });
});
afterAll(async () => site?.close());

describe('error pages', () => {
  it('answers an unexpected failure with a 500 page that gives nothing away', async () => {
    const response = await (await site.client('viewer')).get('/fails/unexpectedly');
    expect(response.status).toBe(500);
    expect(response.html).toContain('Sorry, there is a problem with the service');
    expect(response.html).not.toContain('secret internal detail');
  });

  it("answers a CommsplanError with its own message and the status from the code's table", async () => {
    const response = await (await site.client('viewer')).get('/fails/bad-input');
    expect(response.status).toBe(400);
    expect(response.html).toContain('Wave 9 ends before it starts');
    expect(response.html).toContain('Nothing was changed.');
  });

  it('answers a form body it cannot read with a 400 page', async () => {
    const editor = await site.client('editor');
    const response = await fetch(new URL('/settings/helpdesk-phone', site.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: editor.cookieHeader() },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('There is a problem');
  });

  it('answers a change made while another connection holds the write lock with a busy page, and changes nothing', async () => {
    const client = await site.client('editor');
    await client.get('/settings/helpdesk-phone');
    const before = await site.snapshot();
    // What an import in another process looks like from here: a write transaction left open.
    const importing = new SqliteDriver(site.store.location);
    importing.exec('BEGIN IMMEDIATE');
    try {
      const refused = await client.post('/settings/helpdesk-phone', { value: '0113 496 0777' });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('60');
      expect(refused.html).toContain('The workspace is busy');
      expect(refused.html).toContain('Nothing was changed.');
    } finally {
      importing.exec('ROLLBACK');
      importing.close();
    }
    expect(await site.snapshot()).toBe(before);
    expect((await readSettingValues(site.store.db, site.organisation.id))['helpdesk-phone']).not.toBe('0113 496 0777');
  }, 15_000);
});
