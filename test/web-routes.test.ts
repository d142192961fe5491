import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, roleAllows } from '../src/accounts/role.js';
import { appendAuditEntry } from '../src/audit/audit-log.store.js';
import { buildWebApp } from '../src/web/build-web-app.js';
import type { RouteRule } from '../src/web/route-rule.js';
import { ROUTES } from '../src/web/routes.js';
import { SYSTEM_PORTS } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

/** A concrete address for a route path: every `:param` becomes `example`. */
const addressOf = (rule: RouteRule) => rule.path.replace(/:[^/]+/g, 'example');
const label = (rule: RouteRule) => `${rule.method} ${rule.path}`;

/**
 * Routes for each role that write to the audit log when they run, added to the real table so
 * that every role rule is exercised (and a refusal that still wrote something would show).
 */
const writesAuditLine: RouteRule['handler'] = async (request, reply, web) => {
  await appendAuditEntry(web.store.db, web.organisation.id, { at: 'x', actor: 'test', action: 'ran', subject: request.url, detail: '' });
  return reply.redirect('/', 303);
};
const EXAMPLE_ROUTES: RouteRule[] = ROLES.flatMap((role) => [
  {
    method: 'GET',
    path: `/example/${role}`,
    access: role,
    changesData: false,
    handler: async (_request, reply) => reply.page('error.njk', { pageTitle: role }),
  },
  { method: 'POST', path: `/example/${role}/:id`, access: role, changesData: true, handler: writesAuditLine },
]);
const TABLE = [...ROUTES, ...EXAMPLE_ROUTES];

let site: TestSite;
const dependencies = () => ({
  store: site.store,
  organisation: site.organisation,
  config: { sessionIdleMinutes: 30, signInAttemptsPerMinute: 10 },
  now: () => new Date(0),
  cwd: site.dir,
  ...SYSTEM_PORTS,
  sessionSecret: 'x'.repeat(40),
});
beforeAll(async () => {
  site = await startTestSite({ routes: TABLE });
});
afterAll(async () => site?.close());

describe('the route table', () => {
  it('marks every POST as changing data and no GET, except a GET that says why (the sign-in callback)', () => {
    for (const rule of ROUTES.filter((row) => !row.getChangesDataBecause))
      expect(rule.changesData, label(rule)).toBe(rule.method !== 'GET');
    const exceptions = ROUTES.filter((row) => row.getChangesDataBecause).map(label);
    expect(exceptions).toEqual(['GET /sign-in/microsoft/callback']);
  });

  it('refuses to build an app whose GET changes data without saying why, or with a reason on a POST', async () => {
    const rule = ROUTES[0] as RouteRule;
    await expect(buildWebApp(dependencies(), [{ ...rule, changesData: true, getChangesDataBecause: ' ' }])).rejects.toThrow(
      /only for a GET/,
    );
    const post = ROUTES.find((row) => row.method === 'POST') as RouteRule;
    await expect(buildWebApp(dependencies(), [{ ...post, getChangesDataBecause: 'no' }])).rejects.toThrow(/only for a GET/);
  });

  it('lists each method and path once', () => {
    const keys = ROUTES.map(label);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses to build an app with a GET that claims to change data, or a POST that claims not to', async () => {
    const rule = ROUTES[0] as RouteRule;
    await expect(buildWebApp(dependencies(), [{ ...rule, changesData: true }])).rejects.toThrow(/must not change data/);
  });

  it('refuses a route registered outside the table', async () => {
    const app = await buildWebApp(dependencies());
    expect(() => app.get('/sneaky', async () => 'no checks here')).toThrow(/not in the route table/);
    await app.close();
  });
});

describe.each(TABLE.filter((rule) => rule.access !== 'public'))('$method $path (for $access and above)', (rule) => {
  it('sends someone who is not signed in to sign in, and changes nothing', async () => {
    const before = await site.snapshot();
    const anonymous = await site.client();
    if (rule.method === 'GET') {
      const response = await anonymous.get(addressOf(rule));
      expect(response.status).toBe(303);
      expect(response.location).toMatch(/^\/sign-in\?next=/);
    } else {
      await anonymous.get('/sign-in');
      const response = await anonymous.post(addressOf(rule));
      expect(response.status).toBe(401);
      expect(response.html).toContain('You are signed out');
    }
    expect(await site.snapshot()).toBe(before);
  });

  it.each(ROLES)('answers %s as the table says', async (role) => {
    const client = await site.client(role);
    await client.get('/');
    const before = await site.snapshot();
    const response = rule.method === 'GET' ? await client.get(addressOf(rule)) : await client.post(addressOf(rule));
    if (roleAllows(role, rule.access as (typeof ROLES)[number])) {
      expect(response.status, `${role} on ${label(rule)}`).not.toBe(403);
    } else {
      expect(response.status, `${role} on ${label(rule)}`).toBe(403);
      expect(response.html).toContain('You cannot do this');
      expect(await site.snapshot()).toBe(before);
    }
  });
});

describe.each(TABLE.filter((rule) => rule.changesData && rule.method === 'POST'))('$method $path changes data, so it', (rule) => {
  const allowedRole = rule.access === 'public' ? undefined : rule.access;

  it('refuses a form without a CSRF token and changes nothing', async () => {
    const client = await site.client(allowedRole);
    await client.get(allowedRole ? '/' : '/sign-in');
    const before = await site.snapshot();
    const response = await client.post(
      addressOf(rule),
      { email: 'admin@test.example', password: 'correct horse battery staple' },
      { csrf: false },
    );
    expect(response.status).toBe(403);
    expect(response.html).toContain('This form has expired');
    expect(await site.snapshot()).toBe(before);
  });

  it('refuses a stale token (from another session) and a made-up one, and changes nothing', async () => {
    const other = await site.client(allowedRole);
    await other.get(allowedRole ? '/' : '/sign-in');
    const client = await site.client(allowedRole);
    await client.get(allowedRole ? '/' : '/sign-in');
    const before = await site.snapshot();
    for (const token of [other.lastCsrfToken, 'made-up-token', `${client.lastCsrfToken}x`]) {
      const response = await client.post(
        addressOf(rule),
        { email: 'admin@test.example', password: 'correct horse battery staple' },
        { csrf: token },
      );
      expect(response.status).toBe(403);
    }
    expect(await site.snapshot()).toBe(before);
  });
});

describe('HEAD requests', () => {
  it('go through the same guard as the GET they mirror', async () => {
    for (const path of ['/', '/settings', '/example/admin']) {
      const response = await fetch(new URL(path, site.url), { method: 'HEAD', redirect: 'manual' });
      expect(response.status, path).toBe(303);
    }
  });
});

describe('CSRF tokens and sessions', () => {
  it('makes the sign-in form stale once someone has signed in, and the signed-in forms stale after signing out', async () => {
    const client = await site.client();
    await client.get('/sign-in');
    const beforeSignIn = client.lastCsrfToken;
    expect((await client.post('/sign-in', { email: 'viewer@test.example', password: 'correct horse battery staple' })).status).toBe(303);
    await client.get('/sign-out');
    const signedInToken = client.lastCsrfToken;
    expect(signedInToken).not.toBe(beforeSignIn);
    expect((await client.post('/sign-out', {}, { csrf: beforeSignIn })).status).toBe(403);
    expect((await client.post('/sign-out', {}, { csrf: signedInToken })).status).toBe(303);
    expect((await client.get('/')).status).toBe(303);
  });
});
