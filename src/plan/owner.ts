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
