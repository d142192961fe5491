import { describe, expect, expectTypeOf, it } from 'vitest';
import { SETTING_CATALOGUE } from './setting-catalogue.js';
import { camelCaseKey, typedSettings } from './typed-settings.js';

describe('typed settings', () => {
  it('applies the catalogue defaults when nothing is stored', () => {
    expect(typedSettings({})).toMatchObject({
      dateFormat: 'en-GB',
      nearingQuotaPercent: 90,
      audienceStaleDays: 7,
      nhsmailQuotaGb: 4,
      mobileActiveDays: 90,
      organisationDomains: [],
      allowOutsideDomains: false,
      sendTime: '09:00',
      orgName: undefined,
      quotaDeadline: undefined,
    });
  });

  it.each([
    ['nearing-quota-percent', '85', 'nearingQuotaPercent', 85],
    ['mobile-active-days', '30', 'mobileActiveDays', 30],
    ['nhsmail-quota-gb', '50', 'nhsmailQuotaGb', 50],
    ['allow-outside-domains', 'yes', 'allowOutsideDomains', true],
    ['deleted-items-migrated', 'no', 'deletedItemsMigrated', false],
    ['organisation-domains', 'eastbrook.nhs.uk, eastbrook-tr.nhs.uk', 'organisationDomains', ['eastbrook.nhs.uk', 'eastbrook-tr.nhs.uk']],
    ['date-format', 'en-US', 'dateFormat', 'en-US'],
    ['send-time', '08:30', 'sendTime', '08:30'],
    ['quota-deadline', '2027-02-05', 'quotaDeadline', '2027-02-05'],
    ['org-name', 'Eastbrook Hospitals NHS Trust', 'orgName', 'Eastbrook Hospitals NHS Trust'],
  ])('reads a stored %s of %j as %s = %j', (key, stored, typedKey, expected) => {
    expect(typedSettings({ [key]: stored })).toHaveProperty([typedKey], expected);
  });

  it('gives every setting of the catalogue a camel-cased key, and nothing else', () => {
    expect(Object.keys(typedSettings({})).sort()).toEqual(SETTING_CATALOGUE.map((s) => camelCaseKey(s.key)).sort());
  });

  // The expectTypeOf lines are checked by tsc (test files are in tsconfig.json), not when the test runs;
  // the expect lines check the values themselves.
  it('types each value by its setting type', () => {
    const settings = typedSettings({
      'nearing-quota-percent': '85',
      'allow-outside-domains': 'yes',
      'organisation-domains': 'eastbrook.nhs.uk',
      'date-format': 'en-US',
      'quota-deadline': '2027-02-05',
    });
    expectTypeOf(settings.nearingQuotaPercent).toEqualTypeOf<number>();
    expectTypeOf(settings.allowOutsideDomains).toEqualTypeOf<boolean>();
    expectTypeOf(settings.organisationDomains).toEqualTypeOf<readonly string[]>();
    expectTypeOf(settings.dateFormat).toEqualTypeOf<'en-GB' | 'en-US'>();
    expectTypeOf(settings.quotaDeadline).toEqualTypeOf<string | undefined>();
    expect(settings.nearingQuotaPercent).toBe(85);
    expect(settings.allowOutsideDomains).toBe(true);
    expect(settings.organisationDomains).toEqual(['eastbrook.nhs.uk']);
    expect(settings.dateFormat).toBe('en-US');
    expect(settings.quotaDeadline).toBe('2027-02-05');
  });

  it.each([
    ['whole-number', 'number'],
    ['yes-no', 'boolean'],
    ['text', 'string'],
    ['time', 'string'],
  ])('gives every %s setting with a default a %s value', (type, jsType) => {
    const defaults = typedSettings({}) as Record<string, unknown>;
    const keys = SETTING_CATALOGUE.filter((s) => s.type === type && s.defaultValue !== undefined).map((s) => camelCaseKey(s.key));
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => typeof defaults[key] !== jsType)).toEqual([]);
  });

  it('is frozen, so no reader can change what another reads', () => {
    const settings = typedSettings({ 'organisation-domains': 'eastbrook.nhs.uk' });
    expect(Object.isFrozen(settings)).toBe(true);
    expect(Object.isFrozen(settings.organisationDomains)).toBe(true);
  });

  it('reads a value stored before control characters were refused with them cleaned out', () => {
    expect(typedSettings({ 'org-name': 'Eastbrook\u001b[2J\nTrust' }).orgName).toBe('Eastbrook[2J Trust');
  });

  it('ignores stored keys the catalogue no longer has', () => {
    expect(typedSettings({ 'retired-setting': 'x' })).not.toHaveProperty('retiredSetting');
  });

  it('lists every damaged stored value at once, naming each setting', () => {
    expect(() => typedSettings({ 'nearing-quota-percent': 'ninety', 'send-time': '9am', 'org-name': 'Trust' })).toThrowError(
      expect.objectContaining({
        code: 'invalid-setting',
        message: expect.stringMatching(
          /nearing-quota-percent: "ninety" is not a whole number[\s\S]*send-time: "9am" is not a 24-hour time/,
        ),
      }),
    );
  });
});
