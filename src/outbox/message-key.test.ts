import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { messageIdOf, messageKey, templateVersionOf } from './message-key.js';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
const BASE = { occurrenceKey: 'wave-reminder@1', recipient: 'sam.jones@eastbrook.nhs.uk', templateVersion: '3f2a9c1d7b6e5a40' };

describe('the message key', () => {
  it('is the same for the same occurrence, recipient and template version, whatever the case or spaces of the address', () => {
    // The expected key worked out apart from messageKey: the three parts as a JSON array, the address lower-cased and trimmed.
    const expected = sha256Hex('["wave-reminder@1","sam.jones@eastbrook.nhs.uk","3f2a9c1d7b6e5a40"]');
    expect(messageKey(BASE, sha256Hex)).toBe(expected);
    expect(messageKey({ ...BASE, recipient: ' Sam.Jones@Eastbrook.NHS.uk ' }, sha256Hex)).toBe(expected);
    expect(messageKey(BASE, sha256Hex)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['another occurrence', { occurrenceKey: 'wave-reminder@2' }],
    ['another recipient', { recipient: 'ali.khan@eastbrook.nhs.uk' }],
    ['another template version', { templateVersion: '0000000000000000' }],
    ['parts that would run together if joined plainly', { occurrenceKey: 'wave-reminder@1sam', recipient: '.jones@eastbrook.nhs.uk' }],
  ])('differs for %s', (_what, change) => {
    expect(messageKey({ ...BASE, ...change }, sha256Hex)).not.toBe(messageKey(BASE, sha256Hex));
  });

  it('is the Message-ID in angle brackets', () => {
    expect(messageIdOf('abc123')).toBe('<abc123@commsplan>');
  });

  it('takes a new template version from any edit of the subject or body', () => {
    const template = { subject: 'Your move to NHSmail', body: 'Hello ((first name))' };
    const version = templateVersionOf(template, sha256Hex);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(templateVersionOf({ ...template, body: 'Hello ((first name)).' }, sha256Hex)).not.toBe(version);
    expect(templateVersionOf({ ...template, subject: 'Your move to NHSmail!' }, sha256Hex)).not.toBe(version);
  });
});
