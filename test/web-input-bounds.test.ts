import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { emailOf, startTestSite, TEST_PASSWORD, type TestSite } from './support/web-harness.js';

let web: TestSite;
beforeAll(async () => {
  web = await startTestSite();
});
afterAll(() => web.close());

describe('the web app bounds what people send it', () => {
  it('writes a sign-in attempt to the audit log without the control characters and line breaks typed with it', async () => {
    const client = await web.client();
    expect((await client.signIn('x\u001b]0;owned\u0007@test.example\r\nsigned-in admin', 'wrong password')).status).toBe(401);
    const entries = (await listAuditEntries(web.store.db, web.organisation.id)).filter((e) => e.action === 'sign-in-refused');
    expect(entries.map((e) => e.actor)).toEqual(['x]0;owned@test.example signed-in admin']);
  });

  it('writes a sign-in attempt to the audit log without the bidirectional-text controls typed with it', async () => {
    const client = await web.client();
    expect((await client.signIn('admin@t.nhs.uk\u202e\u2066x', 'wrong password')).status).toBe(401);
    const entries = (await listAuditEntries(web.store.db, web.organisation.id)).filter((e) => e.action === 'sign-in-refused');
    expect(entries.map((e) => e.actor)).toContain('admin@t.nhs.ukx');
  });

  it.each([
    ['/settings/org-name', { value: 'Evil\u001b]0;owned\u0007\u001b[2J Trust' }, 'Organisation name must be one line of plain text'],
    ['/settings/local-guidance-url', { value: 'https://x.example/\nfoo' }, 'Migration guidance page must be one line of plain text'],
    ['/waves', { 'start-day': '4', 'start-month': '9', 'start-year': '2027', name: 'RTL\u202eevil' }, 'holds a control character'],
  ])('refuses %s with a control character, with a 400 page that says why, changing nothing', async (path, fields, words) => {
    const client = await web.client('editor');
    await client.get(path === '/waves' ? '/waves' : path);
    const before = await web.snapshot();
    const refused = await client.post(path, fields);
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(words);
    expect(await web.snapshot()).toBe(before);
  });

  it.each([
    ['/café', '/caf%C3%A9'],
    ['/timeline?wave=Wave 1', '/'],
    ['/waves?wave=日本', '/waves?wave=%E6%97%A5%E6%9C%AC'],
    ['//evil.example/', '/'],
    ['/\\evil.example/', '/'],
    ['https://evil.example/', '/'],
  ])('after signing in, sends a person to %j as %j', async (next, location) => {
    const client = await web.client();
    await client.get(`/sign-in?next=${encodeURIComponent(next)}`);
    const signedIn = await client.post('/sign-in', { email: emailOf('viewer'), password: TEST_PASSWORD, next });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe(location);
    const again = await client.get(`/sign-in?next=${encodeURIComponent(next)}`);
    expect(again.status).toBe(303);
    expect(again.location).toBe(location);
  });

  it('refuses a wave name with a line break with a 400 page that says why', async () => {
    const client = await web.client('editor');
    await client.get('/waves');
    const refused = await client.post('/waves', { 'start-day': '4', 'start-month': '9', 'start-year': '2027', name: 'Wave\nNine' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('has a line break: a name must be one line');
  });

  it('refuses an audience filter 20,000 deep with a 400 page that says why', async () => {
    const client = await web.client('editor');
    await client.get('/audiences/new');
    for (const filter of [`${'('.repeat(20_000)}mobile${')'.repeat(20_000)}`, `${'not '.repeat(40)}mobile`]) {
      const refused = await client.post('/audiences/new', { name: 'deep', filter, action: 'count' });
      expect(refused.status).toBe(400);
      expect(refused.html).toMatch(/at most 10000 characters|nested more than 32 deep/);
    }
  });
});
