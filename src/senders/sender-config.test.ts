import { describe, expect, it } from 'vitest';
import { parseSenderOptions } from './parse-sender-options.js';
import { addressOf, type SenderOptions } from './sender-config.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b2f1a39-6c4e-4c51-9c7e-4f3d3a1b2c5d';

describe('the options of sender add', () => {
  it('gives an SMTP sender the port its security uses and the limits of an Exchange Online mailbox', () => {
    const ports = (['starttls', 'tls', 'none'] as const).map((security) => {
      const sender = parseSenderOptions('relay', { smtp: 'smtp.office365.com', security, from: 'nhsmail@eastbrook.nhs.uk' });
      return sender.kind === 'smtp' ? sender.port : undefined;
    });
    expect(ports).toEqual([587, 465, 25]);
    expect(parseSenderOptions('relay', { smtp: 'mail.eastbrook.nhs.uk:2525', from: 'nhsmail@eastbrook.nhs.uk' })).toMatchObject({
      port: 2525,
      security: 'starttls',
      limits: { perMinute: 30, perDay: 10_000, perMessage: 500 },
    });
  });

  it('keeps only the names of the environment variables that hold secrets', () => {
    const sender = parseSenderOptions('o365', {
      smtp: 'smtp.office365.com',
      from: 'NHSmail team <NHSmail.Project@eastbrook.nhs.uk>',
      oauth2Tenant: TENANT,
      oauth2ClientId: CLIENT,
      oauth2SecretEnv: 'COMMSPLAN_CLIENT_SECRET',
    });
    expect(sender).toMatchObject({
      username: 'NHSmail.Project@eastbrook.nhs.uk',
      oauth2: { tenant: TENANT, secretEnv: 'COMMSPLAN_CLIENT_SECRET' },
    });
  });

  it('accepts a From that differs from the signed-in account only with --send-as, and ignores case', () => {
    const options: SenderOptions = {
      smtp: 'smtp.office365.com',
      from: 'communications@eastbrook.nhs.uk',
      user: 'svc-commsplan@eastbrook.nhs.uk',
      passwordEnv: 'SMTP_PASSWORD',
    };
    expect(() => parseSenderOptions('comms', options)).toThrow(
      '--from communications@eastbrook.nhs.uk is not the account that signs in (svc-commsplan@eastbrook.nhs.uk)',
    );
    expect(parseSenderOptions('comms', { ...options, sendAs: true })).toMatchObject({ sendAs: true });
    expect(parseSenderOptions('comms', { ...options, from: 'SVC-Commsplan@Eastbrook.nhs.uk' })).toMatchObject({ sendAs: false });
  });

  it.each<[string, string, SenderOptions]>([
    ['neither folder nor server', 'either --folder DIR', { from: 'a@eastbrook.nhs.uk' }],
    ['both folder and server', 'not both', { folder: 'out', smtp: 'smtp.office365.com', from: 'a@eastbrook.nhs.uk' }],
    ['no From', '--from ADDRESS is needed', { folder: 'out' }],
    ['a From that is not an address', '--from "NHSmail team" is not an email address', { folder: 'out', from: 'NHSmail team' }],
    [
      'a limit of zero',
      '--per-minute "0" must be a whole number above zero',
      { folder: 'out', from: 'a@eastbrook.nhs.uk', perMinute: '0' },
    ],
    ['a limit below zero', '--per-day "-5" must be a whole number above zero', { folder: 'out', from: 'a@eastbrook.nhs.uk', perDay: '-5' }],
    ['a fractional limit', '--per-message "2.5" must be a whole number', { folder: 'out', from: 'a@eastbrook.nhs.uk', perMessage: '2.5' }],
    ['more a message than a day', 'cannot be more than --per-day (100)', { folder: 'out', from: 'a@eastbrook.nhs.uk', perDay: '100' }],
    ['a host with a space', 'is not a server name', { smtp: 'smtp office365.com', from: 'a@eastbrook.nhs.uk' }],
    ['a port out of range', 'must be a number from 1 to 65535', { smtp: 'smtp.office365.com:70000', from: 'a@eastbrook.nhs.uk' }],
    ['an unknown security', '--security "ssl" is not known', { smtp: 'smtp.office365.com', security: 'ssl', from: 'a@eastbrook.nhs.uk' }],
    [
      'a password instead of a variable name',
      'never the secret itself',
      { smtp: 'smtp.office365.com', from: 'a@eastbrook.nhs.uk', user: 'a@eastbrook.nhs.uk', passwordEnv: 'Summer2026!' },
    ],
    [
      'a password without a user',
      '--password-env needs --user',
      { smtp: 'smtp.office365.com', from: 'a@eastbrook.nhs.uk', passwordEnv: 'PW' },
    ],
    [
      'half the OAuth2 options',
      'needs all three',
      { smtp: 'smtp.office365.com', from: 'a@eastbrook.nhs.uk', oauth2Tenant: TENANT, oauth2ClientId: CLIENT },
    ],
    [
      'a client id that is not a GUID',
      'is not an application (client) id',
      { smtp: 'smtp.office365.com', from: 'a@eastbrook.nhs.uk', oauth2Tenant: TENANT, oauth2ClientId: 'commsplan', oauth2SecretEnv: 'S' },
    ],
    [
      'a password sent unencrypted to another machine',
      'would send the password or token to smtp.eastbrook.nhs.uk unencrypted',
      { smtp: 'smtp.eastbrook.nhs.uk', security: 'none', from: 'a@eastbrook.nhs.uk', user: 'a@eastbrook.nhs.uk', passwordEnv: 'PW' },
    ],
    [
      'SMTP options on a folder',
      '--security, --user only apply to an SMTP sender',
      { folder: 'out', from: 'a@eastbrook.nhs.uk', security: 'tls', user: 'a' },
    ],
  ])('refuses %s', (_what, message, options) => {
    expect(() => parseSenderOptions('nhsmail-team', options)).toThrow(message);
  });

  it('lets an unencrypted relay take mail without signing in, and a server on this machine take a password unencrypted', () => {
    expect(parseSenderOptions('relay', { smtp: 'relay.eastbrook.nhs.uk', security: 'none', from: 'a@eastbrook.nhs.uk' })).toMatchObject({
      port: 25,
      username: undefined,
    });
    const local = { smtp: '127.0.0.1:2525', security: 'none', from: 'a@eastbrook.nhs.uk', user: 'a@eastbrook.nhs.uk', passwordEnv: 'PW' };
    expect(parseSenderOptions('local', local)).toMatchObject({ host: '127.0.0.1', passwordEnv: 'PW' });
  });

  it('lists every problem at once', () => {
    let message = '';
    try {
      parseSenderOptions('bad name', { smtp: 'smtp.office365.com:0', from: 'nobody', perMinute: '0' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(4);
  });

  it('finds the address inside a From with a display name', () => {
    expect([addressOf('NHSmail team <nhsmail@eastbrook.nhs.uk>'), addressOf(' nhsmail@eastbrook.nhs.uk ')]).toEqual([
      'nhsmail@eastbrook.nhs.uk',
      'nhsmail@eastbrook.nhs.uk',
    ]);
  });
});
