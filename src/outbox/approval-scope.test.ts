import { describe, expect, it } from 'vitest';
import { BUILTIN_AUDIENCES, directoryReadOptions } from '../audiences/builtin-audiences.js';
import { DIRECTORY_FIELDS, EVERY_AUDIENCE_SETTINGS } from '../audiences/directory-fields.js';
import { PERSONAL_FIELD_SETTINGS } from '../audiences/personal-fields.js';
import { PERSONAL_FIELDS } from '../messages/message-fields.js';
import type { Occurrence } from '../plan/timeline.js';
import type { Workspace } from '../plan/workspace.js';
import { SETTING_CATALOGUE } from '../settings/setting-catalogue.js';
import { effectiveSettings } from '../settings/settings.js';
import { typedSettings } from '../settings/typed-settings.js';
import { audienceSettingsUsed, partsNewToScope, SEND_DATE, settingsUsed, WAVE_DATES } from './approval-scope.js';

const EVERY = ['allow-outside-domains', 'organisation-domains', 'staff-list-is-complete'];
const QUOTA = 'nhsmail-quota-gb';
const NEARING = 'nearing-quota-percent';
const MOBILE = 'mobile-active-days';

const workspaceWith = (body: string) =>
  ({
    activities: [{ id: 'reminder', templateIds: ['reminder'] }],
    templates: [{ id: 'reminder', subject: 'About your mailbox', body }],
  }) as unknown as Workspace;
const occurrence = (audiences: string[], channels = ['targeted-email']) =>
  ({ activityId: 'reminder', audiences, channels }) as unknown as Occurrence;
const RULES = new Map([
  ['pharmacy-mobile', 'department = "Pharmacy" and mobile'],
  ['small-quota', 'quota < 2 GB and not migrated'],
  ['broken', 'department = '],
]);

describe('the settings an approval covers', () => {
  it.each([
    ['nearing-quota', ['nearing-quota'], 'Hello', [...EVERY, NEARING, QUOTA]],
    ['over-quota', ['over-quota'], 'Hello', [...EVERY, QUOTA]],
    ['mobile-users', ['mobile-users'], 'Hello', [...EVERY, MOBILE]],
    ['a wave', ['wave:Wave 1'], 'Hello', EVERY],
    ['migrated in a wave', ['migrated:Wave 1'], 'Hello', EVERY],
    ['all staff, one message each', ['all-staff'], 'Hello', EVERY],
    ['two audiences, together', ['mobile-users', 'nearing-quota'], 'Hello', [...EVERY, MOBILE, NEARING, QUOTA]],
    ['a custom rule reading mobile', ['pharmacy-mobile'], 'Hello', [...EVERY, MOBILE]],
    ['a custom rule reading quota', ['small-quota'], 'Hello', [...EVERY, QUOTA]],
    ['a custom rule that no longer reads: all of them', ['broken'], 'Hello', [...EVERY, MOBILE, NEARING, QUOTA]],
    ['an audience nobody defined', ['no-such-audience'], 'Hello', EVERY],
    ['a wave, with ((quota))', ['wave:Wave 1'], 'Yours is ((quota)).', [...EVERY, QUOTA]],
    ['a wave, with ((amount to remove))', ['wave:Wave 1'], 'Remove ((amount to remove)).', [...EVERY, NEARING, QUOTA]],
    [
      'all staff, each told their own wave and clean-up deadline inside optional text',
      ['all-staff'],
      '((your wave??You move with ((your wave)), on ((your wave dates)), by the end of ((quota deadline)).))',
      [...EVERY, 'quota-deadline', 'quota-deadline-days-before-wave'],
    ],
    ['over-quota, saying when the NHSmail account alone is over', ['over-quota'], '((nhsmail over quota??Too big.))', [...EVERY, QUOTA]],
    ['a wave, saying when the NHSmail account alone is over', ['wave:Wave 1'], '((nhsmail over quota??Too big.))', [...EVERY, QUOTA]],
    [
      'a wave, with ((first name)) and a setting',
      ['wave:Wave 1'],
      'Dear ((first name)), call ((helpdesk phone)).',
      [...EVERY, 'helpdesk-phone'],
    ],
  ])('%s', (_what, audiences, body, expected) => {
    expect(settingsUsed(workspaceWith(body), occurrence(audiences), RULES)).toEqual([...expected].sort());
  });

  it('counts only the list and the template for an email sent as one message to the all-staff list', () => {
    const toList = occurrence(['all-staff'], ['all-staff-email', 'newsletter']);
    expect(settingsUsed(workspaceWith('Hello, call ((helpdesk phone))'), toList, RULES)).toEqual(['all-staff-address', 'helpdesk-phone']);
  });

  it.each(
    BUILTIN_AUDIENCES.map((audience) => [
      audience.name,
      {
        'mobile-users': [...EVERY, MOBILE],
        'over-quota': [...EVERY, QUOTA],
        'nearing-quota': [...EVERY, NEARING, QUOTA],
      }[audience.name] ?? EVERY,
    ]),
  )('built-in audience %s depends on exactly these settings', (name, expected) => {
    expect(audienceSettingsUsed(name as string, new Map())).toEqual([...(expected as string[])].sort());
  });
});

