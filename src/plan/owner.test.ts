import { describe, expect, it } from 'vitest';
import { ownerProblem } from './owner.js';

describe('ownerProblem', () => {
  it.each([
    ['Jane Smith <jane.smith@example.nhs.uk>'],
    ['jane.smith@example.nhs.uk'],
    ['Communications team'],
    ['<script>alert(1)</script> =HYPERLINK("http://x")'],
    [''],
  ])('accepts %j', (owner) => {
    expect(ownerProblem(owner)).toBeUndefined();
  });

  it.each([
    ['Tom <not an email>', 'owner-email', '"not an email" needs exactly one @'],
    ['Tom <tom@example>', 'owner-email', 'has no top-level domain'],
    ['Tom <tom@example.nhs.uk', 'owner-email', "Enter the owner's email address in full"],
    ['tom@@example.nhs.uk', 'owner-email', 'needs exactly one @'],
    ['tom@example.nhs.uk <tom@example.nhs.uk>', 'owner', "Enter the owner's name without an @"],
  ])('refuses %j, naming the field and saying what to write', (owner, field, words) => {
    const problem = ownerProblem(owner);
    expect(problem?.field).toBe(field);
    expect(problem?.message).toContain(words);
    expect(problem?.message).toContain('such as Jane Smith <jane.smith@example.nhs.uk>');
  });
});
