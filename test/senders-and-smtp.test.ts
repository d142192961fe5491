import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeMime } from '../src/delivery/compose-mime.js';
import { type SmtpTransportDependencies, smtpTransport } from '../src/delivery/smtp-transport.js';
import type { OutgoingMessage } from '../src/senders/mail-transport.js';
import { clientCredentialsTokens, OUTLOOK_SCOPE } from '../src/senders/oauth2-token-request.js';
import { parseSenderOptions } from '../src/senders/parse-sender-options.js';
import type { SenderOptions, SmtpSenderDefinition } from '../src/senders/sender-config.js';
import type { Store } from '../src/store/store.js';
import { cliIn } from './support/cli-harness.js';
import { openTestStore } from './support/test-database.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const PASSWORD = 'correct horse battery staple';
const ACCOUNT = 'nhsmail.project@eastbrook.nhs.uk';

interface Received {
  from: string;
  to: string[];
  messageId: string;
  raw: string;
  secure: boolean;
}

/**
 * A real SMTP server on 127.0.0.1 that behaves by recipient: `unknown@` is refused (550),
 * `busy@` is deferred (451), `drop@` loses the connection mid-message and `slow@` answers
 * the end of the message late. Everything it accepts is kept, as it arrived.
 */
async function startSmtpServer(options: Partial<SMTPServerOptions> & { answerDelayMs?: number } = {}) {
  const received: Received[] = [];
  const signIns: SMTPServerAuthentication[] = [];
  const sockets = new Set<Socket>();
  const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });
  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    allowInsecureAuth: true,
    authOptional: true,
    closeTimeout: 100,
    logger: false,
    onAuth(auth, _session, callback) {
      signIns.push(auth);
      if (auth.method === 'XOAUTH2') return callback(null, { user: auth.username });
      if (auth.username === ACCOUNT && auth.password === PASSWORD) return callback(null, { user: auth.username });
      callback(smtpError(535, '5.7.3 Authentication unsuccessful [LO4P123CA0456.GBRP123.PROD.OUTLOOK.COM]'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('unknown@')) return callback(smtpError(550, '5.1.1 User unknown'));
      if (address.address.startsWith('busy@')) return callback(smtpError(451, '4.7.500 Server busy. Please try again later. (S77714)'));
      callback();
    },
    onData(stream, session, callback) {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      const chunks: Buffer[] = [];
      const drop = recipients.some((r) => r.startsWith('drop@'));
      stream.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (drop) for (const socket of sockets) socket.destroy();
      });
      stream.on('end', () => {
        if (drop) return;
        const raw = Buffer.concat(chunks).toString('utf8');
        const done = () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: recipients,
            messageId: /^Message-ID: (.*)$/im.exec(raw)?.[1]?.trim() ?? '',
            raw,
            secure: session.secure,
          });
          callback(null, 'Ok: queued as 4Fq2Lk1');
        };
        if (recipients.some((r) => r.startsWith('slow@'))) setTimeout(done, options.answerDelayMs ?? 1500);
        else done();
      });
    },
    ...options,
  });
  server.server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, signIns, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = (to: string, key: string): OutgoingMessage => ({
  messageId: `<${key}@commsplan>`,
  from: `NHSmail project <${ACCOUNT}>`,
  to: [to],
  subject: 'Moving to NHSmail: your mailbox moves on Saturday',
  html: '<p>Your mailbox moves on Saturday.</p>',
  text: 'Your mailbox moves on Saturday.\n',
});

const smtpSender = (port: number, extra: SenderOptions = {}): SmtpSenderDefinition =>
  parseSenderOptions('nhsmail-team', {
    smtp: `127.0.0.1:${port}`,
    security: 'none',
    from: `NHSmail project <${ACCOUNT}>`,
    user: ACCOUNT,
    passwordEnv: 'COMMSPLAN_SMTP_PASSWORD',
    ...extra,
  }) as SmtpSenderDefinition;