describe('the dependency tables beside the audience definitions', () => {
  const declared = new Set([
    ...EVERY_AUDIENCE_SETTINGS,
    ...DIRECTORY_FIELDS.flatMap((field) => field.settings ?? []),
    ...Object.values(PERSONAL_FIELD_SETTINGS).flat(),
  ]);

  it('name only settings that exist', () => {
    const keys = new Set(SETTING_CATALOGUE.map((setting) => setting.key));
    expect([...declared].filter((key) => !keys.has(key))).toEqual([]);
  });

  it('give every personal field its settings, and nothing else', () => {
    expect(Object.keys(PERSONAL_FIELD_SETTINGS).sort()).toEqual([...PERSONAL_FIELDS].sort());
  });

  it('declare every setting the directory is read with (a new one read there must be added to a field)', () => {
    const ALTERED: Record<string, [string, string]> = {
      'whole-number': ['37', '38'],
      'yes-no': ['yes', 'no'],
      'domain-list': ['one.example', 'two.example'],
    };
    const read = (values: Record<string, string>) =>
      JSON.stringify(directoryReadOptions(typedSettings(effectiveSettings(values)), new Date('2027-01-14T10:00:00Z'), ['x.example']));
    const readWith = SETTING_CATALOGUE.filter((setting) => {
      const pair = ALTERED[setting.type];
      return pair !== undefined && read({ [setting.key]: pair[0] }) !== read({ [setting.key]: pair[1] });
    }).map((setting) => setting.key);
    expect(readWith.sort()).toEqual(['allow-outside-domains', MOBILE, NEARING, QUOTA, 'organisation-domains', 'staff-list-is-complete']);
    expect(readWith.filter((key) => !declared.has(key))).toEqual([]);
  });
});

describe('an approval given before its scope grew', () => {
  it.each([
    ['a version 2 approval, a setting now in scope', 2, ['setting nearing-quota-percent'], ['setting nearing-quota-percent']],
    ['a version 3 approval, a setting now in scope', 3, ['setting nearing-quota-percent'], []],
    ['a version 2 approval, a setting it had that changed', 2, ['setting helpdesk-phone'], []],
    ['a first sender', 3, ['sender'], ['sender']],
    ['a version 3 approval, the day it goes and the wave dates now in scope', 3, [SEND_DATE, WAVE_DATES], [SEND_DATE, WAVE_DATES]],
    ['a version 4 approval whose day moved', 4, [SEND_DATE], []],
  ])('%s', (_what, version, changed, grown) => {
    const parts = { 'setting helpdesk-phone': 'aaaa', 'template reminder': 'bbbb' };
    expect(partsNewToScope({ version, parts }, changed)).toEqual(grown);
  });
});
