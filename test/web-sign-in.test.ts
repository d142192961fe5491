import { afterEach, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { changeMarker } from '../src/store/change-marker.js';
import { SqliteDriver } from '../src/store/sqlite-driver.js';
import { FIXED_NOW } from './support/cli-harness.js';
import { startTestSite, TEST_PASSWORD, type TestSite, WebClient } from './support/web-harness.js';

const sites: TestSite[] = [];
const site = async (options: Parameters<typeof startTestSite>[0] = {}) => {
  const started = await startTestSite(options);
  sites.push(started);
  return started;
};
afterEach(async () => {
  for (const started of sites.splice(0)) await started.close();
});

describe('signing in', () => {
  it('writes every attempt, good or bad, in the audit log with the address given', async () => {
    const web = await site();
    const client = await web.client();
    expect((await client.signIn('Viewer@Test.example', 'a wrong password!')).status).toBe(401);
    expect((await client.signIn('nobody@test.example', TEST_PASSWORD)).status).toBe(401);
    expect((await client.signIn('viewer@test.example')).status).toBe(303);
    const entries = (await listAuditEntries(web.store.db, web.organisation.id)).filter((e) => e.subject === 'web');
    expect(entries.map((e) => `${e.action} ${e.actor}`)).toEqual([
      'sign-in-refused viewer@test.example',
      'sign-in-refused nobody@test.example',
      'signed-in viewer@test.example',
    ]);
    expect(entries[0]?.detail).toBe('from 127.0.0.1');
  });

  it('leaves what pages keep in place: a sign-in, good or refused, does not move the change marker', async () => {
    const web = await site();
    const client = await web.client();
    const before = await changeMarker(web.store);
    expect((await client.signIn('viewer@test.example', 'a wrong password!')).status).toBe(401);
    expect((await client.signIn('viewer@test.example')).status).toBe(303);
    expect((await client.get('/')).status).toBe(200);
    expect(await changeMarker(web.store)).toBe(before);
    expect((await listAuditEntries(web.store.db, web.organisation.id)).filter((e) => e.subject === 'web')).toHaveLength(2);
  });

  it('reads the address as people are keyed, so invisible characters pasted with it do not refuse the sign-in', async () => {
    const web = await site();
    const client = await web.client();
    expect((await client.signIn('\u200bViewer@Test.example\ufeff')).status).toBe(303);
    const entries = (await listAuditEntries(web.store.db, web.organisation.id)).filter((e) => e.subject === 'web');
    expect(entries.map((e) => `${e.action} ${e.actor}`)).toEqual(['signed-in viewer@test.example']);
  });

  it('ends the session a browser already had when it signs in again', async () => {
    const web = await site();
    const client = await web.client('viewer');
    await client.get('/');
    expect((await client.post('/sign-in', { email: 'editor@test.example', password: TEST_PASSWORD })).status).toBe(303);
    const sessions = await web.store.db.selectFrom('web_sessions').select('user_id').execute();
    expect(sessions).toHaveLength(1);
    expect((await client.get('/')).html).toContain('editor@test.example (Editor)');
  });

  it('refuses more attempts than the limit from one address with a clear page', async () => {
    const web = await site({ config: { signInAttemptsPerMinute: 3 } });
    const client = await web.client();
    await client.get('/sign-in');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      statuses.push((await client.post('/sign-in', { email: 'x@test.example', password: 'wrong' })).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await client.post('/sign-in', { email: 'viewer@test.example', password: TEST_PASSWORD });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain('Too many attempts');
  });

  it('sets the session cookie signed, HttpOnly and SameSite=Lax, and Secure when configured', async () => {
    const plain = await site();
    const client = new WebClient(plain.url);
    await client.get('/sign-in');
    const response = await client.post('/sign-in', { email: 'viewer@test.example', password: TEST_PASSWORD });
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('commsplan_session=')) ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const secure = await site({ config: { secureCookies: true } });
    const secureClient = new WebClient(secure.url);
    await secureClient.get('/sign-in');
    const secureResponse = await secureClient.post('/sign-in', { email: 'viewer@test.example', password: TEST_PASSWORD });
    expect(secureResponse.headers.getSetCookie().find((c) => c.startsWith('commsplan_session=')) ?? '').toMatch(/Secure/);
  });

  it('ends a session left idle longer than the limit', async () => {
    let now = FIXED_NOW;
    const web = await site({ clock: () => now, config: { sessionIdleMinutes: 30 } });
    const client = await web.client('viewer');
    now = new Date(FIXED_NOW.getTime() + 29 * 60_000);
    expect((await client.get('/')).status).toBe(200);
    now = new Date(now.getTime() + 29 * 60_000);
    expect((await client.get('/')).status, 'each visit starts the idle time again').toBe(200);
    now = new Date(now.getTime() + 31 * 60_000);
    const expired = await client.get('/');
    expect(expired.status).toBe(303);
    expect(expired.location).toBe('/sign-in?next=%2F');
  });

  it('ends a session 12 hours after sign-in, however busy', async () => {
    let now = FIXED_NOW;
    const web = await site({ clock: () => now, config: { sessionIdleMinutes: 30 } });
    const client = await web.client('viewer');
    // A visit every 25 minutes keeps it from going idle: 28 of them take it to 11 hours 40 minutes.
    for (let visit = 1; visit <= 28; visit++) {
      now = new Date(FIXED_NOW.getTime() + visit * 25 * 60_000);
      expect((await client.get('/')).status, `visit ${visit}`).toBe(200);
    }
    now = new Date(FIXED_NOW.getTime() + 12 * 60 * 60_000 + 60_000);
    const expired = await client.get('/');
    expect(expired.status).toBe(303);
    expect(expired.location).toBe('/sign-in?next=%2F');
  });

  it('keeps a session signed in while an import elsewhere holds the write lock, and records the visit once it can', async () => {
    let now = FIXED_NOW;
    const web = await site({ clock: () => now });
    const client = await web.client('viewer');
    const lastSeen = async () =>
      (await web.store.db.selectFrom('web_sessions').select('last_seen_at').orderBy('last_seen_at', 'desc').executeTakeFirstOrThrow())
        .last_seen_at;
    now = new Date(FIXED_NOW.getTime() + 5 * 60_000);
    const importing = new SqliteDriver(web.store.location);
    importing.exec('BEGIN IMMEDIATE');
    try {
      expect((await client.get('/')).status, 'the visit is answered though it cannot be recorded').toBe(200);
    } finally {
      importing.exec('ROLLBACK');
      importing.close();
    }
    expect(await lastSeen()).toBe(FIXED_NOW.toISOString());
    expect((await client.get('/')).status).toBe(200);
    expect(await lastSeen()).toBe(now.toISOString());
  }, 20_000);

  it('does not accept a session cookie signed by another instance with another secret', async () => {
    const one = await site({ sessionSecret: 'one-secret-'.padEnd(40, '1') });
    const other = await site({ sessionSecret: 'another-secret-'.padEnd(40, '2') });
    const client = await one.client('admin');
    expect((await client.get('/')).status).toBe(200);
    const response = await client.pointedAt(other.url).get('/');
    expect(response.status).toBe(303);
    expect(response.location).toMatch(/^\/sign-in/);
  });

  it('sends a signed-in person back to where they were going, and only within the site', async () => {
    const web = await site();
    const client = await web.client();
    const first = await client.get('/?from=link');
    expect(first.location).toBe('/sign-in?next=%2F%3Ffrom%3Dlink');
    await client.get(first.location ?? '');
    const signedIn = await client.post('/sign-in', { email: 'editor@test.example', password: TEST_PASSWORD, next: '/?from=link' });
    expect(signedIn.location).toBe('/?from=link');
    const elsewhere = await (await web.client()).post('/sign-in', {
      email: 'editor@test.example',
      password: TEST_PASSWORD,
      next: '//evil.example/',
    });
    expect(elsewhere.status).toBe(403); // no token read yet: refused before anything else
    const other = await web.client();
    await other.get('/sign-in');
    expect(
      (await other.post('/sign-in', { email: 'editor@test.example', password: TEST_PASSWORD, next: '//evil.example/' })).location,
    ).toBe('/');
  });
});

describe('pages for what went wrong', () => {
  it('answers an unknown address with a 404 page in the layout, and sets the security headers', async () => {
    const web = await site();
    const client = await web.client('viewer');
    const response = await client.get('/no-such-page');
    expect(response.status).toBe(404);
    expect(response.html).toContain('Page not found');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves nhsuk-frontend images and scripts, and our stylesheet, without a session', async () => {
    const web = await site();
    for (const path of ['/assets/images/favicon.svg', '/assets/nhsuk-frontend.min.js', '/static/commsplan.css', '/static/app.js']) {
      const response = await fetch(new URL(path, web.url));
      await response.arrayBuffer();
      expect(response.status, path).toBe(200);
    }
    const outside = await fetch(`${web.url}/static/%2e%2e/%2e%2e/package.json`);
    expect(await outside.text()).not.toContain('"name": "commsplan"');
    expect(outside.status).toBe(404);
  });
});
