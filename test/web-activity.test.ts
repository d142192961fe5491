import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshAudienceCounts } from '../src/audiences/stored-audience-counts.js';
import { listAuditEntries } from '../src/audit/audit-log.store.js';
import { readOccurrenceStates } from '../src/plan/occurrence-states.store.js';
import { loadWorkspace } from '../src/plan/workspace.js';
import { cliIn } from './support/cli-harness.js';
import { startTestSite, type TestSite } from './support/web-harness.js';
import { addFolderSender, importStaff } from './support/web-plan-fixtures.js';

let site: TestSite;
beforeAll(async () => {
  site = await startTestSite();
  await importStaff(site, [
    { number: '20412345', first: 'Sam', last: 'Jones', email: 'sam.jones@northmoor-valley.example', wave: 'Wave 1' },
    {
      number: '20498765',
      first: '<script>alert(1)</script>',
      last: '=HYPERLINK("http://x")',
      email: 'ali.khan@northmoor-valley.example',
      wave: 'Wave 1',
    },
  ]);
  await addFolderSender(site, join(site.dir, 'mail'));
});
afterAll(async () => {
  await site?.close();
});

const templateOf = async (id: string) =>
  site.store.db.selectFrom('templates').select(['subject', 'body']).where('id', '=', id).executeTakeFirstOrThrow();
const stateOf = async (key: string) => (await readOccurrenceStates(site.store.db, site.organisation.id)).get(key)?.state ?? 'planned';

