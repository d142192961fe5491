import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { loadConfig } from '../src/config.js';
import { axeViolations, launchBrowser } from './support/browser.js';
import { CLIENT_ID, CLIENT_SECRET, startTestProvider, TEST_TENANT, type TestProvider } from './support/openid-provider.js';
import { startTestSite, type TestSite } from './support/web-harness.js';

let browser: Browser;
let provider: TestProvider;
let site: TestSite;

const oidcConfig = (issuer: string) => ({ issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, tenantId: TEST_TENANT });

/** A site signed in through `provider`: started after the provider listens, which is then told the site's callback. */
async function siteFor(testProvider: TestProvider): Promise<TestSite> {
  const started = await startTestSite({ config: { oidc: oidcConfig(testProvider.url) } });
  testProvider.start(`${started.url}/sign-in/microsoft/callback`);
  return started;
}

beforeAll(async () => {
  [browser, provider] = await Promise.all([launchBrowser(), startTestProvider()]);
  site = await siteFor(provider);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await provider?.close();
});

const webAuditLines = async (testSite: TestSite) =>
  (await listAuditEntries(testSite.store.db, testSite.organisation.id))
    .filter((entry) => entry.subject === 'web')
    .map((entry) => `${entry.action} ${entry.actor} ${entry.detail}`);

/** From commsplan's sign-in page through the provider's sign-in and consent forms; stops back at commsplan. */
async function signInWithProvider(page: Page, login: string, startAt = '/'): Promise<void> {
  await throughProvider(page, login, startAt);
  await page.waitForURL(`${site.url}/**`);
}

