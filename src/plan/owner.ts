import { checkEmailAddress } from '../shared/email-address.js';
import { CommsplanError } from '../shared/errors.js';
import { nameProblem } from '../shared/single-line-name.js';

/** An activity owner: `Jane Smith <jane.smith@example.nhs.uk>`, a bare address, or a name alone. */
export function parseOwner(owner: string): { name: string; email?: string } {
  const angled = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(owner.trim());
  if (angled) return { name: angled[1] || (angled[2] as string), email: angled[2] };
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(owner.trim())) return { name: owner.trim(), email: owner.trim() };
  return { name: owner.trim() };
}

/** The owner's name without their address, for tables. */
export function ownerName(owner: string | undefined): string {
  return owner ? parseOwner(owner).name : 'Not assigned';
}

const OWNER_EXAMPLE = 'Jane Smith <jane.smith@nhs.net>';

/**
 * An owner someone can be told: a name and a real email address, `Jane Smith <jane.smith@nhs.net>`.
 * Returns it tidied (the address lower-cased), or a CommsplanError for the `owner` field in plain words.
 */
export function requireOwnerWithAddress(text: string): string {
  const given = text.trim();
  const refuse = (message: string): never => {
    throw new CommsplanError('invalid-input', message, { field: 'owner', value: given });
  };
  if (!given) return refuse(`Enter the new owner's name and email address, like ${OWNER_EXAMPLE}.`);
  const problem = nameProblem(given, 200);
  if (problem) return refuse(`The owner ${problem}.`);
  const parts = /^(.*?)\s*<([^<>]*)>$/.exec(given);
  const name = parts?.[1]?.trim();
  if (!parts || !name) return refuse(`Enter the owner's name, then their email address in angle brackets, like ${OWNER_EXAMPLE}.`);
  const address = checkEmailAddress(parts[2] ?? '');
  if (!address.ok) return refuse(`"${parts[2]}" is not an email address: it ${address.reason}. Enter one like ${OWNER_EXAMPLE}.`);
  return `${name} <${address.email}>`;
}

export interface OwnerProblem {
  /** `owner-email` when the address is what is wrong, `owner` for the name or the whole. */
  field: 'owner' | 'owner-email';
  message: string;
}

const EXAMPLE = 'such as Jane Smith <jane.smith@example.nhs.uk>';

function checkEmail(email: string): string | undefined {
  const check = checkEmailAddress(email);
  return check.ok ? undefined : `${check.reason}.`;
}

/**
 * What is wrong with an owner as written, or undefined when it is a name, an email address, or a
 * name with the address in angle brackets. An empty owner means nobody and is for the caller to judge.
 */
export function ownerProblem(owner: string): OwnerProblem | undefined {
  const text = owner.trim();
  if (text === '') return undefined;
  const angled = /^(.*?)\s*<([^<>]*)>$/.exec(text);
  if (angled) {
    const name = (angled[1] as string).trim();
    const email = (angled[2] as string).trim();
    const emailWrong = checkEmail(email);
    if (emailWrong)
      return { field: 'owner-email', message: `Enter the owner's email address in full, ${EXAMPLE}: "${email}" ${emailWrong}` };
    if (name.includes('@')) return { field: 'owner', message: `Enter the owner's name without an @, ${EXAMPLE}.` };
    return undefined;
  }
  // Without a trailing <address>, an @ means an address was meant: a bare one, or one whose > was lost.
  if (!text.includes('@')) return undefined;
  const emailWrong = checkEmail(text);
  return emailWrong
    ? { field: 'owner-email', message: `Enter the owner's email address in full, ${EXAMPLE}: "${text}" ${emailWrong}` }
    : undefined;
}
