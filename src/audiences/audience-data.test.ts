import { describe, expect, it } from 'vitest';
import { dataProblems, FIELD_SOURCES, sourcesOfFilter } from './audience-data.js';
import { BUILTIN_AUDIENCES } from './builtin-audiences.js';
import { DIRECTORY_FIELDS } from './directory-fields.js';
import { parseFilter } from './filter-language.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const daysBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000).toISOString();

describe('the imports an audience is worked out from', () => {
  it('are known for every field a filter may use', () => {
    expect(DIRECTORY_FIELDS.map((field) => field.name).filter((name) => !(name in FIELD_SOURCES))).toEqual([]);
  });

  it.each([
    ['mobile and department = "153 Pharmacy"', ['mobile-devices', 'people']],
    ['over_quota', ['mailbox-stats', 'mailboxes']],
    ['helpdesk and not migrated', ['people']],
    ['wave = "Wave 1" or shared_mailbox_user', ['mailboxes', 'people', 'permissions']],
    ['local_size > 2 GB and gets_nhsmail', ['mailbox-stats']],
    ['email contains "@northmoor" and bounced', []],
  ])('of a custom audience "%s" are %j', (filter, sources) => {
    expect(sourcesOfFilter(parseFilter(filter))).toEqual(sources);
  });

  it.each(BUILTIN_AUDIENCES.map((a) => [a.name, a]))('of the built-in %s are among those of its filter', (_name, audience) => {
    const ofFilter = sourcesOfFilter(parseFilter(audience.filter));
    expect(audience.sources.filter((source) => !ofFilter.includes(source))).toEqual([]);
  });
});

describe('why data would spoil an email', () => {
  const mobile = [{ name: 'mobile-users', sources: ['mobile-devices'] }];

  it.each([
    ['nothing, for fresh data and people to send to', { recipients: 12, imported: { 'mobile-devices': daysBefore(3) } }, []],
    ['nothing, for data exactly data-max-age-days old', { recipients: 12, imported: { 'mobile-devices': daysBefore(14) } }, []],
    [
      'an audience nobody is in',
      { recipients: 0, imported: { 'mobile-devices': daysBefore(1) } },
      ['nobody is in its audience (mobile-users) now, so it would go to no one and count as sent'],
    ],
    [
      'an import never made',
      { recipients: 0, imported: {} },
      [
        'nobody is in its audience (mobile-users) now, so it would go to no one and count as sent',
        'mobile-users is worked out from mobile-devices data, which has never been imported (commsplan import mobile-devices FILE)',
      ],
    ],
    [
      'data 58 days old',
      { recipients: 40, imported: { 'mobile-devices': daysBefore(58) } },
      [
        'mobile-users is worked out from mobile-devices data last imported on 27 September 2026, 58 days ago, more than data-max-age-days (14): import it again (commsplan import mobile-devices FILE)',
      ],
    ],
    ['no count, for an email not sent person by person', { recipients: undefined, imported: { 'mobile-devices': daysBefore(1) } }, []],
  ])('names %s', (_what, input, problems) => {
    expect(dataProblems({ audiences: mobile, now: NOW, maxAgeDays: 14, ...input })).toEqual(problems);
  });

  it('counts the age from the newest import of each kind, and names every audience that needs it', () => {
    const problems = dataProblems({
      audiences: [
        { name: 'helpdesk', sources: ['people'] },
        { name: 'over-quota', sources: ['mailboxes', 'mailbox-stats'] },
      ],
      recipients: 5,
      imported: { people: daysBefore(20), mailboxes: daysBefore(2), 'mailbox-stats': daysBefore(2) },
      now: NOW,
      maxAgeDays: 14,
    });
    expect(problems).toEqual([
      'helpdesk is worked out from people data last imported on 4 November 2026, 20 days ago, more than data-max-age-days (14): import it again (commsplan import people FILE)',
    ]);
  });
});