const WITH_PASSWORD = { COMMSPLAN_SMTP_PASSWORD: PASSWORD };
const transports: { close(): Promise<void> }[] = [];
const transportFor = (sender: SmtpSenderDefinition, dependencies: Partial<SmtpTransportDependencies> = {}) => {
  const transport = smtpTransport(sender, {
    env: WITH_PASSWORD,
    now: () => NOW,
    timeouts: { connectMs: 2000, answerMs: 2000 },
    ...dependencies,
  });
  transports.push(transport);
  return transport;
};
afterEach(async () => {
  for (const transport of transports.splice(0)) await transport.close();
});

describe('the SMTP transport against a real SMTP server', () => {
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    server = await startSmtpServer();
  });
  afterAll(() => server.close());

  it('signs in once for a pooled connection and delivers each message with the Message-ID it was given', async () => {
    const before = server.signIns.length;
    const transport = transportFor(smtpSender(server.port));
    const outcomes = [];
    for (const key of ['a1', 'a2', 'a3']) outcomes.push(await transport.send(message(`person.${key}@eastbrook.nhs.uk`, key)));
    expect(outcomes.map((o) => o.ok && o.response)).toEqual(Array(3).fill('250 Ok: queued as 4Fq2Lk1'));
    const mine = server.received.filter((r) => r.to[0]?.startsWith('person.a'));
    expect(mine.map((r) => [r.from, r.to[0], r.messageId])).toEqual([
      [ACCOUNT, 'person.a1@eastbrook.nhs.uk', '<a1@commsplan>'],
      [ACCOUNT, 'person.a2@eastbrook.nhs.uk', '<a2@commsplan>'],
      [ACCOUNT, 'person.a3@eastbrook.nhs.uk', '<a3@commsplan>'],
    ]);
    expect(mine[0]?.raw).toContain('Date: Tue, 24 Nov 2026 10:00:00 +0000');
    expect(server.signIns.slice(before).map((s) => [s.method, s.username])).toEqual([['PLAIN', ACCOUNT]]);
  });

  it('puts on the wire the bytes the folder sender writes, a line of one dot included (stuffed on the way, unstuffed by the server)', async () => {
    const transport = transportFor(smtpSender(server.port));
    const sent = { ...message('person.w1@eastbrook.nhs.uk', 'w1'), text: 'Before\n.\n..two dots\n.one\nAfter\n' };
    expect((await transport.send(sent)).ok).toBe(true);
    const arrived = server.received.find((r) => r.messageId === '<w1@commsplan>');
    expect(arrived?.raw).toBe(composeMime(sent, NOW).toString('utf8'));
    expect((await simpleParser(arrived?.raw ?? '')).text).toBe(sent.text);
  });

  it("retries a deferred recipient, never retries a refused one, keeps the server's reply, and the next message still goes", async () => {
    const transport = transportFor(smtpSender(server.port));
    const busy = await transport.send(message('busy@eastbrook.nhs.uk', 'b1'));
    const unknown = await transport.send(message('unknown@eastbrook.nhs.uk', 'b2'));
    const fine = await transport.send(message('fine.b3@eastbrook.nhs.uk', 'b3'));
    expect(busy).toEqual({
      ok: false,
      failure: {
        kind: 'retry',
        smtpCode: 451,
        reason: 'the server asked to try again later: 451 4.7.500 Server busy. Please try again later. (S77714)',
      },
    });
    expect(unknown).toEqual({
      ok: false,
      failure: { kind: 'recipient-rejected', smtpCode: 550, reason: 'the server refused this recipient: 550 5.1.1 User unknown' },
    });
    expect(fine.ok).toBe(true);
    expect(server.received.map((r) => r.messageId)).not.toContain('<b1@commsplan>');
    expect(server.received.map((r) => r.messageId)).not.toContain('<b2@commsplan>');
    expect(server.received.map((r) => r.messageId)).toContain('<b3@commsplan>');
  });

  it('treats a connection dropped mid-message as a retry, and sends the next message on a new connection', async () => {
    const transport = transportFor(smtpSender(server.port));
    const dropped = await transport.send(message('drop@eastbrook.nhs.uk', 'c1'));
    expect(dropped.ok).toBe(false);
    if (!dropped.ok) expect(dropped.failure.kind).toBe('retry');
    expect(server.received.map((r) => r.messageId)).not.toContain('<c1@commsplan>');
    expect((await transport.send(message('after.drop@eastbrook.nhs.uk', 'c2'))).ok).toBe(true);
    expect(server.received.map((r) => r.messageId)).toContain('<c2@commsplan>');
  });

  it('gives up on a slow server after the time-out and calls it a retry', async () => {
    const transport = transportFor(smtpSender(server.port), { timeouts: { connectMs: 2000, answerMs: 300 } });
    const started = performance.now();
    const outcome = await transport.send(message('slow@eastbrook.nhs.uk', 'd1'));
    expect(performance.now() - started).toBeLessThan(1400);
    expect(outcome).toMatchObject({ ok: false, failure: { kind: 'retry', reason: expect.stringContaining('took too long') } });
  });

  it('pauses the sender when the server refuses the password, or when its environment variable is not set', async () => {
    const refused = await transportFor(smtpSender(server.port), { env: { COMMSPLAN_SMTP_PASSWORD: 'Winter2025' } }).send(
      message('x@eastbrook.nhs.uk', 'e1'),
    );
    expect(refused).toMatchObject({
      ok: false,
      failure: { kind: 'pause-sender', smtpCode: 535, reason: expect.stringContaining('535 5.7.3 Authentication unsuccessful') },
    });
    const missing = await transportFor(smtpSender(server.port), { env: {} }).send(message('x@eastbrook.nhs.uk', 'e2'));
    expect(missing).toEqual({
      ok: false,
      failure: {
        kind: 'pause-sender',
        reason: `the environment variable COMMSPLAN_SMTP_PASSWORD, which should hold the password of ${ACCOUNT}, is not set`,
      },
    });
    expect(server.received.map((r) => r.messageId)).not.toEqual(expect.arrayContaining(['<e1@commsplan>']));
  });

  it('reports a server that is not there as a retry when sending, and as a failed check when verifying', async () => {
    const gone = await startSmtpServer();
    await gone.close();
    const transport = transportFor(smtpSender(gone.port));
    expect(await transport.verify()).toMatchObject({
      ok: false,
      failure: { kind: 'retry', reason: expect.stringContaining('ECONNREFUSED') },
    });
  });
});

