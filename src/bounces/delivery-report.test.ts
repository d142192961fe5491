import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { messageKeyOfId, mightBeDeliveryReport, readDeliveryReport } from './delivery-report.js';
import { decodeEncodedWords, parseMime } from './mime-parts.js';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const FIXTURES = join(import.meta.dirname, '../../test/fixtures/bounces');
const KEY = 'a'.repeat(64);
const fixture = (name: string, recipient = 'staff.member0001@eastbrook.nhs.uk') =>
  readFileSync(join(FIXTURES, name), 'utf8').replaceAll('{{RECIPIENT}}', recipient).replaceAll('{{MESSAGE_ID}}', `${KEY}@commsplan`);

describe('reading non-delivery reports', () => {
  it.each([
    ['exchange-online-5.1.10.eml', 'delivery-status', 'permanent', 'failed', '5.1.10', 'RESOLVER.ADR.RecipientNotFound'],
    ['exchange-online-5.1.1.eml', 'delivery-status', 'permanent', 'failed', '5.1.1', '550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found'],
    ['exchange-delay-4.4.7.eml', 'delivery-status', 'temporary', 'delayed', '4.4.7', '400 4.4.7 Message delayed'],
    ['postfix-5.1.1.eml', 'delivery-status', 'permanent', 'failed', '5.1.1', 'User unknown in local recipient table'],
    ['exchange-server-text.eml', 'exchange-text', 'permanent', 'failed', '5.1.1', 'RESOLVER.ADR.RecipNotFound'],
  ] as const)('reads %s as a %s report: %s, %s, %s', (file, format, kind, action, status, reason) => {
    const report = readDeliveryReport(fixture(file), sha256Hex);
    expect(report.isReport).toBe(true);
    if (!report.isReport) return;
    expect(report.format).toBe(format);
    expect(report.recipients).toHaveLength(1);
    expect(report.recipients[0]).toMatchObject({ address: 'staff.member0001@eastbrook.nhs.uk', kind, action, status });
    expect(report.recipients[0]?.reason).toContain(reason);
    expect(report.originalMessageIds[0]).toBe(`<${KEY}@commsplan>`);
    expect(messageKeyOfId(report.originalMessageIds[0] ?? '')).toBe(KEY);
  });

  it('names the original of a report about a message commsplan never sent, so it can be kept unmatched', () => {
    const report = readDeliveryReport(fixture('unmatched-5.2.2.eml'), sha256Hex);
    expect(report.isReport && report.recipients).toEqual([
      expect.objectContaining({ address: 'pat.jones@partner-trust.nhs.uk', kind: 'permanent', status: '5.2.2' }),
    ]);
    expect(report.isReport && report.originalMessageIds.map(messageKeyOfId)).toEqual([undefined]);
  });

  it.each([
    ['reply-not-a-report.eml', 'not a delivery report'],
    ['read-receipt.eml', 'a disposition-notification report, not a delivery report'],
  ])('ignores %s: %s', (file, why) => {
    const report = readDeliveryReport(fixture(file), sha256Hex);
    expect(report).toMatchObject({ isReport: false, why });
  });

  it('identifies a report by its own Message-ID, else by a hash of its bytes', () => {
    expect(readDeliveryReport(fixture('postfix-5.1.1.eml'), sha256Hex).reportId).toBe(
      '<20261124100704.4Fq2Lk1ZxYz9sW@mx.eastbrook.nhs.uk>',
    );
    const withoutId = fixture('exchange-server-text.eml').replace(/^Message-ID: .*\n/m, '');
    expect(readDeliveryReport(withoutId, sha256Hex).reportId).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('reads a report that names several recipients, and skips those delivered', () => {
    const raw = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary=b',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.nhs.uk',
      '',
      'Final-Recipient: rfc822; one@example.nhs.uk',
      'Action: delivered',
      'Status: 2.0.0',
      '',
      'Final-Recipient: rfc822; two@example.nhs.uk',
      'Action: failed',
      'Status: 5.7.1',
      'Diagnostic-Code: smtp; 550 5.7.1 Delivery not authorized',
      '',
      'Final-Recipient: rfc822; three@example.nhs.uk',
      'Action: delayed',
      'Status: 4.2.2',
      '--b--',
    ].join('\r\n');
    const report = readDeliveryReport(raw, sha256Hex);
    expect(report.isReport && report.recipients.map((r) => [r.address, r.kind, r.status])).toEqual([
      ['two@example.nhs.uk', 'permanent', '5.7.1'],
      ['three@example.nhs.uk', 'temporary', '4.2.2'],
    ]);
  });

  it.each([
    ['Content-Type: multipart/report; report-type=delivery-status; boundary=x\nSubject: anything', true],
    ['Subject: Undeliverable: Your move to NHSmail', true],
    ['From: MAILER-DAEMON@mx.eastbrook.nhs.uk (Mail Delivery System)\nSubject: Undelivered Mail Returned to Sender', true],
    ['X-MS-Exchange-Message-Is-Ndr:\nSubject: =?utf-8?Q?Non_remis=C2=A0:?= test', true],
    ['From: Member 6 <m6@eastbrook.nhs.uk>\nSubject: Re: Your move to NHSmail', false],
    ['Subject: Automatic reply: Your move to NHSmail\nAuto-Submitted: auto-replied', false],
  ])('tells from the headers alone whether %j may be a report: %s', (headers, expected) => {
    expect(mightBeDeliveryReport(headers)).toBe(expected);
  });
});

describe('the MIME reader', () => {
  it('decodes quoted-printable and base64 parts in their charset, and encoded words in headers', () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary="outer"',
      '',
      '--outer',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=E9 soft=',
      'break',
      '--outer',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('Bore da, café').toString('base64'),
      '--outer--',
    ].join('\n');
    expect(parseMime(raw).parts.map((part) => part.text.trim())).toEqual(['Café softbreak', 'Bore da, café']);
    expect(decodeEncodedWords('=?utf-8?Q?Undeliverable:_Caf=C3=A9?= =?utf-8?B?IHRlc3Q=?=')).toBe('Undeliverable: Café test');
  });
});