describe('the activity page', () => {
  it('shows the content, each placeholder and whether it is filled, and the occurrences', async () => {
    const viewer = await site.client('viewer');
    const page = await viewer.get('/activities/wave-reminder');
    expect(page.status).toBe(200);
    expect(page.html).toContain('Remind each wave in the week it moves');
    expect(page.html).toContain('((wave return date))');
    expect(page.html).toMatch(/\(\(helpdesk phone\)\)<\/td>\s*<td[^>]*>an organisation setting<\/td>[\s\S]*?Filled[\s\S]*?0113 496 0123/);
    expect(page.html).toMatch(/\(\(first name\)\)<\/td>\s*<td[^>]*>each person, when sent/);
    expect(page.html).toContain('data-testid="occurrence-Wave 1"');
    // A viewer is offered neither editing nor approval.
    expect(page.html).not.toContain('/activities/wave-reminder/templates/wave-reminder');
    expect(page.html).not.toContain('/activities/wave-reminder/approve');
  });

  it('fills the key messages with the settings and waves as the emails are, and says what to set for one not set yet', async () => {
    const viewer = await site.client('viewer');
    const keyMessagesOf = async (path: string) => {
      const { html } = await viewer.get(path);
      const start = html.indexOf('data-testid="key-messages"');
      return start < 0 ? '' : html.slice(start, html.indexOf('</div>', start));
    };
    const actionsRequired = await keyMessagesOf('/activities/detailed-actions');
    expect(actionsRequired).toContain('keep an eye on both your Northmoor Valley NHS Trust inbox');
    expect(actionsRequired).not.toContain('((');
    expect(await keyMessagesOf('/activities/month-3-all-staff')).toMatch(/Every wave and its dates: Wave 1, Saturday/);
    const packUrl = site.store.db.selectFrom('settings').selectAll().where('key', '=', 'information-pack-url');
    const saved = await packUrl.executeTakeFirstOrThrow();
    await site.store.db.deleteFrom('settings').where('key', '=', 'information-pack-url').execute();
    try {
      const draft = await keyMessagesOf('/activities/detailed-actions');
      expect(draft).not.toContain('((');
      expect(draft).toContain(
        'information pack: <mark class="cp-missing">not set yet: <a href="/settings#setting-information-pack-url">set Information pack</a></mark>',
      );
    } finally {
      await site.store.db.insertInto('settings').values(saved).execute();
    }
  });

  it('lays the preview out as headings and lists, and marks a yes-or-no setting not set yet instead of leaving a bare "-"', async () => {
    const viewer = await site.client('viewer');
    const previewOf = async (path: string) => {
      const { html } = await viewer.get(path);
      const start = html.indexOf('data-testid="preview"');
      return html.slice(start, html.indexOf('<h2', start));
    };
    const reminder = await previewOf('/activities/wave-reminder?person=sam.jones%40northmoor-valley.example');
    expect(reminder).toMatch(/<h3 class="nhsuk-heading-xs[^"]*">How to sign in<\/h3>/);
    expect(reminder).toMatch(/<li>On the NHS network, you are signed out after eight hours/);
    expect(reminder).not.toMatch(/---|(^|>)- /m);
    const deletedItems = site.store.db.selectFrom('settings').selectAll().where('key', '=', 'deleted-items-migrated');
    const saved = await deletedItems.executeTakeFirstOrThrow();
    await site.store.db.deleteFrom('settings').where('key', '=', 'deleted-items-migrated').execute();
    try {
      expect(await previewOf('/activities/detailed-actions')).toContain(
        '<li><mark class="cp-missing">missing: deleted items migrated</mark></li>',
      );
    } finally {
      await site.store.db.insertInto('settings').values(saved).execute();
    }
  });

  it('previews the email with missing values marked, then as a chosen person with their own values, escaped', async () => {
    const viewer = await site.client('viewer');
    const plain = await viewer.get('/activities/wave-reminder');
    expect(plain.html).toContain('<mark class="cp-missing">missing: first name</mark>');
    const asSam = await viewer.get('/activities/wave-reminder?person=sam.jones%40northmoor-valley.example');
    expect(asSam.html).toContain('Dear Sam,');
    expect(asSam.html).toContain('As sam.jones@northmoor-valley.example would see it.');
    expect(asSam.html).not.toContain('missing: first name');
    const asAli = await viewer.get('/activities/wave-reminder?person=ali.khan%40northmoor-valley.example');
    expect(asAli.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(asAli.html).not.toContain('<script>alert(1)');
    const nobody = await viewer.get('/activities/wave-reminder?person=nobody%40northmoor-valley.example');
    expect(nobody.status).toBe(200);
    expect(nobody.html).toContain('nobody@northmoor-valley.example is not in the directory.');
  });

  it('refuses a template edit with an unknown placeholder, shows it, and changes nothing', async () => {
    const editor = await site.client('editor');
    await editor.get('/activities/wave-reminder/templates/wave-reminder');
    const before = await site.snapshot();
    const response = await editor.post('/activities/wave-reminder/templates/wave-reminder', {
      subject: 'Your move this weekend',
      body: 'Dear ((first name)), ring ((helpdesk fone)).',
    });
    expect(response.status).toBe(400);
    expect(response.html).toContain('nhsuk-error-summary');
    expect(response.html).toContain('((helpdesk fone))');
    expect(response.html).toContain('Dear ((first name)), ring ((helpdesk fone)).');
    expect(await site.snapshot()).toBe(before);
  });

  it.each([
    [{ subject: 'Your move\u001b[2J', body: 'Dear ((first name)),\r\n\r\nSee you.' }, 'holds a control character: use letters'],
    [{ subject: 'Your move\u202e', body: 'Dear ((first name)).' }, 'holds a control character'],
    [{ subject: 'Your move', body: 'Dear ((first name)),\r\n\r\nSee\u0007 you\u202e.' }, 'The body holds a control character'],
  ])('refuses a template edit with a control character (%j), keeping line breaks allowed, and changes nothing', async (edit, words) => {
    const editor = await site.client('editor');
    await editor.get('/activities/wave-reminder/templates/wave-reminder');
    const before = await site.snapshot();
    const response = await editor.post('/activities/wave-reminder/templates/wave-reminder', edit);
    expect(response.status).toBe(400);
    expect(response.html.replace(/&quot;/g, '&#34;')).toContain(words);
    expect(await site.snapshot()).toBe(before);
  });

  it('approves as the signed-in approver, and a template edit withdraws that approval as the CLI does', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/wave-reminder');
    // Nobody is in Wave 2 yet: the approver confirms it goes anyway.
    const approved = await approver.post('/activities/wave-reminder/approve', { wave: 'Wave 2', anyway: 'yes' });
    expect(approved.status).toBe(303);
    expect(await stateOf('wave-reminder@2')).toBe('approved');
    const page = await approver.get('/activities/wave-reminder');
    expect(page.html).toMatch(
      /Approved, not sent yet<\/strong><br><span class="nhsuk-body-s">Approved by approver@test\.example, at 10am on 24 November 2026/,
    );

    const editor = await site.client('editor');
    await editor.get('/activities/wave-reminder/templates/wave-reminder');
    const saved = await editor.post('/activities/wave-reminder/templates/wave-reminder', {
      subject: 'Your email moves this weekend',
      body: 'Dear ((first name)),\r\n\r\nYou move with ((wave name)). Ring ((helpdesk phone)).',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/activities/wave-reminder?done=template&withdrawn=wave-reminder%402');
    expect(await templateOf('wave-reminder')).toEqual({
      subject: 'Your email moves this weekend',
      body: 'Dear ((first name)),\n\nYou move with ((wave name)). Ring ((helpdesk phone)).',
    });
    expect(await stateOf('wave-reminder@2')).toBe('planned');
    const log = await listAuditEntries(site.store.db, site.organisation.id, {});
    expect(log.map((e) => [e.actor, e.action, e.subject])).toEqual(
      expect.arrayContaining([
        ['approver@test.example', 'approved', 'wave-reminder@2'],
        ['editor@test.example', 'template-changed', 'wave-reminder'],
        ['editor@test.example', 'approval-withdrawn', 'wave-reminder@2'],
      ]),
    );
    const after = await editor.get(saved.location as string);
    expect(after.html).toContain('This email is no longer approved');
    expect(after.html).toMatch(/<li>wave-reminder for Wave 2<\/li>/);
  });

  it('takes back an approval, and pauses an approved email, as an approver from its row, audited; an editor may not', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/wave-reminder');
    expect((await approver.post('/activities/wave-reminder/approve', { wave: 'Wave 3', anyway: 'yes' })).status).toBe(303);
    const row = (await approver.get('/activities/wave-reminder')).html;
    const wave3 = row.slice(
      row.indexOf('data-testid="occurrence-Wave 3"'),
      row.indexOf('</tr>', row.indexOf('data-testid="occurrence-Wave 3"')),
    );
    expect(wave3).toContain('Take back the approval');
    expect(wave3).toContain('Pause sending');

    const editor = await site.client('editor');
    await editor.get('/activities/wave-reminder');
    expect((await editor.post('/activities/wave-reminder/approval', { action: 'unapprove', wave: 'Wave 3' })).status).toBe(403);
    expect(await stateOf('wave-reminder@3')).toBe('approved');

    const paused = await approver.post('/activities/wave-reminder/approval', { action: 'pause', wave: 'Wave 3' });
    expect(paused.location).toBe('/activities/wave-reminder?done=paused');
    expect(await stateOf('wave-reminder@3')).toBe('paused');
    expect((await approver.get(paused.location as string)).html).toContain('Sending is paused');

    const takenBack = await approver.post('/activities/wave-reminder/approval', { action: 'unapprove', wave: 'Wave 3' });
    expect(takenBack.location).toBe('/activities/wave-reminder?done=unapproved');
    expect(await stateOf('wave-reminder@3')).toBe('planned');
    expect((await approver.get(takenBack.location as string)).html).toContain('The approval is taken back');
    const log = await listAuditEntries(site.store.db, site.organisation.id, {});
    expect(log.filter((e) => e.subject === 'wave-reminder@3').map((e) => [e.actor, e.action])).toEqual(
      expect.arrayContaining([
        ['approver@test.example', 'paused'],
        ['approver@test.example', 'unapproved'],
      ]),
    );

    const refused = await approver.post('/activities/wave-reminder/approval', { action: 'unapprove', wave: 'Wave 3' });
    expect(refused.status).toBe(409);
    expect(refused.html).toMatch(/wave-reminder@3 is planned/);
    expect(refused.html).toContain('nhsuk-error-summary');
    expect((await approver.post('/activities/wave-reminder/approval', { action: 'cancel', wave: 'Wave 3' })).status).toBe(400);
  });

  it('refuses an approval to a viewer and an editor (403) with nothing changed', async () => {
    for (const role of ['viewer', 'editor'] as const) {
      const client = await site.client(role);
      await client.get('/activities/wave-reminder');
      const before = await site.snapshot();
      const response = await client.post('/activities/wave-reminder/approve', { wave: 'Wave 1' });
      expect(response.status).toBe(403);
      expect(await site.snapshot()).toBe(before);
    }
  });

  it('names the blockers when an approval is refused, as the CLI does', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/announcement');
    const before = await site.snapshot();
    const response = await approver.post('/activities/announcement/approve', {});
    expect(response.status).toBe(409);
    expect(response.html).toContain('cannot be approved');
    expect(await site.snapshot()).toBe(before);
  });

  it('sets owner and status as activity set does, and refuses an unknown status with nothing changed', async () => {
    const editor = await site.client('editor');
    await editor.get('/activities/posters-and-banners');
    const saved = await editor.post('/activities/posters-and-banners', {
      ownerName: 'Jane Smith',
      ownerEmail: 'jane.smith@example.nhs.uk',
      status: 'ready',
      sender: '',
    });
    expect(saved.status).toBe(303);
    const page = await editor.get('/activities/posters-and-banners');
    expect(page.html).toContain('Jane Smith &lt;jane.smith@example.nhs.uk&gt;');
    expect(page.html).toMatch(/data-testid="status">Ready/);
    const before = await site.snapshot();
    const refused = await editor.post('/activities/posters-and-banners', { ownerName: 'Someone else', status: 'finished', sender: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('Status &quot;finished&quot; is not known');
    expect(await site.snapshot()).toBe(before);
  });

  it('sends a test message for an approver to an address through the folder sender, marked as a test, and refuses a bad address', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/wave-reminder');
    const before = await site.snapshot();
    const bad = await approver.post('/activities/wave-reminder/send-test', { to: 'not an address', testPerson: '' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('&quot;not an address&quot; is not an email address: it needs exactly one @');
    const twoDots = await approver.post('/activities/wave-reminder/send-test', {
      to: 'priya..shah@northmoor-valley.example',
      testPerson: '',
    });
    expect(twoDots.status).toBe(400);
    expect(twoDots.html).toContain('&quot;priya..shah@northmoor-valley.example&quot; is not an email address: it contains');
    expect(await site.snapshot()).toBe(before);
    const sent = await approver.post('/activities/wave-reminder/send-test', {
      to: 'priya.shah@northmoor-valley.example',
      testPerson: 'sam.jones@northmoor-valley.example',
    });
    expect(sent.status).toBe(303);
    // The page it lands on says to whom it went and as whom; refreshing that page sends nothing more.
    for (let refresh = 0; refresh < 2; refresh++) {
      const landed = await approver.get(sent.location ?? '');
      expect(landed.html).toContain(
        'A test of ‘Remind each wave in the week it moves’ went to priya.shah@northmoor-valley.example, filled in as for Sam Jones.',
      );
    }
    const files = readdirSync(join(site.dir, 'mail')).filter((name) => name.endsWith('.eml'));
    expect(files).toHaveLength(1);
    expect((await listAuditEntries(site.store.db, site.organisation.id, {})).filter((e) => e.action === 'test-sent')).toHaveLength(1);
    const eml = readFileSync(join(site.dir, 'mail', files[0] as string), 'utf8');
    expect(eml).toMatch(/^Subject: \[TEST\] /m);
    expect(eml).toMatch(/^To: priya\.shah@northmoor-valley\.example/m);
    expect(eml).toContain('Dear Sam,');
    const log = await listAuditEntries(site.store.db, site.organisation.id, {});
    const sentEntry = log.find((e) => e.action === 'test-sent');
    expect(sentEntry).toMatchObject({ actor: 'approver@test.example', subject: 'wave-reminder' });
    expect(JSON.parse(sentEntry?.detail ?? '')).toEqual({
      to: 'priya.shah@northmoor-valley.example',
      sender: expect.any(String),
      messageId: expect.stringMatching(/^<test-.+@commsplan>$/),
    });
    const editor = await site.client('editor');
    await editor.get('/activities/wave-reminder');
    expect((await editor.post('/activities/wave-reminder/send-test', { to: 'priya.shah@northmoor-valley.example' })).status).toBe(403);
  });
});

describe('a change to what an approved email uses (issue 16, item 7)', () => {
  it('withdraws its approval when an editor changes a setting it uses, naming the email; only an approver may keep it', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/over-quota');
    expect((await approver.post('/activities/over-quota/approve', { anyway: 'yes' })).status).toBe(303);
    expect(await stateOf('over-quota')).toBe('approved');

    const editor = await site.client('editor');
    const form = await editor.get('/settings/helpdesk-phone');
    expect(form.html).not.toContain('name="keepApproval"');
    const before = await site.snapshot();
    const forged = await editor.post('/settings/helpdesk-phone', { value: '0113 496 0999', keepApproval: 'yes' });
    expect(forged.status).toBe(403);
    expect(forged.html).toContain('Only an approver can keep the approvals');
    expect(await site.snapshot()).toBe(before);

    const saved = await editor.post('/settings/helpdesk-phone', { value: '0113 496 0999' });
    expect(saved.location).toBe('/settings?changed=helpdesk-phone&withdrawn=over-quota');
    expect(await stateOf('over-quota')).toBe('planned');
    const banner = await editor.get(saved.location as string);
    expect(banner.html).toContain('This email is no longer approved');
    expect(banner.html).toContain('<li>over-quota</li>');
    const log = await listAuditEntries(site.store.db, site.organisation.id, {});
    expect(log.at(-1)).toMatchObject({
      actor: 'editor@test.example',
      action: 'approval-withdrawn',
      subject: 'over-quota',
      detail: 'over-quota: setting helpdesk-phone changed',
    });

    await approver.post('/activities/over-quota/approve', { anyway: 'yes' });
    expect((await approver.get('/settings/helpdesk-phone')).html).toContain('name="keepApproval"');
    const kept = await approver.post('/settings/helpdesk-phone', { value: '0113 496 0123', keepApproval: 'yes' });
    expect(kept.location).toBe('/settings?changed=helpdesk-phone&kept=over-quota');
    expect(await stateOf('over-quota')).toBe('approved');
    expect((await approver.get(kept.location as string)).html).toContain('You confirmed the change keeps the approval of');
    expect((await listAuditEntries(site.store.db, site.organisation.id, {})).at(-1)).toMatchObject({
      actor: 'approver@test.example',
      action: 'approval-kept',
      subject: 'over-quota',
    });
  });
});

describe('keeping an approval the email could not be given now (issue 16, item 7)', () => {
  it('withdraws the approval of an all-staff email whose template now asks for a personal field, even when an approver asks to keep it, and says why', async () => {
    const approver = await site.client('approver');
    await approver.get('/settings/all-staff-address');
    await approver.post('/settings/all-staff-address', { value: 'all.staff@northmoor-valley.example' });
    await approver.get('/activities/month-3-all-staff');
    expect((await approver.post('/activities/month-3-all-staff/approve', {})).status).toBe(303);
    expect(await stateOf('month-3-all-staff')).toBe('approved');

    const { subject, body } = await templateOf('month-3-all-staff');
    await approver.get('/activities/month-3-all-staff/templates/month-3-all-staff');
    const saved = await approver.post('/activities/month-3-all-staff/templates/month-3-all-staff', {
      subject,
      body: `Dear ((first name)),\r\n\r\n${body}`,
      keepApproval: 'yes',
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe('/activities/month-3-all-staff?done=template&withdrawn=month-3-all-staff&notKept=month-3-all-staff');
    expect(await stateOf('month-3-all-staff')).toBe('planned');
    const entry = (await listAuditEntries(site.store.db, site.organisation.id, {})).at(-1);
    expect(entry).toMatchObject({ actor: 'approver@test.example', action: 'approval-withdrawn', subject: 'month-3-all-staff' });
    expect(entry?.detail).toContain('the approval could not be kept, as it could not be approved now: it goes to all staff as one message');
    const page = await approver.get(saved.location as string);
    expect(page.html).toContain('This email is no longer approved');
    expect(page.html).toContain(
      'You asked to keep the approval, but an approval is never kept for an email that could not be approved as it is now',
    );
    expect(page.html).toContain('its template asks for ((first name))');
  });
  it("skips one wave's occurrence from its page as an editor, and turns catch-up off; a viewer may not", async () => {
    const viewer = await site.client('viewer');
    await viewer.get('/activities/wave-reminder');
    const before = await site.snapshot();
    expect((await viewer.post('/activities/wave-reminder/occurrence', { action: 'skip', wave: 'Wave 4' })).status).toBe(403);
    expect(await site.snapshot()).toBe(before);

    const editor = await site.client('editor');
    const page = await editor.get('/activities/wave-reminder');
    expect(page.html).toMatch(/Skip<span class="nhsuk-u-visually-hidden"> [^<]* for Wave 4<\/span>/);
    const skipped = await editor.post('/activities/wave-reminder/occurrence', { action: 'skip', wave: 'Wave 4' });
    expect(skipped.status).toBe(303);
    expect(skipped.location).toBe('/activities/wave-reminder?done=skipped');
    expect(await stateOf('wave-reminder@4')).toBe('skipped');
    expect(await stateOf('wave-reminder@3')).not.toBe('skipped');
    const again = await editor.post('/activities/wave-reminder/occurrence', { action: 'skip', wave: 'Wave 4' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('wave-reminder@4 is skipped, so it cannot become skipped. skipped is final.');

    const saved = await editor.post('/activities/wave-reminder', { owner: '', status: 'planned', sender: '', catchUp: 'no' });
    expect(saved.status).toBe(303);
    const row = await site.store.db.selectFrom('activities').select('catch_up').where('id', '=', 'wave-reminder').executeTakeFirstOrThrow();
    expect(Number(row.catch_up)).toBe(0);
    expect((await editor.get('/activities/wave-reminder')).html).toMatch(/<option value="no" selected>No<\/option>/);
  });
});

/** The error summary's text with its white space squeezed, or '' when the page has none. */
const errorSummaryOf = (html: string) => {
  const start = html.indexOf('class="nhsuk-error-summary"');
  return start < 0 ? '' : html.slice(start, html.indexOf('</ul>', start)).replace(/\s+/g, ' ');
};

describe('the activity page puts where it stands and what to do first (issue 20)', () => {
  it('refuses an owner whose email address is not one, on the page and from the CLI, saving nothing and naming the field', async () => {
    const editor = await site.client('editor');
    await editor.get('/activities/posters-and-banners');
    const before = await site.snapshot();
    const refused = await editor.post('/activities/posters-and-banners', {
      ownerName: 'Tom',
      ownerEmail: 'not an email',
      status: 'skipping',
      sender: '',
    });
    expect(refused.status).toBe(400);
    const summary = errorSummaryOf(refused.html);
    expect(summary).toContain('Nothing was saved.');
    expect(summary).toContain('href="#ownerEmail"');
    expect(summary).toContain('Enter the owner&#39;s email address in full');
    expect(summary).toContain('href="#status"');
    expect(refused.html).toMatch(/id="ownerEmail-error"[\s\S]*?Enter the owner&#39;s email address in full/);
    expect(refused.html).toContain('value="Tom"');
    expect(refused.html).toMatch(/<details class="nhsuk-details"\s+data-testid="change-details" open>/);
    expect(await site.snapshot()).toBe(before);

    const cli = await cliIn(site.dir)({}, 'activity', 'set', 'posters-and-banners', '--owner', 'Tom <not an email>');
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toContain("Enter the owner's email address in full");
    // The CLI's connection analyses the tables when it closes, so compare the owner itself.
    const row = await site.store.db
      .selectFrom('activities')
      .select('owner')
      .where('id', '=', 'posters-and-banners')
      .executeTakeFirstOrThrow();
    expect(row.owner).not.toContain('not an email');
  });

  it('keeps what was typed in every field of a refused test, with the error at the field that is wrong', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/wave-reminder');
    const before = await site.snapshot();
    const nobody = await approver.post('/activities/wave-reminder/send-test', {
      to: 'priya.shah@northmoor-valley.example',
      testPerson: 'no.such.person@northmoor-valley.example',
    });
    expect(nobody.status).toBe(400);
    expect(errorSummaryOf(nobody.html)).toContain(
      '<a href="#testPerson"> no.such.person@northmoor-valley.example is not in the directory.',
    );
    expect(nobody.html).toMatch(/id="testPerson-error"/);
    expect(nobody.html).not.toMatch(/id="to-error"/);
    expect(nobody.html).toMatch(/id="to" name="to" type="email" spellcheck="false" value="priya\.shah@northmoor-valley\.example"/);
    expect(nobody.html).toMatch(
      /id="testPerson" name="testPerson" type="email" spellcheck="false" value="no\.such\.person@northmoor-valley\.example"/,
    );
    const badAddress = await approver.post('/activities/wave-reminder/send-test', {
      to: 'priya.shah',
      testPerson: 'sam.jones@northmoor-valley.example',
    });
    expect(badAddress.status).toBe(400);
    expect(errorSummaryOf(badAddress.html)).toContain('<a href="#to">');
    expect(badAddress.html).toMatch(/id="to-error"/);
    expect(badAddress.html).toMatch(/id="testPerson"[^>]*value="sam\.jones@northmoor-valley\.example"/);
    expect(await site.snapshot()).toBe(before);
  });

  it('refuses an empty test address with the error summary on the activity page', async () => {
    const approver = await site.client('approver');
    await approver.get('/activities/wave-reminder');
    const empty = await approver.post('/activities/wave-reminder/send-test', { to: '', testPerson: '' });
    expect(empty.status).toBe(400);
    expect(errorSummaryOf(empty.html)).toContain('<a href="#to"> Enter the email address to send the test to. </a>');
    expect(empty.html).toContain('<h1 class="nhsuk-heading-l">Remind each wave in the week it moves</h1>');
  });

  it('says where the activity stands in words near the top, with the next approval, and the people each occurrence expects until queued', async () => {
    const workspace = await loadWorkspace(site.store.db, site.store.location, site.organisation.id);
    await refreshAudienceCounts(site.store, { orgId: site.organisation.id, settings: workspace.typedSettings, now: new Date() });
    const approver = await site.client('approver');
    const { html } = await approver.get('/activities/wave-reminder');
    const standing = html.indexOf('data-testid="standing"');
    expect(standing).toBeGreaterThan(0);
    expect(standing).toBeLessThan(html.indexOf('id="details"'));
    expect(html.indexOf('data-testid="approve-next"')).toBeLessThan(html.indexOf('id="templates"'));
    expect(html).toMatch(/data-testid="standing">(Not started: waiting for approval|Partly approved|Under way[^<]*)</);
    expect(html).toMatch(/data-testid="approve-next"[\s\S]*?Next to approve: [^<]*, Wave 1, 2 people expected\./);
    expect(html).toMatch(
      /data-testid="recipients-Wave 1">2<br><span class="nhsuk-body-s">expected: in its audience as counted at \d{1,2}(:\d\d)?(am|pm)/,
    );
    expect(html).toMatch(/data-testid="occurrence-Wave 1">[\s\S]*?<strong>Waiting for approval<\/strong>/);
    // Key messages and placeholders are folded away until asked for.
    expect(html).toMatch(
      /<details class="nhsuk-details">\s*<summary[^>]*>\s*<span class="nhsuk-details__summary-text">\s*Its placeholders/,
    );
  });
});
