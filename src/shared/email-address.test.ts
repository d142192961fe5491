import { describe, expect, it } from 'vitest';
import { checkEmailAddress } from './email-address.js';

describe('email addresses, checked as the national messaging service does', () => {
  it.each([
    ['sam.jones@trust.nhs.uk', 'sam.jones@trust.nhs.uk'],
    ['Sam.Jones@Trust.NHS.uk', 'sam.jones@trust.nhs.uk'],
    ['  sam@nhs.net ', 'sam@nhs.net'],
    ['sam.jones@trust.nhs.uk\u00a0', 'sam.jones@trust.nhs.uk'],
    ['\u200bsam@nhs.net\ufeff', 'sam@nhs.net'],
    ["o'neil+wards@trust.nhs.uk", "o'neil+wards@trust.nhs.uk"],
    ['sam@bücher.example', 'sam@bücher.example'],
    ['sam@xn--bcher-kva.example', 'sam@xn--bcher-kva.example'],
    ['sam@sub-domain.trust.nhs.uk', 'sam@sub-domain.trust.nhs.uk'],
  ])('accepts %j', (raw, cleaned) => {
    expect(checkEmailAddress(raw)).toEqual({ ok: true, email: cleaned });
  });

  it.each([
    ['', 'is empty'],
    ['sam.jones', 'exactly one @'],
    ['sam@@nhs.net', 'exactly one @'],
    ['@nhs.net', 'exactly one @'],
    ['sam..jones@nhs.net', '".."'],
    ['"sam"@nhs.net', 'not allowed before the @'],
    ['sam,jones@nhs.net', 'not allowed before the @'],
    ['sam(jones)@nhs.net', 'not allowed before the @'],
    ['sam jones@nhs.net', 'not allowed before the @'],
    ['sam\u00a0jones@nhs.net', 'not allowed before the @'],
    ['zoë@nhs.net', 'not allowed before the @'],
    ['sam@nhs', 'top-level domain'],
    ['sam@nhs.n3t', 'real top-level domain'],
    ['sam@-trust.nhs.uk', 'domain part'],
    ['sam@trust_x.nhs.uk', 'domain'],
    [`sam@${'a'.repeat(64)}.nhs.uk`, 'domain part'],
    [`${'a'.repeat(310)}@nhs.net.uk`, 'longer than 320'],
  ])('rejects %j, saying it %s', (raw, reason) => {
    const checked = checkEmailAddress(raw);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toContain(reason);
  });
});
