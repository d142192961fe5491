/** Characters a local part may hold: ASCII, no quotes, commas, brackets or spaces. */
const LOCAL_PART = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+$/;
const HOSTNAME_LABEL = /^(xn|[a-z0-9]+)(-?-[a-z0-9]+)*$/i;
const TOP_LEVEL_DOMAIN = /^([a-z]{2,63}|xn--([a-z0-9]+-)*[a-z0-9]+)$/i;
// An alternation, not a class: a class holding the zero-width joiner reads as one joined character.
const INVISIBLE = /\u180e|\u200b|\u200c|\u200d|\u2060|\ufeff/g;
const PLAIN_DOMAIN = /^[a-z0-9.-]+$/;
const ODD_SPACES = /[\u00a0\u2007\u202f\t]/g;

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

/** Trims, drops invisible characters and lower-cases the address, which is how we key people. */
export function cleanEmailAddress(raw: string): string {
  return raw.replace(INVISIBLE, '').replace(ODD_SPACES, ' ').trim().toLowerCase();
}

/**
 * Checks an address the way the UK's national messaging service does: an ASCII local part,
 * no "..", at most 320 characters, domain labels of 1 to 63 letters, digits or hyphens, and a
 * real top-level domain. Internationalised domains are accepted in their punycode form.
 */
export function checkEmailAddress(raw: string): EmailCheck {
  const email = cleanEmailAddress(raw);
  if (email === '') return { ok: false, reason: 'is empty' };
  if (email.length > 320) return { ok: false, reason: 'is longer than 320 characters' };
  if (email.includes('..')) return { ok: false, reason: 'contains ".."' };
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return { ok: false, reason: 'needs exactly one @ with something before it' };
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (!LOCAL_PART.test(local))
    return { ok: false, reason: 'has a character not allowed before the @ (quotes, commas, brackets, spaces or non-ASCII letters)' };
  if (domain.startsWith('.') || /\s/.test(domain)) return { ok: false, reason: 'has a malformed domain' };
  const ascii = domainToAscii(domain);
  if (ascii === '' || ascii.length > 253) return { ok: false, reason: 'has a malformed domain' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { ok: false, reason: 'has no top-level domain (such as .uk)' };
  if (labels.some((label) => label === '' || label.length > 63 || !HOSTNAME_LABEL.test(label))) {
    return { ok: false, reason: 'has a domain part that is empty, too long or contains characters other than letters, digits and hyphens' };
  }
  if (!TOP_LEVEL_DOMAIN.test(labels[labels.length - 1] as string)) return { ok: false, reason: 'does not end in a real top-level domain' };
  return { ok: true, email };
}

/** The punycode form of a domain (as the WHATWG URL parser writes it), or '' when it is not one. */
function domainToAscii(domain: string): string {
  // Plain ASCII and lower-cased already, with no punycode to validate: the URL parser would return it as it is.
  if (PLAIN_DOMAIN.test(domain) && !domain.includes('xn--')) return domain;
  if (/[/?#%:@\\[\]]/.test(domain)) return '';
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return '';
  }
}
