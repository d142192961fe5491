import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliIn, FIXED_NOW } from './support/cli-harness.js';
import { type DovecotServer, startDovecot } from './support/dovecot-server.js';
import { insertSender, messageKeyFor, queueMessages, sendingWorkspace } from './support/outbox-rows.js';

const MAILBOX = { user: 'nhsmail.project@eastbrook.nhs.uk', password: 'correct horse battery staple' };
const FIXTURES = join(import.meta.dirname, 'fixtures/bounces');
const member = (n: number) => `staff.member${String(n).padStart(4, '0')}@eastbrook.nhs.uk`;
const keyOf = (n: number) => messageKeyFor('test-note', member(n));

/** A fixture filled in for the message sent to member `n` (or for no one), with the line ends IMAP wants. */
function report(file: string, n?: number): string {
  const text = readFileSync(join(FIXTURES, file), 'utf8');
  const filled = n === undefined ? text : text.replaceAll('{{RECIPIENT}}', member(n)).replaceAll('{{MESSAGE_ID}}', `${keyOf(n)}@commsplan`);
  return filled.replace(/\r?\n/g, '\r\n');
}

/** Which report comes back for whom: each person's message and what should become of it. */
const ARRIVING = [
  { file: 'exchange-online-5.1.10.eml', person: 1, kind: 'permanent', status: '5.1.10', state: 'bounced' },
  { file: 'exchange-online-5.1.1.eml', person: 2, kind: 'permanent', status: '5.1.1', state: 'bounced' },
  { file: 'exchange-delay-4.4.7.eml', person: 3, kind: 'temporary', status: '4.4.7', state: 'sent' },
  { file: 'postfix-5.1.1.eml', person: 4, kind: 'permanent', status: '5.1.1', state: 'bounced' },
  { file: 'exchange-server-text.eml', person: 5, kind: 'permanent', status: '5.1.1', state: 'bounced' },
] as const;

async function workspaceWithSentMessages() {
  const workspace = await sendingWorkspace();
  const { store, orgId, dir } = workspace;
  await insertSender(store, orgId, { name: 'nhsmail', folder: join(dir, 'mail') });
  await queueMessages(store, orgId, { occurrenceKey: 'test-note', senderName: 'nhsmail', count: 6 });
  await store.db
    .updateTable('outbox')
    .set({ state: 'sent', sent_at: FIXED_NOW.toISOString(), attempts: 1 })
    .where('org_id', '=', orgId)
    .execute();
  const rows = Array.from({ length: 6 }, (_, i) => `${member(i + 1)},"Member, ${i + 1}",UserMailbox`);
  writeFileSync(join(dir, 'Mailboxes.csv'), `PrimarySmtpAddress,DisplayName,RecipientTypeDetails\n${rows.join('\n')}\n`);
  const run = cliIn(dir);
  expect((await run({}, 'import', 'auto', 'Mailboxes.csv')).code).toBe(0);
  const states = async () => {
    const rows = await store.db
      .selectFrom('outbox')
      .select(['recipient', 'state', 'last_error'])
      .where('org_id', '=', orgId)
      .orderBy('recipient')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.recipient, row.state]));
  };
  const rowsIn = async (table: 'bounces' | 'audit_log') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const counts = async () => ({
    bounces: await rowsIn('bounces'),
    audit: await rowsIn('audit_log'),
    outbox: JSON.stringify(await states()),
  });
  return { ...workspace, run, states, counts };
}

const OAUTH2 = {
  tenant: '8f3c5a1e-2b4d-4c6e-9a0b-1c2d3e4f5a6b',
  clientId: '0a1b2c3d-4e5f-4a6b-8c9d-0e1f2a3b4c5d',
  secret: 'client-secret-1',
};

/**
 * A token endpoint (client credentials, as Microsoft's) and the RFC 7662 introspection endpoint
 * Dovecot asks whether a token is good: one token, for the project mailbox.
 */
