import { isLocalDate } from '../calendar/local-date.js';
import { isLocalTime } from '../calendar/london-time.js';
import { hasControlCharacters } from '../shared/control-characters.js';
import { checkEmailAddress } from '../shared/email-address.js';

export type SettingType = 'text' | 'date' | 'time' | 'url' | 'email' | 'phone' | 'yes-no' | 'date-order' | 'whole-number' | 'domain-list';

/** What each type expects, in words a person can act on. */
export const SETTING_TYPE_EXPECTS: Readonly<Record<SettingType, string>> = {
  text: 'some text',
  date: 'a date written YYYY-MM-DD, such as 2027-03-01',
  time: 'a 24-hour time written HH:MM, such as 09:00',
  url: 'a web address starting with https:// or http://',
  email: 'an email address such as it.helpdesk@example.nhs.uk',
  phone: 'a phone number of 10 to 13 digits, such as 0113 496 0000 or +44 113 496 0000',
  'yes-no': 'yes or no',
  'date-order': 'en-GB (31/01/2027) or en-US (1/31/2027)',
  'whole-number': 'a whole number such as 7',
  'domain-list': 'email domains separated by commas, such as eastbrook.nhs.uk, eastbrook-tr.nhs.uk',
};

function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function isPhoneNumber(text: string): boolean {
  if (!/^\+?[0-9 ()-]+(?: ext\.? ?\d{1,5})?$/i.test(text)) return false;
  const digits = text.replace(/ ext.*$/i, '').replace(/\D/g, '').length;
  return digits >= 10 && digits <= 13;
}

/** `Eastbrook.nhs.uk; @eastbrook-tr.nhs.uk` -> `eastbrook.nhs.uk, eastbrook-tr.nhs.uk`, or undefined if one is not a domain. */
function normaliseDomainList(text: string): string | undefined {
  const domains = text
    .split(/[\s,;]+/)
    .filter((domain) => domain !== '')
    .map((domain) => domain.replace(/^@/, '').toLowerCase());
  if (domains.length === 0 || !domains.every((domain) => checkEmailAddress(`postmaster@${domain}`).ok)) return undefined;
  return [...new Set(domains)].join(', ');
}

/**
 * True when `raw` (spaces around it aside) holds a control character or a line break. Settings fill
 * placeholders within a line, so none may: checked on the text as given, before any parsing (the
 * URL parser, for one, drops line breaks silently).
 */
export function isNotOneLine(raw: string): boolean {
  return hasControlCharacters(raw.trim());
}

/** Cleans `raw` for the type, or returns undefined when it is not a value of that type (nor one line of text). */
export function normaliseSettingValue(type: SettingType, raw: string): string | undefined {
  if (isNotOneLine(raw)) return undefined;
  const value = raw.replace(/[\u00a0\u200b\u2007\u202f]/g, ' ').trim();
  if (value === '') return undefined;
  switch (type) {
    case 'text':
      return value;
    case 'date':
      return isLocalDate(value) ? value : undefined;
    case 'time':
      return isLocalTime(value) ? value : undefined;
    case 'url':
      return isWebAddress(value) ? value : undefined;
    case 'email': {
      const checked = checkEmailAddress(value);
      return checked.ok ? checked.email : undefined;
    }
    case 'phone':
      return isPhoneNumber(value) ? value.replace(/\s+/g, ' ') : undefined;
    case 'date-order': {
      const order = value.toLowerCase();
      return order === 'en-gb' ? 'en-GB' : order === 'en-us' ? 'en-US' : undefined;
    }
    case 'whole-number':
      return /^\d{1,6}$/.test(value) ? String(Number(value)) : undefined;
    case 'domain-list':
      return normaliseDomainList(value);
    case 'yes-no': {
      const answer = value.toLowerCase();
      if (['yes', 'y', 'true'].includes(answer)) return 'yes';
      if (['no', 'n', 'false'].includes(answer)) return 'no';
      return undefined;
    }
  }
}
