import { describe, expect, it } from 'vitest';
import { imapSignIn, parseImapOptions } from './imap-settings.js';
import { DEFAULT_LIMITS, type Sender } from './sender-config.js';

const base = {
  from: 'nhsmail.project@eastbrook.nhs.uk',
  sendAs: false,
  limits: DEFAULT_LIMITS,
  isDefault: true,
  createdAt: '2026-11-24T10:00:00Z',
};
const folder: Sender = { ...base, name: 'local', kind: 'folder', folder: 'mail' };
const withPassword: Sender = {
  ...base,
  name: 'relay',
  kind: 'smtp',
  host: 'smtp.eastbrook.nhs.uk',
  port: 587,
  security: 'starttls',
  username: 'nhsmail.project@eastbrook.nhs.uk',
  passwordEnv: 'SMTP_PASSWORD',
};
const oauth2 = { tenant: 'eastbrook.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', secretEnv: 'NHSMAIL_SECRET' };
const withOAuth2: Sender = { ...withPassword, name: 'nhsmail', passwordEnv: undefined, oauth2 };

describe('where a sender reads its reports', () => {
  it.each([
    ['outlook.office365.com', {}, { host: 'outlook.office365.com', port: 993, security: 'tls', folder: 'INBOX' }],
    ['imap.eastbrook.nhs.uk', { imapSecurity: 'starttls', imapFolder: 'Bounces' }, { port: 143, security: 'starttls', folder: 'Bounces' }],
    ['127.0.0.1:1143', { imapSecurity: 'none' }, { host: '127.0.0.1', port: 1143, security: 'none' }],
  ])('reads --imap %s %j', (imap, options, expected) => {
    expect(parseImapOptions(withOAuth2, { imap, ...options })).toMatchObject(expected);
  });

  it('signs in as the sender does: OAuth2, else its password, else the mailbox’s own', () => {
    const settings = parseImapOptions(withOAuth2, { imap: 'outlook.office365.com' });
    expect(imapSignIn(withOAuth2, settings)).toEqual({ ok: true, signIn: { kind: 'oauth2', user: withOAuth2.username, oauth2 } });
    expect(imapSignIn(withPassword, settings)).toEqual({
      ok: true,
      signIn: { kind: 'password', user: 'nhsmail.project@eastbrook.nhs.uk', passwordEnv: 'SMTP_PASSWORD' },
    });
    const own = parseImapOptions(folder, {
      imap: 'imap.eastbrook.nhs.uk',
      imapUser: 'bounces@eastbrook.nhs.uk',
      imapPasswordEnv: 'BOUNCES_PASSWORD',
    });
    expect(imapSignIn(folder, own)).toEqual({
      ok: true,
      signIn: { kind: 'password', user: 'bounces@eastbrook.nhs.uk', passwordEnv: 'BOUNCES_PASSWORD' },
    });
  });

  it('lists every problem at once and stores no secret', () => {
    expect(() => parseImapOptions(folder, { imap: 'imap.eastbrook.nhs.uk:0', imapSecurity: 'none', imapPasswordEnv: 'hunter 2' })).toThrow(
      /port in --imap "imap\.eastbrook\.nhs\.uk:0" must be a number[\s\S]*never the password itself[\s\S]*needs --imap-user[\s\S]*unencrypted: use tls or starttls/,
    );
    expect(() => parseImapOptions(folder, { imap: 'imap.eastbrook.nhs.uk' })).toThrow('has no sign-in to reuse');
    expect(() => parseImapOptions(withOAuth2, { imap: 'outlook.office365.com', imapSecurity: 'ssl' })).toThrow(
      '--imap-security "ssl" is not known: use tls, starttls, none.',
    );
  });
});