describe('STARTTLS and TLS with a certificate made by the test', () => {
  let dir: string;
  let key: string;
  let cert: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'commsplan-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades with STARTTLS when the certificate is trusted, and calls an untrusted one a TLS retry', async () => {
    const server = await startSmtpServer({ hideSTARTTLS: false, allowInsecureAuth: false, key, cert });
    try {
      const sender = smtpSender(server.port, { security: 'starttls' });
      const trusted = await transportFor(sender, { trustedCertificates: cert }).send(message('tls.f1@eastbrook.nhs.uk', 'f1'));
      expect(trusted.ok).toBe(true);
      expect(server.received.find((r) => r.messageId === '<f1@commsplan>')?.secure).toBe(true);
      const untrusted = await transportFor(sender).send(message('tls.f2@eastbrook.nhs.uk', 'f2'));
      expect(untrusted).toMatchObject({ ok: false, failure: { kind: 'retry', reason: expect.stringContaining('TLS') } });
    } finally {
      await server.close();
    }
  });

  it('speaks TLS from the first byte on a tls sender', async () => {
    const server = await startSmtpServer({ secure: true, key, cert });
    try {
      const outcome = await transportFor(smtpSender(server.port, { security: 'tls' }), { trustedCertificates: cert }).send(
        message('tls.g1@eastbrook.nhs.uk', 'g1'),
      );
      expect(outcome.ok).toBe(true);
      expect(server.received[0]).toMatchObject({ messageId: '<g1@commsplan>', secure: true });
    } finally {
      await server.close();
    }
  });
});

