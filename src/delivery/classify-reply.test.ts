import { describe, expect, it } from 'vitest';
import { classifyReply, enhancedStatus, type ServerReply } from './classify-reply.js';

/** A reply as Nodemailer reports it: the code, the whole line and the command it answered. */
const reply = (response: string, command: string): ServerReply => ({
  responseCode: Number(response.slice(0, 3)),
  response,
  command,
  message: `Can't send mail - server said: ${response}`,
});

// Replies as Exchange Online, Exchange Server and other servers write them (see the report for sources).
const REPLIES: ReadonlyArray<[string, ServerReply, 'retry' | 'recipient-rejected' | 'pause-sender']> = [
  [
    'Exchange Online busy for a moment',
    reply('421 4.7.0 Temporary server error. Please try again later. PRX4 [LO2P265CA0123.GBRP265.PROD.OUTLOOK.COM]', 'DATA'),
    'retry',
  ],
  [
    'Exchange Online deferring a message',
    reply(
      '451 4.7.500 Server busy. Please try again later from [203.0.113.10]. (S77714) [BL6PEPF0001AB50.namprd04.prod.outlook.com]',
      'RCPT TO',
    ),
    'retry',
  ],
  ['a mailbox receiving too fast', reply('432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded', 'DATA'), 'retry'],
  ['the account submitting too fast', reply('432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded', 'DATA'), 'pause-sender'],
  [
    'the daily submission quota used up',
    reply(
      '554 5.2.0 STOREDRV.Submission.Exception:SubmissionQuotaExceededException; Failed to process message due to a permanent exception with message [BeginDiagnosticData]',
      'DATA',
    ),
    'pause-sender',
  ],
  [
    'SMTP AUTH turned off for the tenant',
    reply('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant.', 'AUTH LOGIN'),
    'pause-sender',
  ],
  [
    'a wrong password',
    reply(
      '535 5.7.3 Authentication unsuccessful [LO4P123CA0456.GBRP123.PROD.OUTLOOK.COM 2026-11-24T10:00:00.000Z 08DC48BEE95C08E5]',
      'AUTH PLAIN',
    ),
    'pause-sender',
  ],
  ['Gmail refusing a password', reply('535 5.7.8 Username and Password not accepted.', 'AUTH PLAIN'), 'pause-sender'],
  [
    'a From the account may not use',
    reply('550 5.7.60 SMTP; Client does not have permissions to send as this sender [MW2PR1901MB2155.namprd19.prod.outlook.com]', 'DATA'),
    'pause-sender',
  ],
  [
    'send-as refused at submission',
    reply('554 5.2.252 SendAsDenied; project@eastbrook.nhs.uk not allowed to send as chief.executive@eastbrook.nhs.uk', 'DATA'),
    'pause-sender',
  ],
  ['too many recipients for the server', reply('452 4.5.3 Too many recipients', 'RCPT TO'), 'pause-sender'],
  ['an unknown user', reply('550 5.1.1 User unknown', 'RCPT TO'), 'recipient-rejected'],
  [
    'an address Exchange Online does not know',
    reply('550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient zoe.brown@eastbrook.nhs.uk not found by SMTP address lookup', 'RCPT TO'),
    'recipient-rejected',
  ],
  ['a full mailbox', reply('552 5.2.2 Mailbox full; quota exceeded', 'RCPT TO'), 'recipient-rejected'],
  ['a message refused as a whole', reply('554 5.6.0 Message contents rejected', 'DATA'), 'recipient-rejected'],
  ['a From address refused', reply('550 5.7.1 Sender address rejected: not owned by user', 'MAIL FROM'), 'pause-sender'],
  ['a server that lost the sequence', reply('503 5.5.1 Bad sequence of commands', 'DATA'), 'retry'],
  ['mail sent without signing in', reply('530 5.7.57 Client not authenticated to send mail.', 'MAIL FROM'), 'pause-sender'],
  ['a time-out', { errorCode: 'ETIMEDOUT', message: 'Timeout' }, 'retry'],
  ['a reset connection', { errorCode: 'ESOCKET', message: 'read ECONNRESET' }, 'retry'],
  ['a connection closed mid-message', { errorCode: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'retry'],
  ['a refused connection', { errorCode: 'ESOCKET', message: 'connect ECONNREFUSED 192.0.2.10:587' }, 'retry'],
  ['an untrusted certificate', { errorCode: 'ESOCKET', message: 'self-signed certificate' }, 'retry'],
  ['a failed STARTTLS', { errorCode: 'ETLS', message: 'Error initiating TLS - 454 4.7.0 TLS not available due to local problem' }, 'retry'],
  ['a server name that does not resolve', { errorCode: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.eastbrook.invalid' }, 'retry'],
  ['no credentials', { errorCode: 'ENOAUTH', message: 'Missing credentials for "PLAIN"' }, 'pause-sender'],
];

describe('classifying what the server said', () => {
  it.each(REPLIES.map(([what, given, kind]) => [what, kind, given] as const))('treats %s as %s', (_what, kind, given) => {
    expect(classifyReply(given).kind).toBe(kind);
  });

  it("keeps the server's own words and code in the reason", () => {
    const failure = classifyReply(reply('550 5.1.1 User unknown', 'RCPT TO'));
    expect(failure).toEqual({
      kind: 'recipient-rejected',
      reason: 'the server refused this recipient: 550 5.1.1 User unknown',
      smtpCode: 550,
    });
  });

  it('reads the enhanced status code from the start of a reply', () => {
    expect([enhancedStatus('452 4.5.3 Too many recipients'), enhancedStatus('250 OK'), enhancedStatus(undefined)]).toEqual([
      '4.5.3',
      undefined,
      undefined,
    ]);
  });
});