/** As far as pressing Continue on the provider's consent form. */
async function throughProvider(page: Page, login: string, startAt: string): Promise<void> {
  await page.goto(startAt);
  await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
  await page.waitForURL(`${provider.url}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the test provider accepts all');
  await page.locator('button[type="submit"]').click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

async function newPage(baseURL = site.url, bypassCSP = false): Promise<Page> {
  const context = await browser.newContext({ baseURL, bypassCSP });
  // The provider's development pages load a web font from Google, which cannot be reached here.
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return context.newPage();
}

describe('sign-in with Microsoft (OpenID Connect, against a real provider)', () => {
  it('signs in a person whose address has a commsplan account, with their commsplan role, back where they were going', async () => {
    const page = await newPage();
    await signInWithProvider(page, 'editor', '/settings');
    expect(new URL(page.url()).pathname).toBe('/settings');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Settings');
    expect(await page.content()).toContain('editor@test.example (Editor)');
    expect((await webAuditLines(site)).at(-1)).toBe('signed-in editor@test.example with Microsoft from 127.0.0.1');
    await page.context().close();
  });

  it('takes the address from the email claim before preferred_username', async () => {
    const page = await newPage();
    await signInWithProvider(page, 'viewer-with-email');
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.content()).toContain('viewer@test.example (Viewer)');
    await page.context().close();
  });

  it('refuses someone the provider knows but commsplan does not, with a page that says what to do, and logs it', async () => {
    const page = await newPage();
    const before = (await webAuditLines(site)).length;
    await signInWithProvider(page, 'stranger');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('You do not have a commsplan account');
    expect(await page.content()).toContain('stranger@elsewhere.example');
    expect((await page.goto('/'))?.url()).toContain('/sign-in');
    expect((await webAuditLines(site)).slice(before)).toEqual([
      'sign-in-refused stranger@elsewhere.example with Microsoft from 127.0.0.1: no commsplan account has this address',
    ]);
    await page.context().close();
  });

  it('has no accessibility problems on the sign-in page with Microsoft offered, or on the refusal pages', async () => {
    const page = await newPage(site.url, true);
    await page.goto('/sign-in');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto('/sign-in/microsoft/callback?code=x&state=y');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in with Microsoft did not work');
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('refuses an account from another tenant, even with an address that has a commsplan account', async () => {
    const page = await newPage();
    const before = (await webAuditLines(site)).length;
    await signInWithProvider(page, 'other-tenant');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in with Microsoft did not work');
    expect((await page.goto('/'))?.url()).toContain('/sign-in');
    const lines = (await webAuditLines(site)).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sign-in-refused admin@test\.example with Microsoft .*tenant 99999999-8888-7777-6666-555555555555/);
    await page.context().close();
  });

  it('refuses an answer meant for another browser (state mismatch): a forced sign-in signs nobody in', async () => {
    // The attacker signs in at the provider and keeps the address it sends them back to...
    const attacker = await newPage();
    let stolenCallback = '';
    // Playwright does not route redirects, so the provider's answer to each form is followed by
    // hand, and the way back to commsplan is kept instead of followed.
    await attacker.route(
      (url) => url.origin === provider.url,
      async (route) => {
        if (route.request().method() !== 'POST') return route.continue();
        const resume = (await route.fetch({ maxRedirects: 0 })).headers().location ?? '';
        const next = await attacker.context().request.get(new URL(resume, provider.url).href, { maxRedirects: 0 });
        const target = new URL(next.headers().location ?? '', provider.url);
        if (target.pathname !== '/sign-in/microsoft/callback') return route.fulfill({ status: 303, headers: { location: target.href } });
        stolenCallback = target.href;
        return route.abort();
      },
    );
    await throughProvider(attacker, 'editor', '/sign-in');
    await expect.poll(() => stolenCallback).toContain('code=');
    // ...and gets the victim, who has started a sign-in of their own, to open it.
    const victim = await newPage();
    await victim.goto('/sign-in');
    await victim.getByRole('button', { name: 'Sign in with Microsoft' }).click();
    await victim.waitForURL(`${provider.url}/**`);
    const before = (await webAuditLines(site)).length;
    const response = await victim.goto(stolenCallback);
    expect(response?.status()).toBe(403);
    expect(await victim.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in with Microsoft did not work');
    expect((await victim.goto('/'))?.url()).toContain('/sign-in');
    const lines = (await webAuditLines(site)).slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sign-in-refused \(not identified\) with Microsoft from 127\.0\.0\.1: .*state/);
    // Without any sign-in started in the browser, the same address is refused too.
    const fresh = await newPage();
    expect((await fresh.goto(stolenCallback))?.status()).toBe(403);
    await Promise.all([attacker.context().close(), victim.context().close(), fresh.context().close()]);
  });

  it('refuses a provider whose discovery document names another issuer', async () => {
    const impostor = await startTestProvider({ posingAs: provider.issuer });
    const impostorSite = await siteFor(impostor);
    try {
      const page = await newPage(impostorSite.url);
      await page.goto('/sign-in');
      await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign-in with Microsoft is not working at the moment');
      expect(new URL(page.url()).host).toBe(new URL(impostorSite.url).host);
      await page.context().close();
    } finally {
      await impostorSite.close();
      await impostor.close();
    }
  });

  it('offers only the password form when sign-in with Microsoft is not configured', async () => {
    const plain = await startTestSite();
    try {
      const client = await plain.client();
      expect((await client.get('/sign-in')).html).not.toContain('Sign in with Microsoft');
      expect((await client.get('/sign-in/microsoft')).status).toBe(404);
      expect((await client.get('/sign-in/microsoft/callback?code=x&state=y')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

describe('configuration of sign-in with Microsoft', () => {
  const entra = {
    COMMSPLAN_OIDC_ISSUER: `https://login.microsoftonline.com/${TEST_TENANT}/v2.0`,
    COMMSPLAN_OIDC_CLIENT_ID: 'app-id',
    COMMSPLAN_OIDC_CLIENT_SECRET: 'secret',
  };

  it('takes the tenant from an Entra ID issuer unless one is given', () => {
    expect(loadConfig(entra).web.oidc?.tenantId).toBe(TEST_TENANT);
    expect(loadConfig({ ...entra, COMMSPLAN_OIDC_TENANT_ID: 'other' }).web.oidc?.tenantId).toBe('other');
    expect(loadConfig({}).web.oidc).toBeUndefined();
  });

  it('names every missing setting when only some are given', () => {
    expect(() => loadConfig({ COMMSPLAN_OIDC_ISSUER: entra.COMMSPLAN_OIDC_ISSUER })).toThrow(
      /COMMSPLAN_OIDC_CLIENT_ID[\s\S]*COMMSPLAN_OIDC_CLIENT_SECRET/,
    );
  });
});