/** A token endpoint like Microsoft's: a form POST in, JSON out; `fail` makes it answer with an error. */
async function startTokenEndpoint() {
  const requests: URLSearchParams[] = [];
  let fail: { status: number; body: object } | undefined;
  const server: HttpServer = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      requests.push(new URLSearchParams(body));
      response.setHeader('content-type', 'application/json; charset=utf-8');
      if (fail) {
        response.statusCode = fail.status;
        return response.end(JSON.stringify(fail.body));
      }
      response.end(
        JSON.stringify({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: `eyJ0eXAi.token-${requests.length}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token`;
  return {
    url,
    requests,
    failWith: (status: number, body: object) => {
      fail = { status, body };
    },
    succeed: () => {
      fail = undefined;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b2f1a39-6c4e-4c51-9c7e-4f3d3a1b2c5d';
const SECRETS = { COMMSPLAN_CLIENT_SECRET: 'Xy8Q~client.secret' };
const INVALID_CLIENT = {
  error: 'invalid_client',
  error_description:
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0b2f1a39-6c4e-4c51-9c7e-4f3d3a1b2c5d'.",
  error_codes: [7000215],
};

describe('OAuth2 client credentials and XOAUTH2', () => {
  let endpoint: Awaited<ReturnType<typeof startTokenEndpoint>>;
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    endpoint = await startTokenEndpoint();
    server = await startSmtpServer({ authMethods: ['XOAUTH2'] });
  });
  afterAll(async () => {
    await endpoint.close();
    await server.close();
  });
  const oauthSender = (port: number) =>
    parseSenderOptions('o365', {
      smtp: `127.0.0.1:${port}`,
      security: 'none',
      from: `NHSmail project <${ACCOUNT}>`,
      oauth2Tenant: TENANT,
      oauth2ClientId: CLIENT,
      oauth2SecretEnv: 'COMMSPLAN_CLIENT_SECRET',
      oauth2TokenUrl: endpoint.url,
    }) as SmtpSenderDefinition;

  it('fetches a token once, signs in with XOAUTH2 as the mailbox, reuses the token, and fetches a new one after it runs out', async () => {
    let clock = NOW;
    const sender = oauthSender(server.port);
    const tokens = clientCredentialsTokens(sender.oauth2 ?? { tenant: '', clientId: '', secretEnv: '' }, {
      env: SECRETS,
      now: () => clock,
    });
    const before = endpoint.requests.length;
    // Each transport opens its own connection and signs in; the token source is shared, as the worker shares it.
    expect((await transportFor(sender, { tokens, now: () => clock }).send(message('h1@eastbrook.nhs.uk', 'h1'))).ok).toBe(true);
    expect((await transportFor(sender, { tokens, now: () => clock }).send(message('h2@eastbrook.nhs.uk', 'h2'))).ok).toBe(true);
    clock = new Date(NOW.getTime() + 3600_000);
    expect((await transportFor(sender, { tokens, now: () => clock }).send(message('h3@eastbrook.nhs.uk', 'h3'))).ok).toBe(true);

    const sent = endpoint.requests.slice(before);
    expect(sent).toHaveLength(2);
    expect(Object.fromEntries(sent[0] ?? [])).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: SECRETS.COMMSPLAN_CLIENT_SECRET,
      scope: OUTLOOK_SCOPE,
    });
    const xoauth = server.signIns.filter((s) => s.method === 'XOAUTH2').slice(-3);
    expect(xoauth.map((s) => [s.username, s.accessToken])).toEqual([
      [ACCOUNT, `eyJ0eXAi.token-${before + 1}`],
      [ACCOUNT, `eyJ0eXAi.token-${before + 1}`],
      [ACCOUNT, `eyJ0eXAi.token-${before + 2}`],
    ]);
    expect(tokens.fetched).toBe(2);
    expect(server.received.map((r) => r.messageId)).toEqual(expect.arrayContaining(['<h1@commsplan>', '<h2@commsplan>', '<h3@commsplan>']));
  });

  it('pauses the sender when the client secret is refused or missing, and retries when the endpoint fails', async () => {
    const sender = oauthSender(server.port);
    const settings = sender.oauth2 ?? { tenant: '', clientId: '', secretEnv: '' };
    const missing = await clientCredentialsTokens(settings, { env: {}, now: () => NOW }).accessToken();
    expect(missing).toEqual({
      ok: false,
      failure: {
        kind: 'pause-sender',
        reason: 'the environment variable COMMSPLAN_CLIENT_SECRET, which should hold the OAuth2 client secret, is not set',
      },
    });
    endpoint.failWith(401, INVALID_CLIENT);
    const refused = await transportFor(sender, { tokens: clientCredentialsTokens(settings, { env: SECRETS, now: () => NOW }) }).send(
      message('i1@eastbrook.nhs.uk', 'i1'),
    );
    expect(refused).toMatchObject({
      ok: false,
      failure: { kind: 'pause-sender', reason: expect.stringContaining('invalid_client: AADSTS7000215') },
    });
    endpoint.failWith(503, { error: 'temporarily_unavailable', error_description: 'AADSTS50196: The server terminated an operation.' });
    const unavailable = await transportFor(sender, { tokens: clientCredentialsTokens(settings, { env: SECRETS, now: () => NOW }) }).send(
      message('i2@eastbrook.nhs.uk', 'i2'),
    );
    expect(unavailable).toMatchObject({
      ok: false,
      failure: { kind: 'retry', reason: expect.stringContaining('failed: temporarily_unavailable: AADSTS50196') },
    });
    endpoint.succeed();
    expect(server.received.map((r) => r.messageId)).not.toEqual(expect.arrayContaining(['<i1@commsplan>']));
  });
});

describe('commsplan sender', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startSmtpServer>>;
  let run: ReturnType<typeof cliIn>;
  beforeAll(async () => {
    server = await startSmtpServer({ authMethods: ['PLAIN', 'LOGIN', 'XOAUTH2'] });
    dir = mkdtempSync(join(tmpdir(), 'commsplan-senders-'));
    run = cliIn(dir, NOW);
    expect((await run({}, 'init', '--org', 'Eastbrook Hospitals NHS Trust', '--start', '2026-12-07')).code).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const smtp = () => ['--smtp', `127.0.0.1:${server.port}`, '--security', 'none'];
  /** Reads the workspace the way commsplan does, on Node 20 and 24 alike. */
  const inWorkspace = async <T>(read: (store: Store) => Promise<T>): Promise<T> => {
    const store = await openTestStore(join(dir, 'commsplan.db'), { create: false });
    try {
      return await read(store);
    } finally {
      await store.close();
    }
  };
  const auditCount = () => inWorkspace(async (store) => (await store.db.selectFrom('audit_log').select('id').execute()).length);

  it.each<[string, Record<string, string>, string[], string]>([
    [
      'an unreachable host',
      WITH_PASSWORD,
      ['--smtp', '127.0.0.1:9', '--security', 'none', '--from', ACCOUNT, '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD'],
      'ECONNREFUSED',
    ],
    [
      'a wrong password',
      { COMMSPLAN_SMTP_PASSWORD: 'Winter2025' },
      ['--from', ACCOUNT, '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD'],
      '535 5.7.3 Authentication unsuccessful',
    ],
    [
      'a password variable that is not set',
      {},
      ['--from', ACCOUNT, '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD'],
      'COMMSPLAN_SMTP_PASSWORD, which should hold the password',
    ],
    [
      'a From that is not an email address',
      WITH_PASSWORD,
      ['--from', 'NHSmail project', '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD'],
      'is not an email address',
    ],
    [
      'a From other than the signed-in account',
      WITH_PASSWORD,
      ['--from', 'ceo@eastbrook.nhs.uk', '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD'],
      'add --send-as if',
    ],
    [
      'a limit of zero',
      WITH_PASSWORD,
      ['--from', ACCOUNT, '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD', '--per-minute', '0'],
      '--per-minute "0" must be a whole number above zero',
    ],
    [
      'a limit below zero',
      WITH_PASSWORD,
      ['--from', ACCOUNT, '--user', ACCOUNT, '--password-env', 'COMMSPLAN_SMTP_PASSWORD', '--per-message=-1'],
      '--per-message "-1"',
    ],
  ])('refuses a sender with %s, says why, exits 2 and stores nothing', async (_what, env, options, message) => {
    const args = options.includes('--smtp') ? options : [...smtp(), ...options];
    const result = await run(env, 'sender', 'add', 'nhsmail-team', ...args);
    expect(result.stderr).toContain(message);
    expect(result.code).toBe(2);
    expect(JSON.parse((await run({}, 'sender', 'list', '--json')).stdout)).toEqual([]);
    expect(await auditCount()).toBe(0);
  });

  it('adds senders after checking them, lists them, sends a test email, pauses and resumes, and names a sender on an activity', async () => {
    const added = await run(
      WITH_PASSWORD,
      'sender',
      'add',
      'nhsmail-team',
      ...smtp(),
      '--from',
      `NHSmail project <${ACCOUNT}>`,
      '--user',
      ACCOUNT,
      '--password-env',
      'COMMSPLAN_SMTP_PASSWORD',
      '--per-minute',
      '20',
    );
    expect(added).toMatchObject({ code: 0, stdout: expect.stringContaining('Added sender nhsmail-team (the default)') });
    const sendAs = await run(
      WITH_PASSWORD,
      'sender',
      'add',
      'chief-exec',
      ...smtp(),
      '--from',
      'Chief Executive <ceo@eastbrook.nhs.uk>',
      '--user',
      ACCOUNT,
      '--password-env',
      'COMMSPLAN_SMTP_PASSWORD',
      '--send-as',
      '--default',
      '--by',
      'Jane Smith',
    );
    expect(sendAs.code).toBe(0);
    expect((await run({}, 'sender', 'add', 'local', '--folder', 'outbox', '--from', ACCOUNT)).code).toBe(0);
    expect((await run({}, 'sender', 'add', 'local', '--folder', 'outbox', '--from', ACCOUNT)).stderr).toContain(
      'There is already a sender called local',
    );

    const listed = JSON.parse((await run({}, 'sender', 'list', '--json')).stdout) as {
      name: string;
      isDefault: boolean;
      passwordEnv?: string;
      limits: object;
    }[];
    expect(listed.map((s) => [s.name, s.isDefault])).toEqual([
      ['chief-exec', true],
      ['local', false],
      ['nhsmail-team', false],
    ]);
    expect(listed.find((s) => s.name === 'nhsmail-team')).toMatchObject({
      passwordEnv: 'COMMSPLAN_SMTP_PASSWORD',
      limits: { perMinute: 20, perDay: 10000, perMessage: 500 },
    });
    expect(readFileSync(join(dir, 'commsplan.db')).includes(PASSWORD)).toBe(false);

    const test = await run(WITH_PASSWORD, 'sender', 'test', 'nhsmail-team', '--to', 'zoe.brown@eastbrook.nhs.uk');
    expect(test).toMatchObject({ code: 0, stdout: expect.stringContaining('The server said: 250 Ok: queued as 4Fq2Lk1') });
    const arrived = server.received.at(-1);
    expect(arrived?.to).toEqual(['zoe.brown@eastbrook.nhs.uk']);
    expect(arrived?.raw).toContain('Subject: [commsplan test] nhsmail-team can send email');
    expect(arrived?.messageId).toMatch(/^<sender-test\.\d+\.nhsmail-team@commsplan>$/);
    const failedTest = await run({}, 'sender', 'test', 'nhsmail-team', '--to', 'zoe.brown@eastbrook.nhs.uk');
    expect(failedTest).toMatchObject({ code: 5, stdout: expect.stringContaining('did not go (pause-sender)') });
    expect((await run({}, 'sender', 'test', 'nhsmail-team', '--to', 'zoe.brown')).code).toBe(2);

    expect((await run({}, 'sender', 'pause', 'nhsmail-team', '--reason', 'Quota reached', '--by', 'Jane Smith')).code).toBe(0);
    expect((await run({}, 'sender', 'pause', 'nhsmail-team', '--reason', 'Another reason')).stdout).toBe(
      'Sender nhsmail-team was already paused; its first reason stays.\n',
    );
    expect((await run({}, 'sender', 'list')).stdout).toContain('paused since 2026-11-24T10:00:00.000Z: Quota reached');
    expect((await run({}, 'sender', 'resume', 'nhsmail-team')).stdout).toContain('Resumed sender nhsmail-team');

    expect((await run({}, 'activity', 'set', 'announcement', '--sender', 'no-such-sender', '--status', 'ready')).stderr).toContain(
      'There is no sender called no-such-sender. Senders: chief-exec, local, nhsmail-team.',
    );
    const set = await run({}, 'activity', 'set', 'announcement', '--sender', 'nhsmail-team', '--by', 'Jane Smith');
    expect(set).toMatchObject({ code: 0, stdout: 'announcement: owner -, status planned, sender nhsmail-team\n' });

    const activity = await inWorkspace((store) =>
      store.db.selectFrom('activities').select(['status', 'sender_name']).where('id', '=', 'announcement').executeTakeFirst(),
    );
    expect(activity).toEqual({ status: 'planned', sender_name: 'nhsmail-team' });
    const audit = await inWorkspace((store) =>
      store.db.selectFrom('audit_log').select(['actor', 'action', 'subject']).orderBy('id').execute(),
    );
    expect(audit).toEqual([
      { actor: 'cli', action: 'sender-added', subject: 'nhsmail-team' },
      { actor: 'Jane Smith', action: 'sender-added', subject: 'chief-exec' },
      { actor: 'cli', action: 'sender-added', subject: 'local' },
      { actor: 'cli', action: 'sender-tested', subject: 'nhsmail-team' },
      { actor: 'cli', action: 'sender-test-failed', subject: 'nhsmail-team' },
      { actor: 'Jane Smith', action: 'sender-paused', subject: 'nhsmail-team' },
      { actor: 'cli', action: 'sender-resumed', subject: 'nhsmail-team' },
      { actor: 'Jane Smith', action: 'activity-sender-set', subject: 'announcement' },
    ]);
  });
  it('adds a Microsoft 365 sender with OAuth2 once a token works, and refuses one whose client secret is refused', async () => {
    const endpoint = await startTokenEndpoint();
    try {
      const oauth2 = ['--oauth2-tenant', TENANT, '--oauth2-client-id', CLIENT, '--oauth2-secret-env', 'COMMSPLAN_CLIENT_SECRET'];
      const add = ['sender', 'add', 'o365', ...smtp(), '--from', ACCOUNT, ...oauth2, '--oauth2-token-url', endpoint.url];
      endpoint.failWith(401, INVALID_CLIENT);
      const refused = await run(SECRETS, ...add);
      expect(refused).toMatchObject({
        code: 2,
        stderr: expect.stringContaining('refused the client credentials: invalid_client: AADSTS7000215'),
      });
      expect(JSON.parse((await run({}, 'sender', 'list', '--json')).stdout).map((s: { name: string }) => s.name)).not.toContain('o365');

      endpoint.succeed();
      expect((await run(SECRETS, ...add)).code).toBe(0);
      const test = await run(SECRETS, 'sender', 'test', 'o365', '--to', 'zoe.brown@eastbrook.nhs.uk');
      expect(test.code).toBe(0);
      expect(server.signIns.filter((s) => s.method === 'XOAUTH2').at(-1)).toMatchObject({
        username: ACCOUNT,
        accessToken: expect.stringMatching(/^eyJ0eXAi\.token-/),
      });
      expect((await run({}, 'sender', 'list')).stdout).toContain(`OAuth2 as ${ACCOUNT} (secret in COMMSPLAN_CLIENT_SECRET)`);
    } finally {
      await endpoint.close();
    }
  });
});
