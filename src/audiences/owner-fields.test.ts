import { describe, expect, it } from 'vitest';
import type { NamedPerson } from './owned-by.store.js';
import { distributionListLines, mailboxFields, type OwnerLimits, ownedMailboxLines, personName } from './owner-fields.js';

const GB = 1024 ** 3;
const LIMITS: OwnerLimits = { sharedMailboxQuotaBytes: 4 * GB, namesShown: 2 };
const person = (
  email: string,
  displayName: string | null,
  firstName: string | null = null,
  lastName: string | null = null,
): NamedPerson => ({
  email,
  displayName,
  firstName,
  lastName,
});

describe('the names an owner’s email gives people', () => {
  it.each([
    [person('a@t', 'Jones, Sam (NORTHMOOR)'), 'Sam Jones'],
    [person('a@t', 'Sam Jones'), 'Sam Jones'],
    [person('a@t', 'Jones, Sam', 'Samuel', 'Jones'), 'Sam Jones'],
    [person('a@t', null, 'Sam', 'Jones'), 'Sam Jones'],
    // A name that lost letters is never shown: the display name that kept them is, else nothing.
    [person('a@t', 'Zo? Bront?', 'Zo?', 'Bront?'), undefined],
    [person('a@t', 'Brown, Zoe', 'Zo?', 'Brown'), 'Zoe Brown'],
    [person('a@t', 'Bront?, Zo?', 'Zoe', 'Bronte'), 'Zoe Bronte'],
    [person('a@t', 'Ann\nSmith'), 'Ann Smith'],
    [person('a@t', null), undefined],
  ])('calls %o %s', (named, expected) => {
    expect(personName(named)).toBe(expected);
  });
});

describe('the shared mailboxes someone owns', () => {
  const access = (email: string, name: string | null, kind: string) => ({ person: person(email, name), kind });

  it('gives each mailbox its size and who has which access, naming up to the setting and counting the rest', () => {
    const lines = ownedMailboxLines(
      [
        {
          mailbox: 'pharmacy@t.nhs.uk',
          displayName: 'Pharmacy Queries',
          sizeBytes: 2 * GB,
          access: [
            access('ann@t.nhs.uk', 'Ann Smith', 'full-access'),
            access('bob@t.nhs.uk', 'Bob Jones', 'full-access'),
            access('cat@t.nhs.uk', 'Cat Lee', 'full-access'),
            access('dev@t.nhs.uk', null, 'full-access'),
            access('ann@t.nhs.uk', 'Ann Smith', 'send-as'),
            access('bob@t.nhs.uk', 'Bob Jones', 'send-on-behalf'),
            access('cat@t.nhs.uk', 'Cat Lee', 'calendar:reviewer'),
            access('dev@t.nhs.uk', null, 'inbox:editor'),
          ],
        },
        { mailbox: 'rota@t.nhs.uk', displayName: 'Ward ?ota', sizeBytes: 5 * GB, access: [] },
        {
          mailbox: 'estates@t.nhs.uk',
          displayName: '<b>Estates</b> *team*',
          sizeBytes: null,
          access: [access('eve@t.nhs.uk', 'Eve <Admin>', 'send-as')],
        },
      ],
      LIMITS,
    );
    expect(lines.split('\n')).toEqual([
      'Pharmacy Queries (pharmacy@t.nhs.uk), 2 GB. Full access: Ann Smith, Bob Jones and 2 others. Send as: Ann Smith. Send on behalf: Bob Jones. Read: Cat Lee. Other folder rights: dev@t.nhs.uk.',
      'rota@t.nhs.uk, 5 GB, more than the 4 GB a shared mailbox may hold on NHSmail. We have no record of anyone else who can open it.',
      '<b>Estates</b> *team* (estates@t.nhs.uk), size not known. Send as: Eve <Admin>.',
    ]);
  });

  it('names nobody when the setting says none, and says "1 other" for one', () => {
    const box = {
      mailbox: 'm@t',
      displayName: 'M',
      sizeBytes: GB,
      access: [access('a@t', 'A A', 'full-access'), access('b@t', 'B B', 'full-access'), access('c@t', 'C C', 'full-access')],
    };
    expect(ownedMailboxLines([box], { ...LIMITS, namesShown: 0 })).toBe('M (m@t), 1 GB. Full access: 3 others.');
    expect(ownedMailboxLines([box], LIMITS)).toBe('M (m@t), 1 GB. Full access: A A, B B and 1 other.');
    expect(ownedMailboxLines([box], { ...LIMITS, namesShown: 3 })).toBe('M (m@t), 1 GB. Full access: A A, B B and C C.');
  });

  it('measures a mailbox against the shared mailbox limit setting, not a figure of its own', () => {
    const box = { mailbox: 'm@t', displayName: 'M', sizeBytes: 5 * GB, access: [] };
    expect(ownedMailboxLines([box], { ...LIMITS, sharedMailboxQuotaBytes: 10 * GB })).toBe(
      'M (m@t), 5 GB. We have no record of anyone else who can open it.',
    );
    const fields = mailboxFields({ used: [], owned: [box], lists: [], names: new Map() }, LIMITS);
    expect(fields['owned mailboxes over limit']).toBe('M');
  });
});

describe('the distribution lists someone owns', () => {
  it('counts each list’s members, and says when they are not known', () => {
    expect(
      distributionListLines([
        { email: 'ward7@t.nhs.uk', displayName: 'Ward 7 Nurses', memberCount: 23 },
        { email: 'one@t.nhs.uk', displayName: 'One', memberCount: 1 },
        { email: 'theatres@t.nhs.uk', displayName: null, memberCount: null },
        { email: 'caf@t.nhs.uk', displayName: 'Caf? staff', memberCount: 4 },
      ]).split('\n'),
    ).toEqual([
      'Ward 7 Nurses (ward7@t.nhs.uk): 23 members',
      'One (one@t.nhs.uk): 1 member',
      'theatres@t.nhs.uk: we have no record of its members',
      'caf@t.nhs.uk: 4 members',
    ]);
  });

  it('is empty for someone with no list on record, so the template leaves the list out', () => {
    expect(mailboxFields({ used: [], owned: [], lists: [], names: new Map() }, LIMITS)).toMatchObject({
      'distribution lists': '',
      'owned shared mailboxes': '',
      'shared mailboxes': undefined,
    });
  });
});