async function startTokenServer() {
  const seen = { tokens: 0, introspections: 0 };
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const form = new URLSearchParams(body);
      response.setHeader('content-type', 'application/json');
      if (request.url === '/token') {
        seen.tokens += 1;
        if (form.get('client_secret') !== OAUTH2.secret || form.get('client_id') !== OAUTH2.clientId) {
          response.statusCode = 401;
          return response.end(
            JSON.stringify({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' }),
          );
        }
        return response.end(JSON.stringify({ access_token: 'eyJ0eXAi.mailbox-token', token_type: 'Bearer', expires_in: 3599 }));
      }
      seen.introspections += 1;
      const active = form.get('token') === 'eyJ0eXAi.mailbox-token';
      response.end(JSON.stringify(active ? { active: 'true', username: MAILBOX.user } : { active: 'false' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('bounces read from a real IMAP mailbox (Dovecot)', () => {
  let dovecot: DovecotServer;
  let tokens: Awaited<ReturnType<typeof startTokenServer>>;
  let workspace: Awaited<ReturnType<typeof workspaceWithSentMessages>>;
  const env = { NHSMAIL_IMAP_PASSWORD: MAILBOX.password };
  const imap = () =>
    new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: MAILBOX.user, pass: MAILBOX.password },
      logger: false,
    });
  const signInToMailboxAt = (address: string, ...options: string[]) =>
    workspace.run(
      {},
      'sender',
      'set',
      'nhsmail',
      '--imap',
      address,
      '--imap-security',
      'none',
      '--imap-user',
      MAILBOX.user,
      '--imap-password-env',
      'NHSMAIL_IMAP_PASSWORD',
      ...options,
    );
  const append = async (...messages: string[]) => {
    const client = imap();
    await client.connect();
    for (const message of messages) await client.append('INBOX', message);
    await client.logout();
  };

  beforeAll(async () => {
    tokens = await startTokenServer();
    dovecot = await startDovecot([MAILBOX], { oauth2IntrospectionUrl: `${tokens.url}/introspect` });
    workspace = await workspaceWithSentMessages();
  }, 30_000);
  afterAll(async () => {
    await dovecot?.stop();
    await tokens?.stop();
    await workspace?.store.close();
    workspace?.cleanup();
  });

  it('refuses a mailbox with no sign-in to reuse, and one that is set, with every problem named', async () => {
    const { run } = workspace;
    const bad = await run({}, 'sender', 'set', 'nhsmail', '--imap', '127.0.0.1:99999', '--imap-security', 'none');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a number from 1 to 65535');
    expect(bad.stderr).toContain('has no sign-in to reuse');
    const good = await signInToMailboxAt(`127.0.0.1:${dovecot.port}`);
    expect(good.stderr).toBe('');
    expect(good.stdout).toContain(`reads its non-delivery reports from 127.0.0.1:${dovecot.port} (none), folder INBOX`);
    const senders = JSON.parse((await run({}, 'sender', 'list', '--json')).stdout) as { name: string; reportsFrom?: string }[];
    expect(senders.find((s) => s.name === 'nhsmail')?.reportsFrom).toBe(`127.0.0.1:${dovecot.port} (none), folder INBOX`);
  });

  it('says clearly when the mailbox refuses the sign-in or cannot be reached, and changes nothing', async () => {
    const { run, counts } = workspace;
    await append(report('exchange-online-5.1.1.eml', 2));
    const before = await counts();
    const refused = await run({ NHSMAIL_IMAP_PASSWORD: 'wrong password' }, 'bounces', 'fetch', 'nhsmail');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/refused the sign-in for nhsmail\.project@eastbrook\.nhs\.uk.*Nothing was recorded\./);
    const unset = await run({}, 'bounces', 'fetch', 'nhsmail');
    expect(unset.code).toBe(5);
    expect(unset.stderr).toContain('the environment variable NHSMAIL_IMAP_PASSWORD, which should hold the password');
    expect(await counts()).toEqual(before);
    expect((await signInToMailboxAt('127.0.0.1:1')).code).toBe(0);
    const beforeUnreachable = await counts();
    const unreachable = await run(env, 'bounces', 'fetch', 'nhsmail');
    expect(unreachable.code).toBe(5);
    expect(unreachable.stderr).toContain('nothing answered at 127.0.0.1:1 (connection refused)');
    expect(await counts()).toEqual(beforeUnreachable);
    const folderSet = await signInToMailboxAt(`127.0.0.1:${dovecot.port}`, '--imap-folder', 'Bounces');
    expect(folderSet.code).toBe(0);
    const beforeNoFolder = await counts();
    const noFolder = await run(env, 'bounces', 'fetch', 'nhsmail');
    expect(noFolder.code).toBe(5);
    expect(noFolder.stderr).toContain(`${MAILBOX.user} has no folder "Bounces" on 127.0.0.1`);
    expect(await counts()).toEqual(beforeNoFolder);
    const unknown = await run(env, 'bounces', 'fetch', 'nobody');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no sender called nobody');
    expect((await signInToMailboxAt(`127.0.0.1:${dovecot.port}`)).code).toBe(0);
  });

  it('records each report against the message it reports on, person by person, and keeps the one that matches nothing', async () => {
    const { run, states } = workspace;
    // Read once now, so the people table is up to date and the bounces below must update it in place.
    expect(JSON.parse((await run({}, 'audience', 'show', 'bounced', '--json')).stdout).people).toEqual([]);
    // The 5.1.1 report for member 2 is already in the mailbox from the test before.
    await append(
      report('exchange-online-5.1.10.eml', 1),
      report('exchange-delay-4.4.7.eml', 3),
      report('postfix-5.1.1.eml', 4),
      report('exchange-server-text.eml', 5),
      report('unmatched-5.2.2.eml'),
      report('reply-not-a-report.eml', 6),
    );
    const fetched = await run(env, 'bounces', 'fetch', 'nhsmail');
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    expect(fetched.stdout).toContain('Read 7 new messages');
    expect(fetched.stdout).toContain(
      'Recorded 6 bounces: 5 permanent, 1 temporary; 4 messages now bounced; 1 matched no message (kept and listed).',
    );
    expect(fetched.stdout).toContain(`  ${member(1)}: permanent 5.1.10 (message now bounced)`);
    expect(fetched.stdout).toContain(`  ${member(3)}: temporary 4.4.7 (message left as it was)`);
    expect(fetched.stdout).toContain('  pat.jones@partner-trust.nhs.uk: permanent 5.2.2 (matches no message)');
    expect(fetched.stdout).toContain('1 message ignored: not delivery reports.');
    expect(fetched.stdout).toContain('"Re: Your move to NHSmail, Member 6" (not a delivery report)');

    const listed = JSON.parse((await run({}, 'bounces', '--json')).stdout) as {
      total: number;
      unmatched: number;
      bounces: { address: string; kind: string; status: string; messageKey?: string; messageState?: string; reason: string }[];
    };
    expect(listed.total).toBe(6);
    expect(listed.unmatched).toBe(1);
    for (const expected of ARRIVING) {
      const bounce = listed.bounces.find((b) => b.address === member(expected.person));
      expect(bounce, `${expected.file} for ${member(expected.person)}`).toMatchObject({
        kind: expected.kind,
        status: expected.status,
        messageKey: keyOf(expected.person),
        messageState: expected.state,
      });
    }
    expect(listed.bounces.find((b) => b.address === 'pat.jones@partner-trust.nhs.uk')).toMatchObject({
      kind: 'permanent',
      status: '5.2.2',
    });
    expect(listed.bounces.find((b) => b.address === 'pat.jones@partner-trust.nhs.uk')?.messageKey).toBeUndefined();
    expect(await states()).toEqual({
      [member(1)]: 'bounced',
      [member(2)]: 'bounced',
      [member(3)]: 'sent',
      [member(4)]: 'bounced',
      [member(5)]: 'bounced',
      [member(6)]: 'sent',
    });
    const outbox = JSON.parse((await run({}, 'outbox', '--status', 'bounced', '--json')).stdout) as {
      total: number;
      messages: { lastError: string }[];
    };
    expect(outbox.total).toBe(4);
    expect(outbox.messages.map((m) => m.lastError)).toContain('bounced: 5.1.1 550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found');
    const text = (await run({}, 'bounces')).stdout;
    expect(text).toContain('matches no message');
    expect(text).toContain('1 bounce matched no message commsplan sent; they are kept and listed.');
  });

  it('marks the reports seen and leaves people’s own messages unread', async () => {
    const client = imap();
    await client.connect();
    const lock = await client.getMailboxLock('INBOX');
    const flags: Record<string, boolean> = {};
    for await (const message of client.fetch('1:*', { envelope: true, flags: true }))
      flags[message.envelope?.subject ?? ''] = message.flags?.has('\\Seen') ?? false;
    lock.release();
    await client.logout();
    expect(flags['Re: Your move to NHSmail, Member 6']).toBe(false);
    expect(flags['Undeliverable: Your move to NHSmail, Member 1']).toBe(true);
    expect(flags['Undelivered Mail Returned to Sender']).toBe(true);
    expect(Object.values(flags).filter(Boolean)).toHaveLength(7 - 1);
  });

  it('records nothing twice: fetching again reads nothing new, and a report that arrives twice is recognised', async () => {
    const { run, counts } = workspace;
    const before = await counts();
    const again = await run(env, 'bounces', 'fetch', 'nhsmail');
    expect(again.stdout).toContain('Read 0 new messages');
    expect(again.stdout).toContain('Recorded 0 bounces');
    await append(report('postfix-5.1.1.eml', 4));
    const duplicate = await run(env, 'bounces', 'fetch', 'nhsmail');
    expect(duplicate.stdout).toContain('Read 1 new message ');
    expect(duplicate.stdout).toContain('1 report had been recorded before: nothing new.');
    const after = await counts();
    expect(after.bounces).toBe(before.bounces);
    expect(after.outbox).toBe(before.outbox);
  });

  it('puts people whose address bounced permanently in the bounced audience and in check, and logs each bounce', async () => {
    const { run } = workspace;
    const audience = JSON.parse((await run({}, 'audience', 'show', 'bounced', '--json')).stdout) as { people: { email: string }[] };
    expect(audience.people.map((p) => p.email)).toEqual([member(1), member(2), member(4), member(5)]);
    const check = await run({}, 'check', '--json');
    const findings = JSON.parse(check.stdout) as { findings: { code: string; severity: string; message: string }[] };
    const bounced = findings.findings.find((f) => f.code === 'addresses-bounced');
    expect(bounced?.severity).toBe('warning');
    expect(bounced?.message).toContain(`4 addresses have bounced permanently`);
    expect(bounced?.message).toContain(`${member(1)} (550 5.1.10 RESOLVER.ADR.RecipientNotFound`);
    expect(bounced?.message).not.toContain('pat.jones');
    const log = JSON.parse((await run({}, 'log', '--json')).stdout) as { entries: { action: string; subject: string; detail: string }[] };
    expect(log.entries.filter((e) => e.action === 'bounce-permanent').map((e) => e.subject)).toEqual(
      expect.arrayContaining([member(1), member(2), member(4), member(5), 'pat.jones@partner-trust.nhs.uk']),
    );
    expect(log.entries.find((e) => e.action === 'bounce-temporary')?.detail).toContain('(left sent)');
    expect(log.entries.some((e) => e.action === 'bounces-fetched')).toBe(true);
  });

  it("signs in to the mailbox with the sender's OAuth2 client (XOAUTH2), and says so when the client secret is refused", async () => {
    const { run, counts } = workspace;
    const added = await run(
      {},
      'sender',
      'add',
      'nhsmail-oauth',
      '--smtp',
      '127.0.0.1:2525',
      '--security',
      'none',
      '--from',
      MAILBOX.user,
      '--oauth2-tenant',
      OAUTH2.tenant,
      '--oauth2-client-id',
      OAUTH2.clientId,
      '--oauth2-secret-env',
      'NHSMAIL_CLIENT_SECRET',
      '--oauth2-token-url',
      `${tokens.url}/token`,
      '--no-check',
    );
    expect(added.stderr).toBe('');
    expect((await run({}, 'sender', 'set', 'nhsmail-oauth', '--imap', `127.0.0.1:${dovecot.port}`, '--imap-security', 'none')).code).toBe(
      0,
    );
    const before = await counts();
    const refused = await run({ NHSMAIL_CLIENT_SECRET: 'wrong' }, 'bounces', 'fetch', 'nhsmail-oauth');
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('the OAuth2 token endpoint refused the client credentials: invalid_client');
    expect(await counts()).toEqual(before);
    const fetched = await run({ NHSMAIL_CLIENT_SECRET: OAUTH2.secret }, 'bounces', 'fetch', 'nhsmail-oauth');
    expect(fetched.stderr).toBe('');
    expect(fetched.code).toBe(0);
    // A second sender reading the same mailbox reads it all, and finds every report recorded already.
    expect(fetched.stdout).toContain('Read 8 new messages');
    expect(fetched.stdout).toContain('7 reports had been recorded before: nothing new.');
    expect(tokens.seen.introspections).toBeGreaterThan(0);
    expect((await counts()).bounces).toBe(before.bounces);
  });

  it('keeps bounced people flagged when the people table is rebuilt after an import', async () => {
    const { run } = workspace;
    expect((await run({}, 'import', 'auto', 'Mailboxes.csv')).code).toBe(0);
    const audience = JSON.parse((await run({}, 'audience', 'show', 'bounced', '--json')).stdout) as { people: { email: string }[] };
    expect(audience.people).toHaveLength(4);
  });
});

describe('bounces imported from saved .eml files', () => {
  it('records saved reports as a fetch would, ignores and counts what is not a report, and never records one twice', async () => {
    const workspace = await workspaceWithSentMessages();
    const { run, dir, states, counts } = workspace;
    try {
      writeFileSync(join(dir, 'ndr-1.eml'), report('exchange-online-5.1.10.eml', 1));
      writeFileSync(join(dir, 'delay-3.eml'), report('exchange-delay-4.4.7.eml', 3));
      writeFileSync(join(dir, 'receipt.eml'), report('read-receipt.eml', 6));
      const first = await run({}, 'bounces', 'import', 'ndr-1.eml', 'delay-3.eml', 'receipt.eml');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('Recorded 2 bounces: 1 permanent, 1 temporary; 1 message now bounced; 0 matched no message');
      expect(first.stdout).toContain(
        'file:receipt.eml: "Read: Your move to NHSmail, Member 6" (a disposition-notification report, not a delivery report)',
      );
      expect((await states())[member(1)]).toBe('bounced');
      expect((await states())[member(3)]).toBe('sent');
      const before = await counts();
      const again = await run({}, 'bounces', 'import', 'ndr-1.eml', 'delay-3.eml');
      expect(again.stdout).toContain('2 reports had been recorded before: nothing new.');
      expect(await counts()).toEqual(before);
      const missing = await run({}, 'bounces', 'import', 'ndr-1.eml', 'nowhere.eml');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('nowhere.eml cannot be read');
      expect(await counts()).toEqual(before);
    } finally {
      await workspace.store.close();
      workspace.cleanup();
    }
  });
});
