import { describe, expect, it } from 'vitest';
import { hasControlCharacters } from '../shared/control-characters.js';
import { parseSettingValue, settingStates } from './settings.js';

describe('organisation settings', () => {
  it.each([
    ['org-name', '  Northmoor Trust ', 'Northmoor Trust'],
    ['quota-deadline', '2027-02-05', '2027-02-05'],
    ['send-time', '08:30', '08:30'],
    ['local-guidance-url', 'https://intranet.example.nhs.uk/nhsmail', 'https://intranet.example.nhs.uk/nhsmail'],
    ['helpdesk-email', 'it.help@example.nhs.uk\u00a0', 'it.help@example.nhs.uk'],
    ['helpdesk-phone', '0113  496 0000', '0113 496 0000'],
    ['helpdesk-phone', '+44 (0)113 496 0000 ext 123', '+44 (0)113 496 0000 ext 123'],
    ['deleted-items-migrated', 'No', 'no'],
    ['Org-Name', 'Trust', 'Trust'],
    ['date-format', 'en-us', 'en-US'],
    ['nearing-quota-percent', '85', '85'],
    ['organisation-domains', 'Eastbrook.nhs.uk; @eastbrook-tr.nhs.uk,eastbrook.nhs.uk', 'eastbrook.nhs.uk, eastbrook-tr.nhs.uk'],
  ])('accepts %s = %j', (key, raw, stored) => {
    expect(parseSettingValue(key, raw).value).toBe(stored);
  });

  it.each([
    ['quota-deadline', '05/02/2027', 'YYYY-MM-DD'],
    ['quota-deadline', '2027-02-30', 'YYYY-MM-DD'],
    ['send-time', '9am', 'HH:MM'],
    ['local-guidance-url', 'intranet/nhsmail', 'https://'],
    ['local-guidance-url', 'javascript:alert(1)', 'https://'],
    ['helpdesk-email', 'it..help@example.nhs.uk', 'email address'],
    ['helpdesk-email', 'it help@example', 'email address'],
    ['helpdesk-phone', '12345', 'phone number'],
    ['deleted-items-migrated', 'maybe', 'yes or no'],
    ['org-name', '   ', 'some text'],
    ['date-format', 'dd/mm/yyyy', 'en-GB (31/01/2027)'],
    ['audience-stale-days', 'a week', 'whole number'],
    ['organisation-domains', 'eastbrook.nhs.uk, the trust', 'email domains separated by commas'],
  ])('rejects %s = %j, saying what it expects', (key, raw, expects) => {
    expect(() => parseSettingValue(key, raw)).toThrowError(
      expect.objectContaining({ code: 'invalid-setting', message: expect.stringContaining(expects) }),
    );
  });

  it.each([
    ['org-name', 'Evil\u001b]0;owned\u0007\u001b[2J Trust'],
    ['org-name', 'Trust\nBcc: x'],
    ['org-name', 'Trust\r\nBcc: x'],
    ['org-name', 'Trust\u2028Bcc: x'],
    ['org-name', 'Trust\u0085x'],
    ['org-name', 'Tab\there'],
    ['org-name', 'Csi\u009b2J'],
    ['org-name', 'Del\u007f'],
    ['local-guidance-url', 'https://x.example/\nfoo'],
    ['local-guidance-url', 'https://x.example/\tfoo'],
    ['helpdesk-email', 'it.help@example.nhs.uk\r\nBcc: x@y.example'],
    ['helpdesk-phone', '0113 496\u001b 0000'],
    ['deleted-items-migrated', 'y\u0000es'],
    ['org-name', 'RTL\u202eevil'],
    ['org-name', 'Trust\u2066x\u2069'],
  ])('refuses %s = %j, naming the setting: a setting is one line without control characters', (key, raw) => {
    expect(() => parseSettingValue(key, raw)).toThrowError(
      expect.objectContaining({
        code: 'invalid-setting',
        message: expect.stringMatching(new RegExp(`^The value given for ${key} .*holds a line break or a control character`)),
      }),
    );
    let message = '';
    try {
      parseSettingValue(key, raw);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(hasControlCharacters(message), message).toBe(false);
  });

  it('keeps a value whose only line break is at its end, as a pasted line has, without it', () => {
    expect(parseSettingValue('org-name', 'Northmoor Trust\n').value).toBe('Northmoor Trust');
  });

  it('rejects an unknown setting and lists the known ones', () => {
    expect(() => parseSettingValue('colour', 'blue')).toThrowError(
      expect.objectContaining({ code: 'unknown-setting', message: expect.stringContaining('org-name') }),
    );
  });

  it('counts a setting with a default as filled', () => {
    const states = settingStates({});
    expect(states.find((s) => s.key === 'send-time')).toMatchObject({ filled: true, value: '09:00' });
    expect(states.find((s) => s.key === 'org-name')).toMatchObject({ filled: false });
  });
});
